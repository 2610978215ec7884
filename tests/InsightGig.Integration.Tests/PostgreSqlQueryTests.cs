using InsightGig.Application.Briefs.GetBrief;
using InsightGig.Application.Briefs.ListBriefs;
using InsightGig.Application.Directory.GetExpertProfile;
using InsightGig.Application.Directory.ListExperts;
using InsightGig.Application.Projects.GetProjectCollaboration;
using InsightGig.Application.Projects.ListProjects;
using InsightGig.Domain.Common;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;

namespace InsightGig.Integration.Tests;

/// <summary>
/// The page queries on PostgreSQL, through the Mediator pipeline, with the same visibility scenarios as on SQLite. Each test
/// starts from a reset (Respawn) and freshly seeded database.
/// </summary>
public sealed class PostgreSqlQueryTests(PostgreSqlFixture fixture) : IClassFixture<PostgreSqlFixture>, IAsyncLifetime
{
    private static readonly Guid[] AllProjects = [DemoData.NorthwindProjectId, DemoData.GlobexProjectId, DemoData.ContosoProjectId];
    private static readonly Guid[] AllBriefs = [DemoData.NorthwindBriefId, DemoData.GlobexBriefId];

    public async ValueTask InitializeAsync()
    {
        await fixture.Database.ResetAsync();
        await fixture.App.SeedDemoDataAsync();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static TheoryData<string, Guid[], Guid[]> Scenarios => new()
    {
        { nameof(TestCurrentUser.Clara), [DemoData.NorthwindProjectId], [DemoData.NorthwindBriefId] },
        { nameof(TestCurrentUser.Gina), [DemoData.GlobexProjectId], [DemoData.GlobexBriefId] },
        { nameof(TestCurrentUser.Erin), [DemoData.NorthwindProjectId], [] },
        { nameof(TestCurrentUser.Priya), [], [DemoData.NorthwindBriefId] },
        { nameof(TestCurrentUser.Marco), [DemoData.GlobexProjectId], [DemoData.GlobexBriefId] },
        { nameof(TestCurrentUser.Admin), AllProjects, AllBriefs },
        { nameof(TestCurrentUser.Anonymous), [], [] },
    };

    private static TestCurrentUser User(string name) => name switch
    {
        nameof(TestCurrentUser.Clara) => TestCurrentUser.Clara,
        nameof(TestCurrentUser.Gina) => TestCurrentUser.Gina,
        nameof(TestCurrentUser.Erin) => TestCurrentUser.Erin,
        nameof(TestCurrentUser.Priya) => TestCurrentUser.Priya,
        nameof(TestCurrentUser.Marco) => TestCurrentUser.Marco,
        nameof(TestCurrentUser.Admin) => TestCurrentUser.Admin,
        _ => TestCurrentUser.Anonymous,
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task A_viewer_finds_exactly_the_projects_and_briefs_they_may_see(string viewer, Guid[] projects, Guid[] briefs)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = User(viewer);

        var listedProjects = await fixture.App.SendAsync(new ListProjectsQuery(), user, ct);
        var listedBriefs = await fixture.App.SendAsync(new ListBriefsQuery(), user, ct);

        Assert.Equal(projects.Order(), listedProjects.Select(p => p.Id).Order());
        Assert.Equal(briefs.Order(), listedBriefs.Select(b => b.Id).Order());
        foreach (var id in AllProjects)
        {
            var result = await fixture.App.SendAsync(new GetProjectCollaborationQuery(id), user, ct);
            Assert.True(projects.Contains(id) ? result.IsSuccess : result.FirstError.Kind == ErrorKind.NotFound, $"{viewer} and project {id}");
        }

        foreach (var id in AllBriefs)
        {
            var result = await fixture.App.SendAsync(new GetBriefQuery(id), user, ct);
            Assert.True(briefs.Contains(id) ? result.IsSuccess : result.FirstError.Kind == ErrorKind.NotFound, $"{viewer} and brief {id}");
        }
    }

    [Fact]
    public async Task The_project_page_shows_its_collaborators()
    {
        var project = (await fixture.App.SendAsync(new GetProjectCollaborationQuery(DemoData.GlobexProjectId), TestCurrentUser.Gina, TestContext.Current.CancellationToken)).Value;

        Assert.Equal("Luxury demand in Asia", project.Name);
        Assert.Equal("Globex Partners", project.OrganisationName);
        Assert.Equal([DemoData.Gina.FullName, DemoData.Marco.FullName], project.Collaborators.Select(c => c.FullName));
        Assert.True(project.Collaborators[0].IsViewer);
        Assert.Equal("Luxury retail and brand strategy", project.Collaborators[1].Headline);
    }

    [Fact]
    public async Task Experts_are_listed_searched_and_shown()
    {
        var ct = TestContext.Current.CancellationToken;

        var all = await fixture.App.SendAsync(new ListExpertsQuery(), TestCurrentUser.Clara, ct);
        var cloud = await fixture.App.SendAsync(new ListExpertsQuery("data centers"), TestCurrentUser.Clara, ct);
        var profile = await fixture.App.SendAsync(new GetExpertProfileQuery(DemoData.Hiro.Id), TestCurrentUser.Clara, ct);
        var notAnExpert = await fixture.App.SendAsync(new GetExpertProfileQuery(DemoData.Gina.Id), TestCurrentUser.Clara, ct);

        Assert.Equal(5, all.Count);
        Assert.Equal([DemoData.Erin.FullName, DemoData.Hiro.FullName, DemoData.Marco.FullName, DemoData.Priya.FullName, DemoData.Sofia.FullName], all.Select(e => e.FullName));
        Assert.Equal([DemoData.Sofia.Id], cloud.Select(e => e.Id));
        Assert.Equal(["Semiconductors", "Foundry", "Capex"], profile.Value.Expertise);
        Assert.Equal(20, profile.Value.YearsOfExperience);
        Assert.Equal(ErrorKind.NotFound, notAnExpert.FirstError.Kind);
    }

    [Fact]
    public async Task The_brief_page_names_the_author_and_the_expert()
    {
        var brief = (await fixture.App.SendAsync(new GetBriefQuery(DemoData.GlobexBriefId), TestCurrentUser.Marco, TestContext.Current.CancellationToken)).Value;

        Assert.Equal("Pricing power of soft-luxury brands", brief.Title);
        Assert.Equal(DemoData.Gina.FullName, brief.CreatedByName);
        Assert.Equal(DemoData.Marco.FullName, brief.ExpertName);
        Assert.Equal("Globex Partners", brief.OrganisationName);
    }
}
