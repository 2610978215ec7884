using System.Net;
using System.Text;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;

namespace InsightGig.ProviderSandbox.Tests;

/// <summary>
/// A form ASP.NET Core refuses to read (a NUL in a value, more values than a form may hold) on every sandbox endpoint that
/// reads a form: 400 <c>invalid_request</c>, as a provider answers a malformed request, never a 500.
/// </summary>
public sealed class UnreadableFormTests
{
    public static TheoryData<string> FormEndpoints =>
    [
        "zoom/oauth/token",
        "zoom/oauth/revoke",
        "zoom/oauth/authorize/sign-in",
        "zoom/oauth/authorize/decision",
        "google/token",
        "google/revoke",
        "google/o/oauth2/v2/auth/choose",
        "google/o/oauth2/v2/auth/decision",
        "google/calendar/move",
    ];

    [Theory]
    [MemberData(nameof(FormEndpoints))]
    public async Task An_unreadable_form_is_a_400_invalid_request(string path)
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string tooManyValues = string.Join('&', Enumerable.Range(0, 1100).Select(i => $"v{i}=x"));

        foreach (string body in new[] { "grant_type=authorization_code&code=a%00b", tooManyValues })
        {
            using var content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded");
            using HttpResponseMessage response = await sandbox.Client.PostAsync(new Uri(path, UriKind.Relative), content, SandboxHarness.Ct);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(SandboxHarness.Ct));
            Assert.Equal("invalid_request", error.RootElement.GetProperty("error").GetString());
        }
    }
}
