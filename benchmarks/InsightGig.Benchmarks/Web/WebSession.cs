using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Text.RegularExpressions;

namespace InsightGig.Benchmarks.Web;

/// <summary>
/// A browser-like client of the app on loopback (the self-signed certificate is accepted): keeps cookies, does not
/// follow redirects, signs in through the login form and reads antiforgery tokens from pages.
/// </summary>
internal sealed partial class WebSession : IDisposable
{
    private readonly CookieContainer _cookies = new();

    public WebSession(Uri baseAddress, TimeSpan timeout)
    {
        BaseAddress = baseAddress;
        Client = new HttpClient(CreateHandler(_cookies), disposeHandler: true) { BaseAddress = baseAddress, Timeout = timeout };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>The Cookie header a browser would send now (auth and antiforgery cookies), for wrk or cookie-less clients.</summary>
    public string CookieHeader => _cookies.GetCookieHeader(BaseAddress);

    /// <summary>A handler for loopback HTTPS with the benchmark's self-signed certificate.</summary>
    public static SocketsHttpHandler CreateHandler(CookieContainer? cookies) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        MaxConnectionsPerServer = int.MaxValue,
        // Only the benchmark's own self-signed loopback certificate (LoopbackCertificate) is accepted besides valid ones.
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => errors == SslPolicyErrors.None || LoopbackCertificate.IsOurs(certificate) },
    };

    public async Task SignInAsync(string email, string password, CancellationToken ct)
    {
        var token = await FormTokenAsync("/Account/Login", ct);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        using var response = await Client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form, ct);
        if (response.StatusCode != HttpStatusCode.Redirect || !CookieHeader.Contains("InsightGig.Auth", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}, without the auth cookie.");
        }
    }

    /// <summary>GETs <paramref name="path"/> and answers the antiforgery token of its forms (its cookie stays in the session).</summary>
    public async Task<string> FormTokenAsync(string path, CancellationToken ct)
    {
        var html = await GetPageAsync(path, ct);
        return TokenInput().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"GET {path} has no antiforgery token.");
    }

    public async Task<string> GetPageAsync(string path, CancellationToken ct)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return response.StatusCode == HttpStatusCode.OK
            ? body
            : throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
    }

    /// <summary>The "Schedule a meeting" form of a project page, as the dialog posts it.</summary>
    public static FormUrlEncodedContent ScheduleForm(
        string antiforgeryToken, Guid idempotencyKey, string platform, string title, DateTime startLocal, DateTime endLocal, IEnumerable<Guid> participants)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", antiforgeryToken),
            new("Form.IdempotencyKey", idempotencyKey.ToString()),
            new("Form.Platform", platform),
            new("Form.Title", title),
            new("Form.Description", "Agenda: benchmark call."),
            new("Form.Start", startLocal.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)),
            new("Form.End", endLocal.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)),
        };
        fields.AddRange(participants.Select(id => new KeyValuePair<string, string>("Form.Participants", id.ToString())));
        return new FormUrlEncodedContent(fields);
    }

    public static Uri ScheduleUri(Guid projectId) => new($"/Projects/{projectId}?handler=Schedule", UriKind.Relative);

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
