using FluentValidation;
using InsightGig.Application.Common.Behaviours;
using InsightGig.Application.Integrations.Linking;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Application.Notifications.Kinds;
using InsightGig.Application.Notifications.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        // Singletons: the validators depend on nothing, and building their rule trees on every request showed up in profiles.
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddMediator(options =>
        {
            // Scoped: handlers use the request's DbContext.
            options.ServiceLifetime = ServiceLifetime.Scoped;
            // Order matters and is explicit: logging wraps validation wraps the handler.
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>)];
        });
        services.AddScoped<AccountLinkCompleter>();
        services.AddScoped<MeetingContextResolver>();
        services.AddSingleton<ProviderCatalog>();
        services.AddScoped<MeetingConverger>();
        services.AddScoped<MeetingChangeRunner>();
        services.AddScoped<AnswerWriter>();
        services.AddScoped<ProviderUndoRunner>();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<CalendarSyncStateWakes>();
        // The kinds of email; a new kind is one class and one line here.
        services.AddScoped<INotificationKind, MeetingReminder>();
        services.AddScoped<INotificationKind, ReconnectAlert>();
        services.AddScoped<INotificationKind, MeetingNotUpdated>();
        services.AddScoped<INotificationKind, ParticipantAnswered>();
        services.AddScoped<INotificationKind, ProposalDecided>();
        return services;
    }
}
