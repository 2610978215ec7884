using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InsightGig.ProviderSandbox.Tests.Infrastructure;

/// <summary>One POST endpoint on a loopback port, for what the sandbox sends out (push notifications, webhooks).</summary>
public sealed class LoopbackEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackEndpoint(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The endpoint's absolute URL.</summary>
    public string Address { get; }

    /// <summary>Starts a server answering POSTs to <paramref name="path"/> with <paramref name="handle"/>.</summary>
    public static async Task<LoopbackEndpoint> StartAsync(string path, Func<HttpContext, Task<IResult>> handle)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.MapPost(path, handle);
        await app.StartAsync(SandboxHarness.Ct);
        string root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackEndpoint(app, root + path);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
