using InsightGig.Infrastructure.Security;
using Microsoft.Extensions.Configuration;

namespace InsightGig.Infrastructure.Notifications;

/// <summary>The start-up check that an instance outside Development can send the emails it promises.</summary>
public static class MailServerStartupCheck
{
    /// <summary>Set to false to run without a mail server outside Development (emails then wait and show as failed).</summary>
    public const string EnabledKey = "Email:Enabled";

    /// <summary>
    /// Notifications are a feature (reminders, "reconnect", "could not be updated"): outside Development an instance without a
    /// mail server would queue them all and send none, and nobody would notice until people missed their calls. So it does not
    /// start, with one line saying what to set, unless <see cref="EnabledKey"/> is false (a deliberate choice, for example a
    /// staging copy that must not mail real people). Development catches every mail for <c>/dev/mail</c> instead.
    /// </summary>
    public static void RefuseWithoutMailServer(IConfiguration configuration, bool isDevelopment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (isDevelopment || !string.IsNullOrWhiteSpace(configuration["Email:Smtp:Host"]))
        {
            return;
        }

        var enabled = configuration[EnabledKey];
        var sends = true;
        if (enabled is not null && !bool.TryParse(enabled, out sends))
        {
            throw new StartupConfigurationException($"{EnabledKey} is '{enabled}'; use true or false.");
        }

        if (sends)
        {
            throw new StartupConfigurationException(
                "Email:Smtp:Host is not set, so no reminder or alert email would ever be sent: set Email__Smtp__Host (and Email__Smtp__Port, " +
                $"Email__Smtp__UserName, Email__Smtp__Password), or set {EnabledKey}=false to run without sending emails.");
        }
    }
}
