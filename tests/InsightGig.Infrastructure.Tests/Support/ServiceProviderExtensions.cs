using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Infrastructure.Tests.Support;

public static class ServiceProviderExtensions
{
    public static T Get<T>(this IServiceProvider services)
        where T : notnull => services.GetRequiredService<T>();
}
