namespace InsightGig.Architecture.Tests;

public sealed class LayerTests
{
    [Fact]
    public void The_domain_depends_on_no_other_layer_and_no_framework()
    {
        var outcome = Rules.DependsOnNone(Layers.Domain, Rules.DomainMustNotUse);

        Assert.True(outcome.Passed, outcome.ToString());
        Assert.True(outcome.Checked > 10, "The rule looked at too few types to mean anything.");
    }

    [Fact]
    public void The_domain_references_only_the_base_class_library()
    {
        var outcome = Rules.ReferencesOnlyTheBaseClassLibrary(Layers.Domain);

        Assert.True(outcome.Passed, outcome.ToString());
        Assert.True(outcome.Checked >= 1, "The domain references nothing at all: the rule looked at the wrong assembly.");
    }

    [Fact]
    public void The_application_depends_on_no_outer_layer_no_web_framework_and_no_driver()
    {
        var types = Rules.DependsOnNone(Layers.Application, Rules.ApplicationMustNotUse);
        var references = Rules.ReferencesNone(Layers.Application, Rules.ApplicationMustNotUse);

        Assert.True(types.Passed, types.ToString());
        Assert.True(references.Passed, references.ToString());
        Assert.True(types.Checked > 10);
    }

    [Fact]
    public void The_infrastructure_does_not_depend_on_the_web_layer()
    {
        var types = Rules.DependsOnNone(Layers.Infrastructure, Rules.InfrastructureMustNotUse);
        var references = Rules.ReferencesNone(Layers.Infrastructure, Rules.InfrastructureMustNotUse);

        Assert.True(types.Passed, types.ToString());
        Assert.True(references.Passed, references.ToString());
        Assert.True(types.Checked > 10);
    }

    [Fact]
    public void Mediator_handlers_are_internal_and_sealed()
    {
        var outcome = Rules.HandlersAreInternalAndSealed(Layers.Application);

        Assert.True(outcome.Passed, outcome.ToString());
        Assert.True(outcome.Checked >= 6, $"Only {outcome.Checked} handlers found; the page queries alone have six.");
    }

    [Fact]
    public void Domain_entities_have_no_public_setters()
    {
        var outcome = Rules.EntitiesHaveNoPublicSetters(Layers.Domain);

        Assert.True(outcome.Passed, outcome.ToString());
        Assert.True(outcome.Checked >= 8, $"Only {outcome.Checked} entity classes inspected.");
    }

    [Fact]
    public void Pages_send_queries_and_never_touch_the_database()
    {
        var outcome = Rules.PagesDoNotUseTheDatabase(Layers.Web);

        Assert.True(outcome.Passed, outcome.ToString());
        Assert.True(outcome.Checked >= 10, $"Only {outcome.Checked} page types inspected.");
    }
}

/// <summary>Provider names live in the provider units; the rest of the app knows providers only as data.</summary>
public sealed class ProviderSeamTests
{
    [Fact]
    public void The_domain_names_no_concrete_provider()
    {
        var outcome = ProviderNameRules.NameNoProvider(Layers.Domain, _ => true);

        Assert.True(outcome.Passed, outcome.ToString());
        Assert.True(outcome.Checked > 10);
    }

    [Fact]
    public void The_application_names_no_concrete_provider()
    {
        var outcome = ProviderNameRules.NameNoProvider(Layers.Application, _ => true);

        Assert.True(outcome.Passed, outcome.ToString());
        Assert.True(outcome.Checked > 50);
    }

    [Fact]
    public void The_web_pages_and_their_views_name_no_concrete_provider()
    {
        var outcome = ProviderNameRules.NameNoProvider(Layers.Web, Rules.IsPageOrView);

        Assert.True(outcome.Passed, outcome.ToString());
        Assert.True(outcome.Checked > 20, $"Only {outcome.Checked} page and view types inspected.");
    }

    /// <summary>The sign-in pages still use Identity's SignInManager (Infrastructure) directly; nothing else outside the composition root may.</summary>
    public static readonly string[] PagesStillOnIdentity = ["InsightGig.Web.Pages.Account.LoginModel", "InsightGig.Web.Pages.Account.LogoutModel"];

    [Fact]
    public void The_web_layer_reaches_the_infrastructure_only_from_its_composition_root()
    {
        var outcome = Rules.WebReachesInfrastructureOnlyFromItsCompositionRoot(Layers.Web, PagesStillOnIdentity);

        Assert.True(outcome.Passed, outcome.ToString());
        Assert.True(outcome.Checked > 20, $"Only {outcome.Checked} types inspected.");
    }

