using System.Text.Json;
using System.Text.Json.Serialization;

namespace InsightGig.ProviderSandbox;

/// <summary>
/// A provider the sandbox emulates, named by the first path segment of its endpoints ("zoom"). Each provider's folder adds
/// its value in a partial declaration of its own (<c>Zoom/ZoomSandboxProvider.cs</c>: <c>SandboxProvider.Zoom</c>), so this
/// file lists none. Faults, token-exchange counters and the request log are keyed by it; in JSON it is the path string.
/// </summary>
[JsonConverter(typeof(SandboxProviderJsonConverter))]
public readonly partial record struct SandboxProvider
{
    /// <summary>The provider whose endpoints are mapped under <c>/{path}</c>.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public SandboxProvider(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The first path segment of the provider's endpoints; null only for <c>default(SandboxProvider)</c>.</summary>
    public string Path { get; }

    /// <summary>The path ("zoom").</summary>
    public override string ToString() => Path ?? string.Empty;
}

/// <summary>Which endpoints of a provider a fault applies to.</summary>
public enum SandboxFaultTarget
{
    /// <summary>Every endpoint of the provider, including the sign-in pages.</summary>
    All,

    /// <summary>The REST API (Zoom <c>/v2/...</c>, Google Calendar and userinfo).</summary>
    Api,

    /// <summary>The OAuth token and revoke endpoints.</summary>
    Token,
}

internal static class SandboxProviderNames
{
    public static string Name(this SandboxProvider provider) => provider.ToString();

    /// <summary>The emulated provider with this path (any case); false for a provider no part emulates.</summary>
    public static bool TryParse(string? value, out SandboxProvider provider)
    {
        ISandboxProvider? part = SandboxParts.All.FirstOrDefault(part => string.Equals(part.Path, value, StringComparison.OrdinalIgnoreCase));
        provider = part?.Provider ?? default;
        return part is not null;
    }

    /// <summary>"zoom or google": the paths a control request may name.</summary>
    public static string Expected => string.Join(" or ", SandboxParts.All.Select(part => part.Path));
}

/// <summary>Reads and writes a provider as its path; an unknown one is a JSON error (the control API answers 400).</summary>
internal sealed class SandboxProviderJsonConverter : JsonConverter<SandboxProvider>
{
    public override SandboxProvider Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && SandboxProviderNames.TryParse(reader.GetString(), out SandboxProvider provider)
            ? provider
            : throw new JsonException($"provider must be {SandboxProviderNames.Expected}.");

    public override void Write(Utf8JsonWriter writer, SandboxProvider value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Path);
    }
}
