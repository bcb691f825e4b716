// The pacer tests mostly wait (on timers, Redis and child processes), not on the CPU: run more test
// classes at once than a 2-core machine has cores. The fleet tests still run alone (FleetCollection).
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