    [Fact]
    public void Ports_that_only_the_infrastructure_uses_live_in_the_infrastructure()
    {
        var outcome = Rules.PortsAreUsedByTheirLayer(Layers.Application);

        Assert.True(outcome.Passed, outcome.ToString());
        Assert.True(outcome.Checked >= 8, $"Only {outcome.Checked} ports inspected.");
    }
}

/// <summary>Each rule, run on an assembly known to break it, reports the breach: none of them can pass vacuously.</summary>
public sealed class RulesCanFailTests
{
    [Fact]
    public void The_domain_rule_catches_a_layer_that_uses_EF_Core() =>
        AssertBroken(Rules.DependsOnNone(Layers.Infrastructure, Rules.DomainMustNotUse), "InsightGig.Infrastructure.Persistence.ApplicationDbContext");

    [Fact]
    public void The_base_class_library_rule_catches_a_layer_that_references_a_package_or_a_layer()
    {
        // The application references the domain and EF Core: both are outside the base class library.
        AssertBroken(Rules.ReferencesOnlyTheBaseClassLibrary(Layers.Application), "InsightGig.Domain");
        AssertBroken(Rules.ReferencesOnlyTheBaseClassLibrary(Layers.Application), "Microsoft.EntityFrameworkCore");
    }

    [Fact]
    public void The_application_rule_catches_a_layer_that_uses_a_database_driver()
    {
        AssertBroken(Rules.DependsOnNone(Layers.Infrastructure, Rules.ApplicationMustNotUse), "InsightGig.Infrastructure.Persistence.DatabaseRegistration");
        AssertBroken(Rules.ReferencesNone(Layers.Infrastructure, Rules.ApplicationMustNotUse), "Npgsql.EntityFrameworkCore.PostgreSQL");
    }

    [Fact]
    public void The_infrastructure_rule_catches_a_reference_to_the_web_layer()
    {
        AssertBroken(Rules.DependsOnNone(Layers.Violating, Rules.InfrastructureMustNotUse), typeof(Violations.UsesTheWebLayer).FullName!);
        AssertBroken(Rules.ReferencesNone(Layers.Violating, Rules.InfrastructureMustNotUse), "InsightGig.Web");
    }

    [Fact]
    public void The_handler_rule_catches_a_public_unsealed_handler() =>
        AssertBroken(Rules.HandlersAreInternalAndSealed(Layers.Violating), typeof(Violations.PublicUnsealedHandler).FullName!);

    [Fact]
    public void The_entity_rule_catches_a_public_setter() =>
        AssertBroken(Rules.EntitiesHaveNoPublicSetters(Layers.Violating), $"{typeof(Violations.EntityWithPublicSetter).FullName}.Name");

    [Fact]
    public void The_page_rule_catches_a_page_model_that_uses_the_database() =>
        AssertBroken(Rules.PagesDoNotUseTheDatabase(Layers.Violating), typeof(Violations.PageModelUsingTheDatabase).FullName!);

    [Fact]
    public void The_provider_name_rule_catches_a_type_a_member_and_a_literal_naming_a_provider()
    {
        var outcome = ProviderNameRules.NameNoProvider(Layers.Violating, t => t.Namespace == typeof(Violations.NamesAProvider).Namespace);

        AssertBroken(outcome, typeof(Violations.NamesAProvider).FullName + ".GoogleCalendarId");
        Assert.Contains(outcome.Offenders, o => o.StartsWith(typeof(Violations.NamesAProvider).FullName + ".Describe: \"Zoom", StringComparison.Ordinal));
        Assert.Contains(typeof(Violations.TeamsAdapter).FullName!, outcome.Offenders);
    }

    [Fact]
    public void The_page_scope_includes_compiled_razor_views() =>
        // The Razor view of the home page, compiled into the Web assembly, is judged with the page models.
        Assert.Contains(Layers.Web.GetTypes(), t => Rules.IsPageOrView(t) && t.Name == "Pages_Index");

    [Fact]
    public void The_composition_root_rule_catches_a_page_that_reaches_the_infrastructure() =>
        AssertBroken(Rules.WebReachesInfrastructureOnlyFromItsCompositionRoot(Layers.Violating, []), typeof(Violations.PageModelReachingTheInfrastructure).FullName!);

    [Fact]
    public void The_port_rule_catches_an_interface_its_own_layer_never_uses() =>
        // Named as text: a typeof here would itself be a use of the port in this assembly.
        AssertBroken(Rules.PortsAreUsedByTheirLayer(Layers.Violating), "InsightGig.Architecture.Tests.Violations.IPortNobodyHereUses");

    private static void AssertBroken(RuleOutcome outcome, string offender)
    {
        Assert.False(outcome.Passed, $"The rule should have failed on {offender}.");
        Assert.Contains(offender, outcome.Offenders);
    }
}
