using InsightGig.ProviderSandbox.OAuth;

namespace InsightGig.ProviderSandbox.Tests;

public sealed class RedirectUriPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000/integrations/zoom/callback", true)]
    [InlineData("http://127.0.0.1:61234/integrations/zoom/callback", true)]
    [InlineData("http://localhost:61234/integrations/zoom/callback", false)]
    [InlineData("http://127.0.0.1:5000/integrations/zoom/callback?x=1", false)]
    [InlineData("https://app.example.com/integrations/zoom/callback", true)]
    [InlineData("https://app.example.com:8443/integrations/zoom/callback", false)]
    [InlineData("https://app.example.com/integrations/zoom/Callback", false)]
    [InlineData("http://app.example.com/integrations/zoom/callback", false)]
    [InlineData("https://app.example.com/integrations/zoom/callback#fragment", false)]
    public void RegisteredUrisMatchExactlyExceptLoopbackPorts(string redirectUri, bool allowed)
    {
        var client = new OAuthClientRegistration("id", "secret", "/integrations/zoom/callback")
        {
            AllowedRedirectUris = { "http://127.0.0.1:5000/integrations/zoom/callback", "https://app.example.com/integrations/zoom/callback" },
        };

        Assert.Equal(allowed, RedirectUriPolicy.IsAllowed(client, redirectUri));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/integrations/zoom/callback", true)]
    [InlineData("https://localhost:7001/app/integrations/zoom/callback", true)]
    [InlineData("http://[::1]:9000/integrations/zoom/callback", true)]
    [InlineData("https://app.example.com/integrations/zoom/callback", false)]
    [InlineData("http://127.0.0.1:5000/integrations/google/callback", false)]
    [InlineData("ftp://127.0.0.1/integrations/zoom/callback", false)]
    [InlineData("not a uri", false)]
    public void WithoutRegisteredUrisLoopbackWithTheCallbackSuffixIsAccepted(string redirectUri, bool allowed)
    {
        var client = new OAuthClientRegistration("id", "secret", "/integrations/zoom/callback");

        Assert.Equal(allowed, RedirectUriPolicy.IsAllowed(client, redirectUri));
    }
}
