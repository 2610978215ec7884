using System.Xml.Linq;
using InsightGig.ProviderSandbox.Tests.Infrastructure;

namespace InsightGig.ProviderSandbox.Tests.Microsoft365;

/// <summary>The Graph v1.0 CSDL extract in the shared specs: properties of types (with their base types), enum members, action parameters.</summary>
internal sealed class GraphCsdl
{
    public const string FileName = "microsoft-graph-v1.0-calendar.csdl.xml";
    private static readonly XNamespace Edm = "http://docs.oasis-open.org/odata/ns/edm";
    private readonly Dictionary<string, XElement> _types;
    private readonly XElement _schema;

    private GraphCsdl(XDocument document)
    {
        _schema = document.Descendants(Edm + "Schema").Single();
        _types = _schema.Elements().Where(e => e.Name == Edm + "EntityType" || e.Name == Edm + "ComplexType")
            .ToDictionary(e => (string)e.Attribute("Name")!, StringComparer.Ordinal);
    }

    /// <summary>The extract, or a visible skip when the shared specs are absent.</summary>
    public static GraphCsdl Load()
    {
        string path = Path.Combine(SpecFiles.RequireDirectory(), FileName);
        if (!File.Exists(path))
        {
            Assert.Skip($"{FileName} not found in the shared specs ({path}).");
        }

        return new GraphCsdl(XDocument.Load(path));
    }

    /// <summary>The structural and navigation properties of a type and its base types ("event" → event, outlookItem, entity).</summary>
    public IReadOnlySet<string> Properties(string type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (XElement? current = _types[type]; current is not null;)
        {
            names.UnionWith(current.Elements(Edm + "Property").Concat(current.Elements(Edm + "NavigationProperty")).Select(p => (string)p.Attribute("Name")!));
            string? baseType = (string?)current.Attribute("BaseType");
            current = baseType is null ? null : _types.GetValueOrDefault(baseType.Replace("graph.", string.Empty, StringComparison.Ordinal));
        }

        return names;
    }

    /// <summary>The type name (without "graph.") of a property, e.g. event.start → dateTimeTimeZone; Collection(...) unwrapped.</summary>
    public string PropertyType(string type, string property)
    {
        for (XElement? current = _types[type]; current is not null;)
        {
            if (current.Elements(Edm + "Property").FirstOrDefault(p => (string)p.Attribute("Name")! == property) is { } found)
            {
                string raw = (string)found.Attribute("Type")!;
                return raw.Replace("Collection(", string.Empty, StringComparison.Ordinal).TrimEnd(')').Replace("graph.", string.Empty, StringComparison.Ordinal);
            }

            string? baseType = (string?)current.Attribute("BaseType");
            current = baseType is null ? null : _types.GetValueOrDefault(baseType.Replace("graph.", string.Empty, StringComparison.Ordinal));
        }

        throw new InvalidOperationException($"{type} has no property {property}");
    }

    public bool IsStructured(string type) => _types.ContainsKey(type);

    public IReadOnlySet<string> EnumMembers(string enumType) =>
        _schema.Elements(Edm + "EnumType").Single(e => (string)e.Attribute("Name")! == enumType)
            .Elements(Edm + "Member").Select(m => (string)m.Attribute("Name")!).ToHashSet(StringComparer.Ordinal);

    public bool IsEnum(string type) => _schema.Elements(Edm + "EnumType").Any(e => (string)e.Attribute("Name")! == type);

    /// <summary>The parameters (besides the binding one) of an action bound to <paramref name="bindingType"/>.</summary>
    public IReadOnlySet<string> ActionParameters(string action, string bindingType) =>
        _schema.Elements(Edm + "Action")
            .Single(a => (string)a.Attribute("Name")! == action
                && a.Elements(Edm + "Parameter").Any(p => (string)p.Attribute("Name")! == "bindingParameter" && (string)p.Attribute("Type")! == "graph." + bindingType))
            .Elements(Edm + "Parameter").Select(p => (string)p.Attribute("Name")!).Where(n => n != "bindingParameter").ToHashSet(StringComparer.Ordinal);
}
