using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InsightGig.ProviderSandbox.Tests.Infrastructure;

/// <summary>A sandbox server on loopback with a movable clock and an HTTP client that does not follow redirects.</summary>
public sealed class SandboxHarness : IAsyncDisposable
{
    public static readonly SandboxAccount Ada = new("ada.lovelace@example.com", "Ada Lovelace");
    public static readonly SandboxAccount Grace = new("grace.hopper@example.com", "Grace Hopper");

    private SandboxHarness(ProviderSandboxServer server, FakeTimeProvider time, HttpClient client)
    {
        Server = server;
        Time = time;
        Client = client;
    }

    public ProviderSandboxServer Server { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public ProviderSandboxState State => Server.State;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<SandboxHarness> StartAsync(Action<ProviderSandboxOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        ProviderSandboxServer server = await ProviderSandboxServer.StartAsync(
            options =>
            {
                options.KnownAccounts.Add(Ada);
                options.KnownAccounts.Add(Grace);
                configure?.Invoke(options);
            },
            services => services.AddSingleton<TimeProvider>(time),
            Ct);
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        return new SandboxHarness(server, time, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    public async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, string? accessToken, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        if (body is not null)
        {
            string json = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await Client.SendAsync(request, Ct);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync(Ct);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
