using System.Net;
using InsightGig.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// Behind a reverse proxy every request arrives from the proxy's address. The per-address sign-in limit must count the
/// client the trusted proxy names in X-Forwarded-For, and ignore the header from anyone else.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string ProxyAddress = "10.20.30.40";

    private static async Task<HttpStatusCode> SignInFromAsync(HttpClient client)
    {
        using var response = await InsightGigWebFactory.SignInAsync(client, "nobody@example.com", "not-the-password");
        return response.StatusCode;
    }

    private static HttpClient ClientAt(RateLimitedWebFactory factory, string forwardedFor)
    {
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_sign_in_budget()
    {
        await using var factory = new ProxiedWebFactory(trustProxy: true);
        using var first = ClientAt(factory, "203.0.113.7");
        using var second = ClientAt(factory, "198.51.100.9");

        Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(first));
        Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(first));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInFromAsync(first));
        Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(second));
    }

    [Fact]
    public async Task X_forwarded_for_from_an_address_that_is_not_a_known_proxy_is_ignored()
    {
        await using var factory = new ProxiedWebFactory(trustProxy: false);
        using var first = ClientAt(factory, "203.0.113.7");
        using var second = ClientAt(factory, "198.51.100.9");

        Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(first));
        Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(first));
        // The header names another client, but the request came from the same untrusted address: same budget.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInFromAsync(second));
    }

    /// <summary>Every request arrives from <see cref="ProxyAddress"/> (set before the app's pipeline), which is listed in
    /// ForwardedHeaders:KnownProxies only when <c>trustProxy</c>. Two sign-in attempts per address per minute.</summary>
    private sealed class ProxiedWebFactory(bool trustProxy) : RateLimitedWebFactory(signIn: 2, scheduling: 1000, linking: 1000)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (trustProxy)
            {
                builder.UseSetting("ForwardedHeaders:KnownProxies:0", ProxyAddress);
            }

            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ArrivesFromProxy>());
        }
    }

    private sealed class ArrivesFromProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(ProxyAddress);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
