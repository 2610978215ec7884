using InsightGig.Application.Notifications.Ports;
using Microsoft.Extensions.Configuration;

namespace InsightGig.Infrastructure.Notifications;

/// <summary>Links in emails: under <c>App:PublicBaseUrl</c>, or the app's own first address when that is not set (development).</summary>
internal sealed class AppLinks(IConfiguration configuration) : IAppLinks
{
    private readonly Uri _base = BaseOf(configuration);

    public Uri Meeting(Guid meetingId) => new(_base, $"meetings/{meetingId}");

    public Uri ConnectedApps() => new(_base, "Account/ConnectedApps");

    public Uri Profile() => new(_base, "Account/Profile");

    private static Uri BaseOf(IConfiguration configuration)
    {
        var configured = configuration["App:PublicBaseUrl"];
        var first = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var text = !string.IsNullOrWhiteSpace(configured) ? configured : first ?? "http://127.0.0.1:5080";
        // A wildcard host (http://+:8080, http://*:80) is no address to click: loopback stands in for it.
        text = text.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal);
        return Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) ? uri : new Uri("http://127.0.0.1:5080/");
    }
}
