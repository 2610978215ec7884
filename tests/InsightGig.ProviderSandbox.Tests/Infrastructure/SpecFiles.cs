using System.Text.Json;
using System.Text.RegularExpressions;

namespace InsightGig.ProviderSandbox.Tests.Infrastructure;

/// <summary>Finds the shared provider specifications: a <c>shared/specs</c> folder beside the repository root.</summary>
public static class SpecFiles
{
    public const string ZoomOpenApi = "zoom-meetings.openapi.yaml";
    public const string CalendarDiscovery = "google-calendar-v3.discovery.json";

    /// <summary>The specs folder, or null when no ancestor of the test binaries has <c>shared/specs</c>.</summary>
    public static string? FindDirectory()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "shared", "specs");
            if (File.Exists(Path.Combine(candidate, ZoomOpenApi)) && File.Exists(Path.Combine(candidate, CalendarDiscovery)))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The specs folder; skips the calling test (visibly) when it is absent.</summary>
    public static string RequireDirectory()
    {
        string? directory = FindDirectory();
        if (directory is null)
        {
            Assert.Skip($"Provider specs not found: no 'shared/specs' folder (with {ZoomOpenApi} and {CalendarDiscovery}) above {AppContext.BaseDirectory}.");
        }

        return directory;
    }

    public static JsonElement LoadDiscovery(string directory)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, CalendarDiscovery)));
        return document.RootElement.Clone();
    }
}

/// <summary>
/// The mapping keys of a YAML document by path (e.g. paths → "/meetings/{meetingId}" → "get"), plus the
/// <c>allOf</c> references of schemas. Enough of YAML for an OpenAPI file; scalars and block text are not kept.
/// </summary>
public sealed partial class YamlOutline
{
    private readonly Dictionary<string, HashSet<string>> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _references = new(StringComparer.Ordinal);

    public YamlOutline(IEnumerable<string> lines)
    {
        var stack = new List<(int Indent, string Key)>();
        int blockIndent = -1;
        foreach (string line in lines)
        {
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            int indent = line.Length - line.TrimStart().Length;
            if (blockIndent >= 0 && indent > blockIndent)
            {
                continue; // inside a block scalar (description: >- ...)
            }

            blockIndent = -1;
            while (stack.Count > 0 && stack[^1].Indent >= indent)
            {
                stack.RemoveAt(stack.Count - 1);
            }

            if (ReferencePattern().Match(line) is { Success: true } reference)
            {
                Add(_references, Path(stack), reference.Groups["name"].Value);
                continue;
            }

            if (KeyPattern().Match(line) is not { Success: true } key)
            {
                continue;
            }

            string name = key.Groups["key"].Value.Trim('"', '\'');
            Add(_children, Path(stack), name);
            stack.Add((indent, name));
            if (key.Groups["value"].Value.Trim() is ">" or ">-" or "|" or "|-" or ">+" or "|+")
            {
                blockIndent = indent;
            }
        }
    }

    public static YamlOutline Load(string file) => new(File.ReadLines(file));

    public IReadOnlySet<string> Children(params string[] path) =>
        _children.TryGetValue(string.Join('\u0001', path), out HashSet<string>? keys) ? keys : new HashSet<string>();

    /// <summary>A component schema's properties, including those of the schemas its allOf refers to.</summary>
    public IReadOnlySet<string> SchemaProperties(string schema)
    {
        var properties = new HashSet<string>(Children("components", "schemas", schema, "properties"), StringComparer.Ordinal);
        if (_references.TryGetValue(string.Join('\u0001', "components", "schemas", schema, "allOf"), out List<string>? parts))
        {
            foreach (string part in parts)
            {
                properties.UnionWith(SchemaProperties(part));
            }
        }

        return properties;
    }

    private static string Path(List<(int Indent, string Key)> stack) => string.Join('\u0001', stack.Select(entry => entry.Key));

    private static void Add<T>(Dictionary<string, T> map, string path, string value)
        where T : ICollection<string>, new()
    {
        if (!map.TryGetValue(path, out T? values))
        {
            map[path] = values = new T();
        }

        values.Add(value);
    }

    [GeneratedRegex("""^\s*(?<key>"[^"]+"|'[^']+'|[A-Za-z0-9_$/{}.-]+):(?<value>\s.*)?$""")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("""^\s*- \$ref:\s*['"]?#/components/schemas/(?<name>\w+)['"]?\s*$""")]
    private static partial Regex ReferencePattern();
}
