using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

// Deliberate violations of every rule, so that each rule is shown to fail when it should. Never used at run time.
#pragma warning disable CA1812 // never instantiated: these types only exist to be inspected
namespace InsightGig.Architecture.Tests.Violations;

public sealed record BadQuery : IQuery<int>;

/// <summary>Breaks "handlers are internal and sealed" twice.</summary>
public class PublicUnsealedHandler : IQueryHandler<BadQuery, int>
{
    public ValueTask<int> Handle(BadQuery query, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}

/// <summary>Breaks "entities have no public setters".</summary>
public sealed class EntityWithPublicSetter : Entity
{
    public string Name { get; set; } = string.Empty;
}

/// <summary>Breaks "pages do not use the database".</summary>
public sealed class PageModelUsingTheDatabase(IApplicationDbContext db) : PageModel
{
    public int Count => db.Projects.Count();
}

/// <summary>Breaks "the infrastructure does not depend on the web layer".</summary>
public static class UsesTheWebLayer
{
    public static Type WebRegistration() => typeof(InsightGig.Web.DependencyInjection);
}

/// <summary>Breaks "no provider names outside the units": a member, a literal (and, below, a type).</summary>
public static class NamesAProvider
{
    public const string GoogleCalendarId = "primary";

    public static string Describe(bool video) => video ? "Zoom meeting" : "calendar";
}

/// <summary>Breaks "no provider names outside the units" by its name.</summary>
public sealed class TeamsAdapter;

/// <summary>Breaks "ports are used by their own layer": nothing in this assembly uses it.</summary>
public interface IPortNobodyHereUses
{
    int Answer();
}

/// <summary>Breaks "the web layer reaches the infrastructure only from its composition root".</summary>
public sealed class PageModelReachingTheInfrastructure : PageModel
{
    public static Type Registration => typeof(InsightGig.Infrastructure.Providers.ProviderAdaptersRegistration);
}
