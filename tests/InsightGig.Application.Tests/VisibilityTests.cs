using InsightGig.Application.Briefs.GetBrief;
using InsightGig.Application.Briefs.ListBriefs;
using InsightGig.Application.Projects.GetProjectCollaboration;
using InsightGig.Application.Projects.ListProjects;
using InsightGig.Domain.Common;
using InsightGig.Domain.Directory;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport;

namespace InsightGig.Application.Tests;

/// <summary>
/// Who sees which projects and briefs, through the query handlers on the demo data: a client sees their organisation's,
/// an expert what they collaborate on or is shared with them, an admin everything, an anonymous visitor nothing.
/// </summary>
public sealed class VisibilityTests(SeededSqliteFixture fixture) : IClassFixture<SeededSqliteFixture>
{
    public static TheoryData<string, Guid[]> VisibleProjects => new()
    {
        { nameof(TestCurrentUser.Clara), [DemoData.NorthwindProjectId] },
        { nameof(TestCurrentUser.Carlos), [DemoData.NorthwindProjectId] },
        { nameof(TestCurrentUser.Gina), [DemoData.GlobexProjectId] },
        { nameof(TestCurrentUser.Erin), [DemoData.NorthwindProjectId] },
        { nameof(TestCurrentUser.Marco), [DemoData.GlobexProjectId] },
        { nameof(TestCurrentUser.Priya), [] },
        { nameof(TestCurrentUser.Admin), [DemoData.NorthwindProjectId, DemoData.GlobexProjectId, DemoData.ContosoProjectId] },
        { nameof(TestCurrentUser.Anonymous), [] },
    };

    public static TheoryData<string, Guid[]> VisibleBriefs => new()
    {
        { nameof(TestCurrentUser.Clara), [DemoData.NorthwindBriefId] },
        { nameof(TestCurrentUser.Carlos), [DemoData.NorthwindBriefId] },
        { nameof(TestCurrentUser.Gina), [DemoData.GlobexBriefId] },
        { nameof(TestCurrentUser.Priya), [DemoData.NorthwindBriefId] },
        { nameof(TestCurrentUser.Marco), [DemoData.GlobexBriefId] },
        { nameof(TestCurrentUser.Erin), [] },
        { nameof(TestCurrentUser.Admin), [DemoData.NorthwindBriefId, DemoData.GlobexBriefId] },
        { nameof(TestCurrentUser.Anonymous), [] },
    };

    internal static TestCurrentUser User(string name) => name switch
    {
        nameof(TestCurrentUser.Clara) => TestCurrentUser.Clara,
        nameof(TestCurrentUser.Carlos) => TestCurrentUser.Carlos,
        nameof(TestCurrentUser.Gina) => TestCurrentUser.Gina,
        nameof(TestCurrentUser.Erin) => TestCurrentUser.Erin,
        nameof(TestCurrentUser.Priya) => TestCurrentUser.Priya,
        nameof(TestCurrentUser.Marco) => TestCurrentUser.Marco,
        nameof(TestCurrentUser.Admin) => TestCurrentUser.Admin,
        nameof(TestCurrentUser.Anonymous) => TestCurrentUser.Anonymous,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown demo user."),
    };

    private static readonly Guid[] AllProjects = [DemoData.NorthwindProjectId, DemoData.GlobexProjectId];
    private static readonly Guid[] AllBriefs = [DemoData.NorthwindBriefId, DemoData.GlobexBriefId];

    [Theory]
    [MemberData(nameof(VisibleProjects))]
    public async Task Project_list_shows_only_what_the_viewer_may_see(string viewer, Guid[] expected)
    {
        await using var db = fixture.CreateDbContext();

        var projects = await new ListProjectsHandler(db, User(viewer)).Handle(new ListProjectsQuery(), TestContext.Current.CancellationToken);

        Assert.Equal(expected.Order(), projects.Select(p => p.Id).Order());
    }

    [Theory]
    [MemberData(nameof(VisibleProjects))]
    public async Task Project_page_is_found_exactly_for_the_visible_projects(string viewer, Guid[] visible)
    {
        foreach (var projectId in AllProjects)
        {
            await using var db = fixture.CreateDbContext();
            var result = await new GetProjectCollaborationHandler(db, User(viewer))
                .Handle(new GetProjectCollaborationQuery(projectId), TestContext.Current.CancellationToken);

            if (visible.Contains(projectId))
            {
                Assert.True(result.IsSuccess, $"{viewer} should see project {projectId}");
                Assert.Equal(projectId, result.Value.Id);
            }
            else
            {
                Assert.True(result.IsFailure, $"{viewer} must not see project {projectId}");
                Assert.Equal(ErrorKind.NotFound, result.FirstError.Kind);
                Assert.Equal("project.not_found", result.FirstError.Code);
            }
        }
    }

    [Theory]
    [MemberData(nameof(VisibleBriefs))]
    public async Task Brief_list_shows_only_what_the_viewer_may_see(string viewer, Guid[] expected)
    {
        await using var db = fixture.CreateDbContext();

        var briefs = await new ListBriefsHandler(db, User(viewer)).Handle(new ListBriefsQuery(), TestContext.Current.CancellationToken);

        Assert.Equal(expected.Order(), briefs.Select(b => b.Id).Order());
    }

