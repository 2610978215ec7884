using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InsightGig.Infrastructure.Health;

/// <summary>Ready when the Data Protection key ring can protect and read back (tokens, cookies and forms depend on it).</summary>
internal sealed class KeyRingHealthCheck(IDataProtectionProvider protection) : IHealthCheck
{
    private static readonly byte[] Probe = [0x49, 0x47];

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var protector = protection.CreateProtector("InsightGig.Health.KeyRing");
            var readBack = protector.Unprotect(protector.Protect(Probe));
            return Task.FromResult(readBack.AsSpan().SequenceEqual(Probe)
                ? HealthCheckResult.Healthy("The key ring protects and reads back.")
                : HealthCheckResult.Unhealthy("The key ring read back something else."));
        }
        catch (CryptographicException exception)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The key ring cannot be used ({exception.GetType().Name}): check DataProtection:Certificate."));
        }
    }
}
