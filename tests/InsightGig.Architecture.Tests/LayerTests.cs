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

    private static void AssertBroken(RuleOutcome outcome, string offender)
    {
        Assert.False(outcome.Passed, $"The rule should have failed on {offender}.");
        Assert.Contains(offender, outcome.Offenders);
    }
}
