using InsightGig.Application.Common.Interfaces;
using InsightGig.Infrastructure;
using InsightGig.Infrastructure.Identity;
using InsightGig.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;

namespace InsightGig.Web;

public static class DependencyInjection
{
    public const string AdminPolicy = "Admin";

    public static IServiceCollection AddWebServices(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<SignInRefresh>();
        services.AddSingleton<ProviderCallbackUrls>();
        services.AddSingleton<SecurityHeaders>();
        services.AddInsightGigRateLimits(configuration);
        services.AddInsightGigForwardedHeaders(configuration);
        if (environment.IsDevelopment())
        {
            services.AddDevelopmentMailCatcher(configuration);
        }

        services.AddRazorPages(options =>
        {
            options.Conventions.AllowAnonymousToFolder("/Errors");
            options.Conventions.AllowAnonymousToPage("/Account/Login");
            options.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
            options.Conventions.ConfigureFilter(new UnknownHandlerFilter());
        }).AddMvcOptions(options =>
        {
            options.Filters.Add<RateLimitedHandlerFilter>();
            options.ModelBinderProviders.Insert(0, new ReadableBindingModelBinderProvider());
            // A value is quoted back only when short: a megabyte of it is no help next to the field.
            options.ModelBindingMessageProvider.SetAttemptedValueIsInvalidAccessor((value, field) =>
                value.Length <= 40 ? $"The value '{value}' is not valid for {field}." : $"The value entered is not valid for {field}.");
            options.ModelBindingMessageProvider.SetValueIsInvalidAccessor(value =>
                value.Length <= 40 ? $"The value '{value}' is not valid." : "A value entered is not valid.");
        });

        services.AddAuthorizationBuilder()
            // Everything needs a signed-in user unless it says otherwise: a new page cannot be public by accident.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "InsightGig.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Development serves plain HTTP on loopback; everywhere else the cookie never travels without TLS.
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            // A signed-in user who may not open a page gets a plain 403 (rendered by the status page), not a redirect.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "InsightGig.Antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });

        return services;
    }
}
