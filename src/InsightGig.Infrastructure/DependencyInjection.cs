using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Meetings.GetMeetingIcs;
using InsightGig.Infrastructure.Health;
using InsightGig.Infrastructure.Identity;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Providers;
using InsightGig.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Database, Identity stores and the shared Data Protection key ring.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        var provider = services.AddDatabase(configuration, contentRootPath);
        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<ApplicationDbContext>());
        services.AddSingleton(TimeProvider.System);

        services.AddIdentity<ApplicationUser, IdentityRole<Guid>>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                // No lockout on failed passwords: it would let anyone lock an owner out and tell a guesser which
                // accounts exist. Sign-in is throttled per address and per account instead (see ARCHITECTURE.md).
                options.Lockout.AllowedForNewUsers = false;
            })
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddClaimsPrincipalFactory<PersonClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        // Keys live in the database so every app instance can read cookies and tokens the others protected; they are
        // encrypted there with a certificate that lives outside the database, so a copy of it decrypts nothing.
        services.AddDataProtection()
            .SetApplicationName("InsightGig")
            .PersistKeysToDbContext<ApplicationDbContext>()
            .ProtectKeysWithConfiguredCertificates(configuration);

        // The provider units (each registers its adapters, descriptor and the dialog's platforms it offers).
        services.AddProviderAdapters(configuration);

        services.AddJobs(configuration, provider, contentRootPath);
        services.AddSingleton<RecurringJobsSetup>();
        services.AddInfrastructureHealthChecks();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoDataSeeder>();
        services.AddSingleton<IMeetingCalendarFile, IcalMeetingCalendarFile>();
        return services;
    }
}
