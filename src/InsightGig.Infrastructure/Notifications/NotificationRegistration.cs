using InsightGig.Application.Notifications;
using InsightGig.Application.Notifications.Ports;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Infrastructure.Notifications;

/// <summary>The outbox, its sender (SMTP with MailKit) and the settings they read.</summary>
internal static class NotificationRegistration
{
    public const string PasswordKey = "Email:Smtp:Password";

    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        RefusePasswordInAppSettings(configuration);
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section))
            .Validate(o => NotificationOptions.ParseOffsets(o.ReminderOffsetsMinutes).Problem is null,
                "Notifications:ReminderOffsetsMinutes must be a comma-separated list of minutes between 1 and 43200 (for example 1440,15).")
            .Validate(o => o.MaxAttempts is >= 1 and <= 50, "Notifications:MaxAttempts must be between 1 and 50.")
            .Validate(o => o.SendLease >= TimeSpan.FromSeconds(1), "Notifications:SendLease must be at least a second.")
            .Validate(o => o.SendPollInterval >= TimeSpan.FromSeconds(1) && o.SendPollInterval <= TimeSpan.FromMinutes(1),
                "Notifications:SendPollInterval must be between a second and a minute (reminders go at most that late).")
            .Validate(o => o.ReminderPlanningHorizon >= 2 * o.SendPollInterval && o.ReminderPlanningHorizon <= TimeSpan.FromDays(1),
                "Notifications:ReminderPlanningHorizon must be at least two send-poll intervals (reminders are planned before they are due) and at most a day.")
            .ValidateOnStart();
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section))
            .Validate(o => o.Smtp.Port is > 0 and < 65536, "Email:Smtp:Port must be a TCP port.")
            .ValidateOnStart();
        services.AddSingleton<IMailSender, SmtpMailSender>();
        services.AddSingleton<IAppLinks, AppLinks>();
        services.AddSingleton<HangfireNotificationDispatcher>();
        services.AddSingleton<BackgroundNotificationDispatcher>();
        services.AddSingleton<DueNotificationLoop>();
        if (configuration.GetSection(JobOptions.Section).GetValue(nameof(JobOptions.RunServer), defaultValue: true))
        {
            // Where the job server runs, its send loop sends the outbox: a save makes no job (docs/performance.md).
            services.AddHostedService(sp => sp.GetRequiredService<DueNotificationLoop>());
            services.AddSingleton<INotificationDispatcher>(sp => sp.GetRequiredService<DueNotificationLoop>());
        }
        else
        {
            // An instance without a job server hands its notifications to the servers' jobs, off the request's path; the
            // servers' send loops send anything that never got a job.
            services.AddSingleton<INotificationDispatcher>(sp => sp.GetRequiredService<BackgroundNotificationDispatcher>());
        }

        services.AddSingleton<OutboxSaveChangesInterceptor>();
        return services;
    }

    /// <summary>
    /// The SMTP password belongs in the environment or user-secrets: one found in an appsettings file (which is committed)
    /// stops the start with one line saying where to put it instead.
    /// </summary>
    private static void RefusePasswordInAppSettings(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return;
        }

        foreach (var json in root.Providers.OfType<JsonConfigurationProvider>())
        {
            var file = json.Source.Path ?? string.Empty;
            if (Path.GetFileName(file).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
                && json.TryGet(PasswordKey, out var password) && !string.IsNullOrEmpty(password))
            {
                throw new StartupConfigurationException(
                    $"{PasswordKey} is set in {Path.GetFileName(file)}, which is committed with the code: remove it there and set Email__Smtp__Password in the environment or with dotnet user-secrets.");
            }
        }
    }
}
