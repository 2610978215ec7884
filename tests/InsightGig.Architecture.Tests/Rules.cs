using System.Reflection;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetArchTest.Rules;

namespace InsightGig.Architecture.Tests;

/// <summary>
/// Each rule is a function of the assembly it judges, so the same rule runs on its real layer (and must pass) and on an
/// assembly known to break it (and must fail): a rule pointed at the wrong thing, or one that can never fail, is caught.
/// </summary>
internal static class Rules
{
    public static readonly string[] DomainMustNotUse =
        ["InsightGig.Application", "InsightGig.Infrastructure", "InsightGig.Web", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Mediator", "FluentValidation"];

    public static readonly string[] ApplicationMustNotUse =
    [
        "InsightGig.Infrastructure", "InsightGig.Web", "Microsoft.AspNetCore", "Npgsql", "Microsoft.Data.Sqlite", "Microsoft.Data.SqlClient",
        "Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.EntityFrameworkCore.SqlServer", "Google", "Hangfire",
    ];

    public static readonly string[] InfrastructureMustNotUse = ["InsightGig.Web"];

    /// <summary>Pages send queries and commands; they never touch the database themselves.</summary>
    public static readonly string[] PagesMustNotUse =
    [
        "Microsoft.EntityFrameworkCore",
        "InsightGig.Application.Common.Interfaces.IApplicationDbContext",
        "InsightGig.Infrastructure.Persistence.ApplicationDbContext",
        "InsightGig.Infrastructure.Persistence.SqliteApplicationDbContext",
        "InsightGig.Infrastructure.Persistence.PostgreSqlApplicationDbContext",
        "InsightGig.Infrastructure.Persistence.SqlServerApplicationDbContext",
    ];

    public static RuleOutcome DependsOnNone(Assembly assembly, string[] forbidden)
    {
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        return new RuleOutcome(result.IsSuccessful, (result.FailingTypeNames ?? []).ToList(), Types.InAssembly(assembly).GetTypes().Count());
    }

    /// <summary>The assembly's own references: a layer cannot even link an outer one or a driver.</summary>
    public static RuleOutcome ReferencesNone(Assembly assembly, string[] forbidden)
    {
        var bad = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => forbidden.Any(f => name == f || name.StartsWith(f + ".", StringComparison.Ordinal)))
            .ToList();
        return new RuleOutcome(bad.Count == 0, bad, assembly.GetReferencedAssemblies().Length);
    }

    /// <summary>The assembly references only the base class library (<c>System.*</c>, <c>netstandard</c>): no package, no other layer.</summary>
    public static RuleOutcome ReferencesOnlyTheBaseClassLibrary(Assembly assembly)
    {
        var references = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var bad = references
            .Where(name => name != "netstandard" && name != "System" && !name.StartsWith("System.", StringComparison.Ordinal))
            .ToList();
        return new RuleOutcome(bad.Count == 0, bad, references.Count);
    }

    /// <summary>Mediator handlers are an implementation detail of their layer: internal and sealed.</summary>
    public static RuleOutcome HandlersAreInternalAndSealed(Assembly assembly)
    {
        var handlers = assembly.GetTypes().Where(IsMediatorHandler).ToList();
        var bad = handlers.Where(t => t.IsVisible || !t.IsSealed).Select(t => t.FullName!).ToList();
        return new RuleOutcome(bad.Count == 0, bad, handlers.Count);
    }

