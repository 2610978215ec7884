using System.Net;
using InsightGig.Infrastructure.Security;
using Microsoft.AspNetCore.HttpOverrides;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address, so the per-address sign-in limit would be one
/// budget for everybody. X-Forwarded-For / X-Forwarded-Proto are believed only from the proxies and networks listed in
/// <c>ForwardedHeaders:KnownProxies</c> / <c>ForwardedHeaders:KnownNetworks</c> (plus the framework's loopback default);
/// from any other address they are ignored, so a client cannot pick its own address by sending the header.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddInsightGigForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Parse<IPAddress>(configuration, "KnownProxies", "address (e.g. 10.0.0.2)", IPAddress.TryParse);
        var networks = Parse<System.Net.IPNetwork>(configuration, "KnownNetworks", "network (e.g. 172.16.0.0/12)", System.Net.IPNetwork.TryParse);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    private delegate bool TryParse<T>(string value, out T? parsed);

    /// <summary>The list under <c>ForwardedHeaders:{key}</c>; an entry that does not parse refuses the start.</summary>
    private static List<T> Parse<T>(IConfiguration configuration, string key, string expected, TryParse<T> tryParse)
    {
        var parsed = new List<T>();
        foreach (var entry in configuration.GetSection($"{Section}:{key}").GetChildren())
        {
            var value = entry.Value?.Trim() ?? string.Empty;
            if (!tryParse(value, out var item) || item is null)
            {
                throw new StartupConfigurationException($"{Section}:{key}:{entry.Key} is '{value}', which is not an IP {expected}.");
            }

            parsed.Add(item);
        }

        return parsed;
    }
}
