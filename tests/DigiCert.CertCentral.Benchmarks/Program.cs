using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
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
        // Console modes (no BenchmarkDotNet): see README.md.
        public static int Main(string[] args)
        {
            // Child processes and console modes must not load BenchmarkDotNet, so they come first.
            if (args.Length == 3 && args[0] == "coldstart") return ChildProcess.RunAsync(args[0], args[1], new Uri(args[2]), 0).GetAwaiter().GetResult();
            if (args.Length == 4 && args[0] == "peak") return ChildProcess.RunAsync(args[0], args[1], new Uri(args[2]), int.Parse(args[3], CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
            if (args.Length >= 1 && args[0] == "pairs") return ChildRuns.PairsAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10).GetAwaiter().GetResult();
            if (args.Length == 1 && args[0] == "bomb") return Bomb.RunAsync().GetAwaiter().GetResult();
            if (args.Length >= 3 && args[0] == "profile") return Profile.RunAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), allocations: args.Length == 3).GetAwaiter().GetResult();
            RunBenchmarks(args);
            return 0;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void RunBenchmarks(string[] args)
        {
            WireColumn.Clear();
            // The suite's job, unless the command line names one (--job short for a quick check):
            // BenchmarkDotNet would run both.
            IConfig config = DefaultConfig.Instance;
            if (!args.Any(a => a is "--job" or "-j")) config = config.AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1));
            config = config
                .AddDiagnoser(MemoryDiagnoser.Default)
                .AddColumn(new RatioToReferenceColumn(allocated: false), new RatioToReferenceColumn(allocated: true))
                .AddColumn(new PerCertificateColumn(allocated: false), new PerCertificateColumn(allocated: true), new WireColumn())
                .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
                .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        }
    }

    /// <summary>
    /// Time or allocation of a row against the reference of the same case: &lt;client&gt;_X against
    /// Reference_X of the same class, job and parameters; a variant row (&lt;client&gt;_X_Paced, ...)
    /// against Reference_X when there is no Reference_X_Paced.
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
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var name = benchmarkCase.Descriptor.WorkloadMethod.Name;
            var separator = name.IndexOf('_');
            if (separator < 0) return "-";
            // Reference_<case>, or, for a variant row, Reference_ of its case without the variant.
            BenchmarkCase? reference = null;
            for (var rest = name.Substring(separator + 1); reference is null && rest.Length > 0; rest = rest.Contains('_') ? rest.Substring(0, rest.LastIndexOf('_')) : "")
            {
                reference = summary.BenchmarksCases.FirstOrDefault(b =>
                    b.Descriptor.WorkloadMethod.Name == "Reference_" + rest
                    && b.Descriptor.Type == benchmarkCase.Descriptor.Type
                    && b.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo
                    && b.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo);
            }

            if (reference is null) return "-";
            var mine = summary[benchmarkCase];
            var theirs = summary[reference];
            if (mine?.ResultStatistics is null || theirs?.ResultStatistics is null) return "?";
            double ratio;
            if (_allocated)
            {
                var bytes = mine.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
                var referenceBytes = theirs.GcStats.GetBytesAllocatedPerOperation(reference);
                if (bytes is null || referenceBytes is null or 0) return "?";
                ratio = (double)bytes.Value / referenceBytes.Value;
            }
            else
            {
                ratio = mine.ResultStatistics.Mean / theirs.ResultStatistics.Mean;
            }

            return ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";
        }
    }

    /// <summary>Mean time and allocation per certificate, where a row has a Certificates parameter: equal down a column means linear.</summary>
    public sealed class PerCertificateColumn : IColumn
    {
        private readonly bool _allocated;

        public PerCertificateColumn(bool allocated) => _allocated = allocated;

        public string Id => ColumnName;
        public string ColumnName => _allocated ? "Alloc/cert" : "Time/cert";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => _allocated ? 3 : 2;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => _allocated ? "Allocated bytes per certificate in the list" : "Mean time per certificate in the list (microseconds)";
        public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(b => Count(b) > 0);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var count = Count(benchmarkCase);
            var report = summary[benchmarkCase];
            if (count <= 0 || report?.ResultStatistics is null) return "-";
            if (!_allocated) return (report.ResultStatistics.Mean / 1000 / count).ToString("N2", CultureInfo.InvariantCulture) + " μs";
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
            return bytes is null ? "?" : ((double)bytes.Value / count).ToString("N0", CultureInfo.InvariantCulture) + " B";
        }

        private static int Count(BenchmarkCase benchmarkCase) =>
            benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Certificates")?.Value is int count ? count : 0;
    }

    /// <summary>
    /// The response body bytes the payload server sent per call, as counted by the server in the
    /// benchmark's process (<see cref="CompressionBenchmarks"/> writes them to a file at cleanup,
    /// which this column reads in the host process).
    /// </summary>
    public sealed class WireColumn : IColumn
    {
        private static readonly string Directory = Path.Combine(Path.GetTempPath(), "certcentral-benchmarks-wire");

        public string Id => ColumnName;
        public string ColumnName => "Wire";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 4;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Size;
        public string Legend => "Response body bytes on the wire per call (as the server sent them), and the content coding";
        public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(b => b.Descriptor.Type == typeof(CompressionBenchmarks));
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            string Parameter(string name) => benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == name)?.Value?.ToString() ?? "";
            var file = FileOf(benchmarkCase.Descriptor.WorkloadMethod.Name, Parameter(nameof(CompressionBenchmarks.Encoding)), Parameter(nameof(CompressionBenchmarks.Link)));
            return File.Exists(file) ? File.ReadAllText(file) : "-";
        }

        public static void Clear()
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }

        public static void Write(string row, string encoding, string link, long bytesPerCall, string encodings)
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(FileOf(row, encoding, link), bytesPerCall.ToString("N0", CultureInfo.InvariantCulture) + " B " + encodings);
        }

        private static string FileOf(string row, string encoding, string link) =>
            Path.Combine(Directory, $"{row}.{encoding}.{Regex.Replace(link, "[^A-Za-z0-9]", "")}.txt");
    }
}
