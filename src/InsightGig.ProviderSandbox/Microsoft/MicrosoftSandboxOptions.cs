namespace InsightGig.ProviderSandbox;

/// <summary>Microsoft's settings of the sandbox (this part of the options lives in Microsoft's folder).</summary>
public sealed partial class ProviderSandboxOptions
{
    /// <summary>
    /// The Microsoft Entra app registration. Redirect URIs ending in <c>/integrations/microsoft/callback</c> on a loopback host
    /// are accepted by default.
    /// </summary>
    public OAuthClientRegistration Microsoft { get; } =
        new("6731de76-14a6-49ae-97bc-6eba6914391e", "sandbox-microsoft-secret", "/integrations/microsoft/callback");

    /// <summary>
    /// Emails of personal Microsoft accounts (besides every address at outlook.*, hotmail.*, live.* and msn.com): their calendar's
    /// <c>allowedOnlineMeetingProviders</c> lacks <c>teamsForBusiness</c>, and their <c>/me</c> has no <c>mail</c>.
    /// </summary>
    public ISet<string> MicrosoftPersonalAccounts { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The longest subscription to Outlook events Graph grants; longer requests are capped to it. Default 10,080 minutes.</summary>
    public TimeSpan MicrosoftSubscriptionMaxLifetime { get; set; } = TimeSpan.FromMinutes(10_080);

    /// <summary>How long a Microsoft refresh token may go unused before it is refused (AADSTS70008). Default 90 days.</summary>
    public TimeSpan MicrosoftRefreshTokenIdleLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How many events a <c>calendarView/delta</c> page holds without <c>Prefer: odata.maxpagesize</c>. Default 10.</summary>
    public int MicrosoftDeltaPageSize { get; set; } = 10;
}
