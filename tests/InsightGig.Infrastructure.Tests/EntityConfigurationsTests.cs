using InsightGig.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Infrastructure.Tests;

public sealed class EntityConfigurationsTests
{
    [Fact]
    public void The_listed_configurations_shape_the_model_as_every_configuration_found_in_the_assembly_does()
    {
        // The list replaced EF's assembly scan (which loads every type of the assembly): a configuration left off the
        // list leaves its entity unshaped here, and the two models differ.
        var listed = new ModelBuilder();
        EntityConfigurations.ApplyTo(listed);
        var scanned = new ModelBuilder();
        scanned.ApplyConfigurationsFromAssembly(typeof(ApplicationDbContext).Assembly);

        Assert.NotEmpty(listed.Model.GetEntityTypes());
        Assert.Equal(scanned.Model.ToDebugString(), listed.Model.ToDebugString());
    }
}
