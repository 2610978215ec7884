using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// Secrets come only from configuration (environment, user-secrets), never from the repository: no tracked configuration
/// file holds anything that looks like a real secret, and the README names every secret the app reads.
/// </summary>
public sealed partial class SecretsTests
{
    /// <summary>The secrets the app reads, as environment variables; the README must list each.</summary>
    public static TheoryData<string> Secrets =>
    [
        "Providers__Zoom__ClientSecret",
        "Providers__Zoom__WebhookSecretToken",
        "Providers__Google__ClientSecret",
        "ConnectionStrings__PostgreSql",
        "ConnectionStrings__SqlServer",
        "MSSQL_SA_PASSWORD",
    ];

    private static readonly string Root = FindRoot();

    /// <summary>The folder of InsightGig.sln above the test binaries.</summary>
    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "InsightGig.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("InsightGig.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// The configuration files in the repository: those git tracks (plus new ones not ignored), or, without git, every such
    /// file outside build output.
    /// </summary>
    private static IReadOnlyList<string> ConfigurationFiles()
    {
        IEnumerable<string> files;
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "ls-files --cached --others --exclude-standard")
            {
                WorkingDirectory = Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            if (git.ExitCode != 0)
            {
                throw new InvalidOperationException("git ls-files failed");
            }

            files = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => Path.Combine(Root, f));
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            var skip = new[] { "bin", "obj", ".git", "TestResults", "App_Data", "node_modules" };
            files = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(Root, f).Split(Path.DirectorySeparatorChar).Any(part => skip.Contains(part, StringComparer.Ordinal)));
        }

        return [.. files.Where(IsConfiguration).Order(StringComparer.Ordinal)];
    }

    private static bool IsConfiguration(string path)
    {
        var name = Path.GetFileName(path);
        return (name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            || name.Equals("launchSettings.json", StringComparison.OrdinalIgnoreCase)
            || name.Equals("secrets.json", StringComparison.OrdinalIgnoreCase)
            || (name.Contains("compose", StringComparison.OrdinalIgnoreCase) && (name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)))
            || name.Equals("Dockerfile", StringComparison.Ordinal)
            || name.StartsWith(".env", StringComparison.Ordinal);
    }

    /// <summary>Every (key, value) of a configuration file: JSON leaves by path, other files by "key: value" / "key=value" lines.</summary>
    private static List<(string Key, string Value)> Settings(string path, string text)
    {
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            using var json = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return Leaves(json.RootElement, string.Empty).ToList();
        }

        return [.. text.Split('\n')
            .Select(line => SettingLine().Match(line))
            .Where(match => match.Success)
            .Select(match => (match.Groups["key"].Value, match.Groups["value"].Value.Trim().Trim('"', '\'')))];
    }

    private static IEnumerable<(string, string)> Leaves(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Leaves(p.Value, path.Length == 0 ? p.Name : path + ":" + p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((e, i) => Leaves(e, $"{path}:{i}")),
        _ => [(path, element.ToString())],
    };

    /// <summary>The findings in one file's text: what would be a secret checked into the repository.</summary>
    internal static IReadOnlyList<string> Findings(string path, string text)
    {
        var findings = new List<string>();
        foreach (var (key, value) in Settings(path, text))
        {
            if (SecretName().IsMatch(key) && !IsPlaceholder(value))
            {
                findings.Add($"{key} has a value: {Mask(value)}");
            }

            foreach (Match password in PasswordInConnectionString().Matches(value))
            {
                if (!IsPlaceholder(password.Groups["value"].Value))
                {
                    findings.Add($"{key} holds a connection string with a password: {Mask(password.Groups["value"].Value)}");
                }
            }
        }

        foreach (Match token in KnownSecretShape().Matches(text))
        {
            findings.Add($"something shaped like a real credential: {Mask(token.Value)}");
        }

        return findings;
    }

    /// <summary>Empty, or a reference to the environment (<c>${NAME}</c>, <c>${NAME:-}</c>, <c>${NAME:?message}</c>, <c>$${NAME}</c>), or an obvious <c>&lt;placeholder&gt;</c>.</summary>
    private static bool IsPlaceholder(string value) => value.Length == 0 || Placeholder().IsMatch(value.Trim());

    private static string Mask(string value) => value.Length <= 4 ? "****" : value[..2] + new string('*', Math.Min(value.Length - 2, 12));

    [GeneratedRegex(@"(secret|password|passwd|pwd|api[_-]?key|access[_-]?key|private[_-]?key|credential|token)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?:^|;)\s*(?:password|pwd)\s*=\s*(?<value>[^;""]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInConnectionString();

    [GeneratedRegex(@"^(\$?\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}]*)?\}|<[^<>]+>)$")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\s*-?\s*(?<key>[A-Za-z_][A-Za-z0-9_.:-]*)\s*[:=]\s*(?<value>.*)$")]
    private static partial Regex SettingLine();

    // AWS access keys, Google API keys and OAuth client secrets, GitHub and Slack tokens, Stripe live keys, private keys, JWTs.
    [GeneratedRegex(@"AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_\-]{35}|GOCSPX-[0-9A-Za-z_\-]{20,}|gh[pousr]_[0-9A-Za-z]{30,}|xox[abposr]-[0-9A-Za-z-]{10,}|sk_live_[0-9A-Za-z]{20,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|eyJ[0-9A-Za-z_\-]{10,}\.eyJ[0-9A-Za-z_\-]{10,}\.[0-9A-Za-z_\-]{10,}")]
    private static partial Regex KnownSecretShape();

    [Fact]
    public void No_configuration_file_in_the_repository_holds_a_secret()
    {
        var files = ConfigurationFiles();

        Assert.Contains(files, f => f.EndsWith(Path.Combine("InsightGig.Web", "appsettings.json"), StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("docker-compose.yml", StringComparison.Ordinal));
        var findings = files.SelectMany(f => Findings(f, File.ReadAllText(f)).Select(finding => $"{Path.GetRelativePath(Root, f)}: {finding}")).ToList();
        Assert.True(findings.Count == 0, "Secrets belong in the environment or user-secrets:\n" + string.Join('\n', findings));
    }

    [Theory]
    [InlineData("appsettings.json", """{ "Providers": { "Zoom": { "ClientSecret": "hunter2-real-secret" } } }""")]
    [InlineData("appsettings.Production.json", """{ "ConnectionStrings": { "SqlServer": "Server=db;User Id=sa;Password=S3cret!pass;" } }""")]
    [InlineData("docker-compose.yml", "    environment:\n      Providers__Google__ClientSecret: GOCSPX-abcdefghijklmnopqrstuvwx\n")]
    [InlineData("docker-compose.yml", "      MSSQL_SA_PASSWORD: \"Str0ng!Passw0rd\"\n")]
    [InlineData(".env", "ZOOM_WEBHOOK_SECRET_TOKEN=abc123def456\n")]
    public void The_scan_finds_a_secret_where_there_is_one(string file, string text) => Assert.NotEmpty(Findings(file, text));

    [Theory]
    [InlineData("appsettings.json", """{ "Providers": { "Zoom": { "ClientId": "", "ClientSecret": "" } }, "ConnectionStrings": { "Sqlite": "Data Source=App_Data/insightgig.db" } }""")]
    [InlineData("docker-compose.yml", "      MSSQL_SA_PASSWORD: ${MSSQL_SA_PASSWORD:?set MSSQL_SA_PASSWORD}\n      Providers__Zoom__ClientSecret: ${ZOOM_CLIENT_SECRET:-}\n")]
    [InlineData("docker-compose.yml", "      ConnectionStrings__SqlServer: \"Server=sqlserver;User Id=sa;Password=${MSSQL_SA_PASSWORD};TrustServerCertificate=true\"\n")]
    public void Placeholders_and_environment_references_are_not_secrets(string file, string text) => Assert.Empty(Findings(file, text));

    [Theory]
    [MemberData(nameof(Secrets))]
    public void The_readme_lists_each_secret(string secret)
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));

        Assert.True(
            readme.Contains(secret, StringComparison.Ordinal) || readme.Contains(secret.Replace("__", ":", StringComparison.Ordinal), StringComparison.Ordinal),
            $"README.md does not name {secret}.");
    }
}