    [Theory]
    [MemberData(nameof(VisibleBriefs))]
    public async Task Brief_page_is_found_exactly_for_the_visible_briefs(string viewer, Guid[] visible)
    {
        foreach (var briefId in AllBriefs)
        {
            await using var db = fixture.CreateDbContext();
            var result = await new GetBriefHandler(db, User(viewer)).Handle(new GetBriefQuery(briefId), TestContext.Current.CancellationToken);

            if (visible.Contains(briefId))
            {
                Assert.True(result.IsSuccess, $"{viewer} should see brief {briefId}");
            }
            else
            {
                Assert.True(result.IsFailure, $"{viewer} must not see brief {briefId}");
                Assert.Equal("brief.not_found", result.FirstError.Code);
            }
        }
    }

    [Fact]
    public async Task Unknown_ids_are_not_found_even_for_an_admin()
    {
        await using var db = fixture.CreateDbContext();
        var project = await new GetProjectCollaborationHandler(db, TestCurrentUser.Admin).Handle(new GetProjectCollaborationQuery(Guid.NewGuid()), TestContext.Current.CancellationToken);
        var brief = await new GetBriefHandler(db, TestCurrentUser.Admin).Handle(new GetBriefQuery(Guid.NewGuid()), TestContext.Current.CancellationToken);

        Assert.Equal(ErrorKind.NotFound, project.FirstError.Kind);
        Assert.Equal(ErrorKind.NotFound, brief.FirstError.Kind);
    }

    [Fact]
    public async Task The_project_page_lists_clients_first_then_experts_and_marks_the_viewer()
    {
        await using var db = fixture.CreateDbContext();

        var result = await new GetProjectCollaborationHandler(db, TestCurrentUser.Clara)
            .Handle(new GetProjectCollaborationQuery(DemoData.NorthwindProjectId), TestContext.Current.CancellationToken);

        var project = result.Value;
        Assert.Equal("EV battery supply due diligence", project.Name);
        Assert.Equal("Northwind Capital", project.OrganisationName);
        Assert.Equal(
            [DemoData.Carlos.FullName, DemoData.Clara.FullName, DemoData.Erin.FullName, DemoData.Hiro.FullName, DemoData.Sofia.FullName],
            project.Collaborators.Select(c => c.FullName));
        Assert.Equal(
            [CollaboratorRole.ClientMember, CollaboratorRole.ClientMember, CollaboratorRole.Expert, CollaboratorRole.Expert, CollaboratorRole.Expert],
            project.Collaborators.Select(c => c.Role));
        Assert.Equal(DemoData.Clara.Id, Assert.Single(project.Collaborators, c => c.IsViewer).PersonId);
        Assert.All(project.Collaborators.Where(c => c.Role == CollaboratorRole.Expert), c => Assert.NotEmpty(c.Headline));
        Assert.All(project.Collaborators.Where(c => c.Role == CollaboratorRole.ClientMember), c => Assert.Empty(c.Headline));
        Assert.Equal(DemoData.Erin.TimeZoneId, project.Collaborators.Single(c => c.PersonId == DemoData.Erin.Id).TimeZoneId);
    }

    [Fact]
    public async Task The_project_list_counts_collaborators()
    {
        await using var db = fixture.CreateDbContext();

        var projects = await new ListProjectsHandler(db, TestCurrentUser.Admin).Handle(new ListProjectsQuery(), TestContext.Current.CancellationToken);

        Assert.Equal(["EV battery supply due diligence", "Luxury demand in Asia", "Real-time payments platform review"], projects.Select(p => p.Name));
        Assert.Equal([5, 2, 3], projects.Select(p => p.CollaboratorCount));
        Assert.Equal(["Northwind Capital", "Globex Partners", "Contoso Bank"], projects.Select(p => p.OrganisationName));
    }

    [Fact]
    public async Task The_brief_page_names_the_author_and_the_expert()
    {
        await using var db = fixture.CreateDbContext();

        var brief = (await new GetBriefHandler(db, TestCurrentUser.Priya).Handle(new GetBriefQuery(DemoData.NorthwindBriefId), TestContext.Current.CancellationToken)).Value;

        Assert.Equal("Real-time payments adoption in India", brief.Title);
        Assert.Equal("Northwind Capital", brief.OrganisationName);
        Assert.Equal(DemoData.Clara.FullName, brief.CreatedByName);
        Assert.Equal(DemoData.Priya.Id, brief.ExpertId);
        Assert.Equal(DemoData.Priya.FullName, brief.ExpertName);
        Assert.Equal("Digital payments in emerging markets", brief.ExpertHeadline);
    }

    [Fact]
    public async Task The_queries_answer_the_same_through_the_mediator_pipeline()
    {
        var projects = await fixture.App.SendAsync(new ListProjectsQuery(), TestCurrentUser.Gina, TestContext.Current.CancellationToken);
        var foreign = await fixture.App.SendAsync(new GetProjectCollaborationQuery(DemoData.NorthwindProjectId), TestCurrentUser.Gina, TestContext.Current.CancellationToken);
        var anonymous = await fixture.App.SendAsync(new ListBriefsQuery(), TestCurrentUser.Anonymous, TestContext.Current.CancellationToken);

        Assert.Equal([DemoData.GlobexProjectId], projects.Select(p => p.Id));
        Assert.Equal(ErrorKind.NotFound, foreign.FirstError.Kind);
        Assert.Empty(anonymous);
    }
}