    /// <summary>Entities change only through their methods: no public property has a public setter (init included).</summary>
    public static RuleOutcome EntitiesHaveNoPublicSetters(Assembly assembly)
    {
        var entities = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsPublic: true } && !IsRecord(t) && !typeof(Delegate).IsAssignableFrom(t) && !IsTestClass(t))
            .ToList();
        var bad = entities
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(p => p.SetMethod is { IsPublic: true })
                .Select(p => $"{t.FullName}.{p.Name}"))
            .ToList();
        return new RuleOutcome(bad.Count == 0, bad, entities.Count);
    }

    public static RuleOutcome PagesDoNotUseTheDatabase(Assembly assembly)
    {
        var pages = Types.InAssembly(assembly).That().Inherit(typeof(PageModel)).Or().Inherit(typeof(Page));
        var count = pages.GetTypes().Count();
        var result = pages.ShouldNot().HaveDependencyOnAny(PagesMustNotUse).GetResult();
        return new RuleOutcome(result.IsSuccessful, (result.FailingTypeNames ?? []).ToList(), count);
    }

    /// <summary>
    /// The web layer reaches Infrastructure only from its composition root: <c>Program</c>, <c>InsightGig.Web.DependencyInjection</c>,
    /// the sandbox mount (<c>InsightGig.Web.Sandbox</c>) and the web adapters of Application ports (<c>InsightGig.Web.Infrastructure</c>).
    /// </summary>
    /// <param name="stillAllowed">Types known to break it today, named so that no new one can join them unnoticed.</param>
    public static RuleOutcome WebReachesInfrastructureOnlyFromItsCompositionRoot(Assembly assembly, IReadOnlyCollection<string> stillAllowed)
    {
        var outside = Types.InAssembly(assembly).That()
            .DoNotHaveName("Program").And().DoNotHaveNameStartingWith("<")
            .And().ResideInNamespaceStartingWith("InsightGig")
            .And().DoNotResideInNamespace("InsightGig.Web.Sandbox").And().DoNotResideInNamespace("InsightGig.Web.Infrastructure")
            .GetTypes()
            .Where(t => t.FullName != "InsightGig.Web.DependencyInjection")
            .ToList();
        var bad = outside
            .Where(t => Types.InAssembly(assembly).That().HaveName(t.Name).And().ResideInNamespace(t.Namespace).And().HaveDependencyOn("InsightGig.Infrastructure").GetTypes().Any())
            .Select(t => t.FullName!)
            .Where(name => !stillAllowed.Any(allowed => name == allowed || name.StartsWith(allowed + "+", StringComparison.Ordinal)))
            .ToList();
        return new RuleOutcome(bad.Count == 0, bad, outside.Count);
    }

    /// <summary>Razor page models (namespace <c>InsightGig.Web.Pages</c>) and the compiled views and partials.</summary>
    public static bool IsPageOrView(Type type) =>
        type.Namespace is { } ns && (ns.StartsWith("InsightGig.Web.Pages", StringComparison.Ordinal) || ns == "AspNetCoreGeneratedDocument");

    /// <summary>
    /// A public interface of a layer is a port that layer itself uses (a handler depends on it); one only outer layers use
    /// belongs with them.
    /// </summary>
    public static RuleOutcome PortsAreUsedByTheirLayer(Assembly assembly)
    {
        var ports = assembly.GetTypes().Where(t => t is { IsInterface: true, IsPublic: true } && !IsMediatorMessage(t)).ToList();
        var bad = ports
            .Where(port => !Types.InAssembly(assembly).That().HaveDependencyOn(port.FullName).GetTypes()
                .Any(user => user != port && !port.IsAssignableFrom(user)))
            .Select(p => p.FullName!)
            .ToList();
        return new RuleOutcome(bad.Count == 0, bad, ports.Count);
    }

    private static bool IsMediatorMessage(Type type) => type.GetInterfaces().Any(i => i.Namespace == "Mediator");

    private static bool IsMediatorHandler(Type type) =>
        type is { IsClass: true, IsAbstract: false } && type.GetInterfaces().Any(i =>
            i.IsGenericType && i.Namespace == "Mediator" && i.Name.StartsWith('I') && i.Name.Contains("Handler`", StringComparison.Ordinal));

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    private static bool IsTestClass(Type type) => type.Namespace == typeof(Rules).Namespace;
}

/// <param name="Passed">Whether the rule holds.</param>
/// <param name="Offenders">What breaks it.</param>
/// <param name="Checked">How many things the rule looked at; zero would mean the rule checked nothing.</param>
internal sealed record RuleOutcome(bool Passed, IReadOnlyList<string> Offenders, int Checked)
{
    public override string ToString() => Passed ? $"passed ({Checked} checked)" : "broken by: " + string.Join(", ", Offenders);
}
