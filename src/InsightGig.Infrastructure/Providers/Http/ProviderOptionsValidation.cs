using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Providers.Http;

internal static class ProviderOptionsValidation
{
    /// <summary>
    /// Binds a provider's section and checks it (data annotations, its <see cref="ProviderHttpOptions"/>) when the app starts;
    /// registers the section, so the composition root sees whether the unit has credentials.
    /// </summary>
    public static OptionsBuilder<TOptions> BindProviderOptions<TOptions>(
        this OptionsBuilder<TOptions> builder, IConfiguration configuration, ProviderSettingsSection section, Func<TOptions, ProviderHttpOptions> http)
        where TOptions : class
    {
        builder.Services.AddSingleton(section);
        string sectionName = section.Name;
        return builder
            .Bind(configuration.GetSection(sectionName))
            .ValidateDataAnnotations()
            .Validate(options => IsValid(http(options)), $"{sectionName}:Http is invalid (AttemptTimeout < TotalTimeout ≤ 5 min, TokenExchangeTimeout ≤ 2 min, MaxRetryAttempts 1–10, MaxRetryAfter < TotalTimeout).")
            .ValidateOnStart();
    }

    private static bool IsValid(ProviderHttpOptions http) =>
        http is not null && Validator.TryValidateObject(http, new ValidationContext(http), validationResults: null, validateAllProperties: true);
}
