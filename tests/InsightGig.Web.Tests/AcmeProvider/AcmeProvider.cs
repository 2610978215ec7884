using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.Platforms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.AcmeProvider;

/// <summary>
/// A provider unit that exists only in this test folder: "Acme" links accounts through its own consent page, hosts video
/// meetings and holds calendars, in memory (<see cref="AcmeCloud"/>). <see cref="AddAcmeProvider"/> is its one
/// registration line; nothing else in the app knows it. It proves the seam: a new provider is its folder and that line.
/// </summary>
public static class AcmeProvider
{
    public const string Key = "acme";
    public const string PlatformKey = "acme-video";

    public static readonly ProviderDescriptor Descriptor = new(Key, "Acme", "/img/acme.svg")
    {
        ServiceName = "Acme Calendar",
        Notice = new ProviderNotice("Use your work account.", "Acme links the account whose email is your InsightGig email."),
        OffersCalendar = true,
    };

    public static IServiceCollection AddAcmeProvider(this IServiceCollection services)
    {
        services.AddSingleton<AcmeCloud>();
        services.AddScoped<AcmeLinker>();
        services.AddScoped<IOAuthAccountLinker>(sp => sp.GetRequiredService<AcmeLinker>());
        services.AddScoped<IVideoMeetingProvider, AcmeVideo>();
        services.AddScoped<ICalendarProvider, AcmeCalendar>();
        services.AddTransient<IStartupFilter, AcmeConsentPage>();
        services.AddSingleton(Descriptor);
        services.AddSingleton(new MeetingPlatform(PlatformKey, "Acme Video", "/img/acme-video.svg", VideoProvider: Key));
        return services;
    }
}
