using InsightGig.Application.Briefs.ListBriefs;
using InsightGig.Application.Projects.GetProjectCollaboration;
using InsightGig.Application.Projects.ListProjects;
using InsightGig.Domain.Directory;
using InsightGig.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Tests;

/// <summary>
/// The visibility rules on data made for the case (no demo seed, no Identity): organisation membership alone is enough,
/// an expert sees exactly the projects they were added to, and briefs come newest first.
/// </summary>
public sealed class HandMadeVisibilityTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly SqliteTestDatabase _database = new();
    private readonly Organisation _acme = new(Guid.NewGuid(), "Acme");
    private readonly Organisation _initech = new(Guid.NewGuid(), "Initech");
    private Person _nora = null!;
    private Person _ian = null!;
    private Person _expert = null!;
    private Project _acmeOne = null!;
    private Project _acmeTwo = null!;
    private Project _initechProject = null!;

    public async ValueTask InitializeAsync()
    {
        await using var db = _database.CreateDbContext();
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);

        _nora = new Person(Guid.NewGuid(), PersonKind.Client, "Nora Acme", "nora@acme.example", "Europe/Paris", _acme.Id);
        _ian = new Person(Guid.NewGuid(), PersonKind.Client, "Ian Initech", "ian@initech.example", "America/Chicago", _initech.Id);
        _expert = new Person(Guid.NewGuid(), PersonKind.Expert, "Xavier Expert", "xavier@experts.example", "Asia/Singapore", null);
        var profile = new Expert(_expert.Id, "Logistics", "", ["Shipping"], 7, "Singapore");

        // Nora is on no project: she sees her organisation's projects by membership alone.
        _acmeOne = new Project(Guid.NewGuid(), _acme.Id, "Acme one", "", Now);
        _acmeTwo = new Project(Guid.NewGuid(), _acme.Id, "Acme two", "", Now);
        _acmeTwo.AddCollaborator(_expert, Now);
        _initechProject = new Project(Guid.NewGuid(), _initech.Id, "Initech", "", Now);
        _initechProject.AddCollaborator(_ian, Now);

        db.Organisations.AddRange(_acme, _initech);
        db.People.AddRange(_nora, _ian, _expert);
        db.Experts.Add(profile);
        db.Projects.AddRange(_acmeOne, _acmeTwo, _initechProject);
        db.Briefs.AddRange(
            new Brief(Guid.NewGuid(), _acme.Id, _nora.Id, _expert.Id, "Older", "", Now.AddDays(-3)),
            new Brief(Guid.NewGuid(), _acme.Id, _nora.Id, _expert.Id, "Newest", "", Now),
            new Brief(Guid.NewGuid(), _acme.Id, _nora.Id, _expert.Id, "Middle", "", Now.AddDays(-1)),
            new Brief(Guid.NewGuid(), _initech.Id, _ian.Id, _expert.Id, "Initech's", "", Now.AddDays(-2)));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _database.Dispose();
        return ValueTask.CompletedTask;
    }

    private TestCurrentUser AsNora => new(_nora.Id, _acme.Id, false);

    private TestCurrentUser AsExpert => new(_expert.Id, null, false);

    [Fact]
    public async Task A_client_sees_every_project_of_their_organisation_without_being_on_it()
    {
        await using var db = _database.CreateDbContext();

        var projects = await new ListProjectsHandler(db, AsNora).Handle(new ListProjectsQuery(), TestContext.Current.CancellationToken);

        Assert.Equal(["Acme one", "Acme two"], projects.Select(p => p.Name));
    }

    [Fact]
    public async Task An_expert_sees_only_the_projects_they_were_added_to()
    {
        await using var db = _database.CreateDbContext();
        var handler = new GetProjectCollaborationHandler(db, AsExpert);

        var projects = await new ListProjectsHandler(db, AsExpert).Handle(new ListProjectsQuery(), TestContext.Current.CancellationToken);
        var other = await handler.Handle(new GetProjectCollaborationQuery(_acmeOne.Id), TestContext.Current.CancellationToken);
        var own = await handler.Handle(new GetProjectCollaborationQuery(_acmeTwo.Id), TestContext.Current.CancellationToken);

        Assert.Equal([_acmeTwo.Id], projects.Select(p => p.Id));
        Assert.True(other.IsFailure);
        Assert.True(own.IsSuccess);
        Assert.True(Assert.Single(own.Value.Collaborators).IsViewer);
    }

    [Fact]
    public async Task A_user_without_an_organisation_claim_sees_only_what_they_take_part_in()
    {
        // A client whose organisation claim is missing must not fall back to seeing everything.
        await using var db = _database.CreateDbContext();

        var projects = await new ListProjectsHandler(db, new TestCurrentUser(_nora.Id, null, false)).Handle(new ListProjectsQuery(), TestContext.Current.CancellationToken);

        Assert.Empty(projects);
    }

    [Fact]
    public async Task Briefs_are_listed_newest_first()
    {
        await using var db = _database.CreateDbContext();

        var briefs = await new ListBriefsHandler(db, AsNora).Handle(new ListBriefsQuery(), TestContext.Current.CancellationToken);

        Assert.Equal(["Newest", "Middle", "Older"], briefs.Select(b => b.Title));
    }

    [Fact]
    public async Task An_expert_sees_every_brief_shared_with_them_across_organisations()
    {
        await using var db = _database.CreateDbContext();

        var briefs = await new ListBriefsHandler(db, AsExpert).Handle(new ListBriefsQuery(), TestContext.Current.CancellationToken);

        Assert.Equal(["Newest", "Middle", "Initech's", "Older"], briefs.Select(b => b.Title));
    }
}
