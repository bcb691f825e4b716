using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace DigiCert.CertCentral.Benchmarks
{
    public static class Program
    {
        // dotnet run -c Release --project tests/DigiCert.CertCentral.Benchmarks -- --filter '*'
        public static int Main(string[] args)
        {
            // A cold-start child process: it must not load BenchmarkDotNet, so nothing else runs.
            if (args.Length == 3 && args[0] == "coldstart") return ColdStart.RunAsync(args[1], new System.Uri(args[2])).GetAwaiter().GetResult();
            RunBenchmarks(args);
            return 0;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void RunBenchmarks(string[] args)
        {
            var config = DefaultConfig.Instance
                .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1))
                .AddDiagnoser(MemoryDiagnoser.Default)
                .AddColumn(new RatioToReferenceColumn(allocated: false), new RatioToReferenceColumn(allocated: true))
                .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
                .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        }
    }

    /// <summary>
    /// Time or allocation of a benchmark against the reference of the same case: Client_X against
    /// Reference_X ("Client_X_Paced" and "Client_X_RedisPaced" too).
    /// </summary>
    public sealed class RatioToReferenceColumn : IColumn
    {
        private readonly bool _allocated;

        public RatioToReferenceColumn(bool allocated) => _allocated = allocated;

        public string Id => ColumnName;
        public string ColumnName => _allocated ? "Alloc/ref" : "Time/ref";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => _allocated ? 1 : 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => $"{(_allocated ? "Allocated bytes" : "Mean time")} per call divided by the reference's for the same case";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var name = benchmarkCase.Descriptor.WorkloadMethod.Name;
            if (!name.StartsWith("Client_")) return "-";
            var referenceName = "Reference_" + name.Substring("Client_".Length).Replace("_RedisPaced", "").Replace("_Paced", "");
            var reference = summary.BenchmarksCases.FirstOrDefault(b => b.Descriptor.WorkloadMethod.Name == referenceName && b.Descriptor.Type == benchmarkCase.Descriptor.Type);
            if (reference is null) return "?";
            var mine = summary[benchmarkCase];
            var theirs = summary[reference];
            if (mine?.ResultStatistics is null || theirs?.ResultStatistics is null) return "?";
            var ratio = _allocated
                ? (double)mine.GcStats.GetBytesAllocatedPerOperation(benchmarkCase)!.Value / theirs.GcStats.GetBytesAllocatedPerOperation(reference)!.Value
                : mine.ResultStatistics.Mean / theirs.ResultStatistics.Mean;
            return ratio.ToString("0.00") + "x";
        }
    }
}
