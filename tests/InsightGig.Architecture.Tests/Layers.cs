using System.Reflection;
using InsightGig.Domain.Meetings;

namespace InsightGig.Architecture.Tests;

/// <summary>The real assemblies of the four layers.</summary>
internal static class Layers
{
    public static readonly Assembly Domain = typeof(Meeting).Assembly;
    public static readonly Assembly Application = typeof(InsightGig.Application.DependencyInjection).Assembly;
    public static readonly Assembly Infrastructure = typeof(InsightGig.Infrastructure.DependencyInjection).Assembly;
    public static readonly Assembly Web = typeof(Program).Assembly;

    /// <summary>This test assembly: it holds deliberate violations (namespace <c>Violations</c>) that every rule must catch.</summary>
    public static readonly Assembly Violating = typeof(Violations.PublicUnsealedHandler).Assembly;
}
