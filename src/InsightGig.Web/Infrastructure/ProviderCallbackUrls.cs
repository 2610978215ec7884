namespace InsightGig.Web.Infrastructure;

/// <summary>
/// This app's OAuth callback URL per provider. Taken from <c>App:PublicBaseUrl</c> when set (behind a proxy the
/// request's host is not what the provider has registered), else from the request.
/// </summary>
public sealed class ProviderCallbackUrls(IConfiguration configuration)
{
    public Uri For(string provider, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configured = configuration["App:PublicBaseUrl"];
        var baseUrl = string.IsNullOrWhiteSpace(configured) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : configured.TrimEnd('/');
        return new Uri($"{baseUrl}/integrations/{Uri.EscapeDataString(provider)}/callback");
    }
}
