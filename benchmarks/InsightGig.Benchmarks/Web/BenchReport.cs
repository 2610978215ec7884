using System.Globalization;

namespace InsightGig.Benchmarks.Web;

/// <summary>The rows of the final table, and whether every check held.</summary>
internal sealed class BenchReport
{
    private readonly List<IReadOnlyList<string>> _rows = [];
    private readonly List<string> _problems = [];

    public bool Ok => _problems.Count == 0;

    public IReadOnlyList<string> Problems => _problems;

    public void Add(string benchmark, string measure, string value, string goal = "") => _rows.Add([benchmark, measure, value, goal]);

    public void Problem(string problem) => _problems.Add(problem);

    public void Write(TextWriter output, string title)
    {
        output.WriteLine();
        output.WriteLine(title);
        MarkdownTable.Write(output, ["benchmark", "measure", "value", "goal / note"], _rows);
        foreach (var problem in _problems)
        {
            output.WriteLine("PROBLEM: " + problem);
        }
    }

    /// <summary>nproc, CPU model and memory: the machine line every figure needs (with the load, which the caller adds).</summary>
    public static string Machine()
    {
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
            ? (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture) + " GiB"
            : "?";
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        return $"{Environment.ProcessorCount} CPUs ({cpu}), {memory} memory, .NET {Environment.Version}";
    }
}
