using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;

namespace DigiCert.CertCentral.Tests.TestSupport
{
    /// <summary>Records the client's activities (spans) while alive.</summary>
    internal sealed class ActivityCollector : IDisposable
    {
        private readonly ActivityListener _listener;

        public ActivityCollector(string? onlyWithTag = null, string? tagValue = null)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == CertCentralClient.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (onlyWithTag is null || activity.GetTagItem(onlyWithTag)?.ToString() == tagValue) Activities.Enqueue(activity);
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public ConcurrentQueue<Activity> Activities { get; } = new ConcurrentQueue<Activity>();

        public string AllText => string.Join("\n", Activities.Select(a =>
            $"{a.DisplayName} {a.StatusDescription} {string.Join(",", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))} " +
            string.Join(",", a.Events.Select(e => e.Name + string.Join(",", e.Tags.Select(t => $"{t.Key}={t.Value}"))))));

        public void Dispose() => _listener.Dispose();
    }
}
