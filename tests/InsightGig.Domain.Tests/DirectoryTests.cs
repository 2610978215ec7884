using InsightGig.Domain.Common;
using InsightGig.Domain.Directory;

namespace InsightGig.Domain.Tests;

public sealed class PersonTests
{
    [Fact]
    public void A_client_must_belong_to_an_organisation()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Person(Guid.NewGuid(), PersonKind.Client, "Clara", "clara@example.com", "Europe/London", null));
        Assert.Equal("organisationId", ex.ParamName);
    }

    [Fact]
    public void Experts_and_staff_need_no_organisation()
    {
        var expert = new Person(Guid.NewGuid(), PersonKind.Expert, "Erin", "erin@example.com", "Africa/Lagos", null);
        var staff = new Person(Guid.NewGuid(), PersonKind.Staff, "Ada", "ada@example.com", "UTC", null);

        Assert.Null(expert.OrganisationId);
        Assert.Null(staff.OrganisationId);
    }

    [Fact]
    public void Name_and_email_are_trimmed()
    {
        var person = new Person(Guid.NewGuid(), PersonKind.Expert, "  Erin Okafor ", " erin@example.com ", "Africa/Lagos", null);

        Assert.Equal("Erin Okafor", person.FullName);
        Assert.Equal("erin@example.com", person.Email);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not-an-email")]
    [InlineData("@example.com")]
    [InlineData("someone@")]
    [InlineData("some one@example.com")]
    public void An_invalid_email_is_refused(string email) =>
        Assert.Throws<ArgumentException>(() => new Person(Guid.NewGuid(), PersonKind.Expert, "Erin", email, "UTC", null));

    [Theory]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Europe/Atlantis")]
    public void An_unknown_time_zone_is_refused(string zone) =>
        Assert.Throws<ArgumentException>(() => new Person(Guid.NewGuid(), PersonKind.Expert, "Erin", "erin@example.com", zone, null));

    [Fact]
    public void A_blank_or_too_long_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Person(Guid.NewGuid(), PersonKind.Expert, " ", "erin@example.com", "UTC", null));
        Assert.Throws<ArgumentException>(() => new Person(Guid.NewGuid(), PersonKind.Expert, new string('x', 201), "erin@example.com", "UTC", null));
    }

    [Fact]
    public void An_empty_id_is_refused() =>
        Assert.Throws<ArgumentException>(() => new Person(Guid.Empty, PersonKind.Expert, "Erin", "erin@example.com", "UTC", null));

    [Fact]
    public void The_time_zone_can_change_to_another_known_zone_only()
    {
        var person = new Person(Guid.NewGuid(), PersonKind.Expert, "Erin", "erin@example.com", "Africa/Lagos", null);

        person.ChangeTimeZone("Asia/Tokyo");
        Assert.Equal("Asia/Tokyo", person.TimeZoneId);

        Assert.Throws<ArgumentException>(() => person.ChangeTimeZone("Nowhere/Never"));
        Assert.Equal("Asia/Tokyo", person.TimeZoneId);
    }
}

public sealed class ExpertTests
{
    [Fact]
    public void Expertise_is_trimmed_and_deduplicated_ignoring_case()
    {
        var expert = new Expert(Guid.NewGuid(), "Payments", "", ["Payments", " payments ", "UPI", "upi", "Fintech"], 11, "Bengaluru");

        Assert.Equal(["Payments", "UPI", "Fintech"], expert.Expertise);
    }

    [Fact]
    public void Negative_experience_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Expert(Guid.NewGuid(), "Payments", "", [], -1, ""));

    [Fact]
    public void A_headline_is_required_and_at_most_200_characters()
    {
        Assert.Throws<ArgumentException>(() => new Expert(Guid.NewGuid(), "", "", [], 1, ""));
        Assert.Throws<ArgumentException>(() => new Expert(Guid.NewGuid(), new string('h', 201), "", [], 1, ""));
        Assert.Equal(200, new Expert(Guid.NewGuid(), new string('h', 200), "", [], 1, "").Headline.Length);
    }

    [Fact]
    public void The_bio_is_optional_but_at_most_8000_characters()
    {
        Assert.Equal(string.Empty, new Expert(Guid.NewGuid(), "Payments", null!, [], 1, null!).Bio);
        Assert.Throws<ArgumentException>(() => new Expert(Guid.NewGuid(), "Payments", new string('b', 8001), [], 1, ""));
    }

    [Fact]
    public void A_blank_expertise_area_is_refused() =>
        Assert.Throws<ArgumentException>(() => new Expert(Guid.NewGuid(), "Payments", "", ["UPI", " "], 1, ""));
}

public sealed class ProjectTests
{
    private static readonly Guid Northwind = Guid.NewGuid();
    private static readonly Guid Globex = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static Project NewProject() => new(Guid.NewGuid(), Northwind, "EV battery supply", "Due diligence", Now);

    private static Person Client(Guid organisationId) => new(Guid.NewGuid(), PersonKind.Client, "A Client", $"{Guid.NewGuid():N}@client.example", "Europe/London", organisationId);

    private static Person ExpertPerson() => new(Guid.NewGuid(), PersonKind.Expert, "An Expert", $"{Guid.NewGuid():N}@expert.example", "Asia/Tokyo", null);

    [Fact]
    public void A_client_of_the_projects_organisation_joins_as_client_member()
    {
        var project = NewProject();
        var clara = Client(Northwind);

        var result = project.AddCollaborator(clara, Now);

        Assert.True(result.IsSuccess);
        var collaborator = Assert.Single(project.Collaborators);
        Assert.Equal(clara.Id, collaborator.PersonId);
        Assert.Equal(project.Id, collaborator.ProjectId);
        Assert.Equal(CollaboratorRole.ClientMember, collaborator.Role);
        Assert.Equal(Now, collaborator.AddedAtUtc);
        Assert.True(project.HasCollaborator(clara.Id));
    }

    [Fact]
    public void An_expert_joins_as_expert()
    {
        var project = NewProject();
        var erin = ExpertPerson();

        Assert.True(project.AddCollaborator(erin, Now).IsSuccess);
        Assert.Equal(CollaboratorRole.Expert, Assert.Single(project.Collaborators).Role);
    }

    [Fact]
    public void The_same_person_cannot_be_added_twice()
    {
        var project = NewProject();
        var erin = ExpertPerson();
        project.AddCollaborator(erin, Now);

        var again = project.AddCollaborator(erin, Now.AddDays(1));

        Assert.True(again.IsFailure);
        Assert.Equal("project.collaborator_exists", again.FirstError.Code);
        Assert.Equal(ErrorKind.Conflict, again.FirstError.Kind);
        Assert.Single(project.Collaborators);
    }

    [Fact]
    public void A_client_of_another_organisation_is_refused()
    {
        var project = NewProject();

        var result = project.AddCollaborator(Client(Globex), Now);

        Assert.True(result.IsFailure);
        Assert.Equal("project.collaborator_other_organisation", result.FirstError.Code);
        Assert.Equal(ErrorKind.Validation, result.FirstError.Kind);
        Assert.Empty(project.Collaborators);
    }

    [Fact]
    public void Staff_cannot_collaborate()
    {
        var project = NewProject();
        var staff = new Person(Guid.NewGuid(), PersonKind.Staff, "Ada Admin", "ada@insightgig.example", "UTC", null);

        var result = project.AddCollaborator(staff, Now);

        Assert.True(result.IsFailure);
        Assert.Equal("project.collaborator_staff", result.FirstError.Code);
        Assert.Empty(project.Collaborators);
    }

    [Fact]
    public void A_project_needs_an_organisation_and_a_name()
    {
        Assert.Throws<ArgumentException>(() => new Project(Guid.NewGuid(), Guid.Empty, "Name", "", Now));
        Assert.Throws<ArgumentException>(() => new Project(Guid.NewGuid(), Northwind, " ", "", Now));
        Assert.Throws<ArgumentException>(() => new Project(Guid.NewGuid(), Northwind, new string('n', 201), "", Now));
        Assert.Throws<ArgumentException>(() => new Project(Guid.NewGuid(), Northwind, "Name", new string('d', 8001), Now));
    }
}

public sealed class BriefTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_brief_keeps_what_it_was_given_trimmed()
    {
        var organisation = Guid.NewGuid();
        var author = Guid.NewGuid();
        var expert = Guid.NewGuid();

        var brief = new Brief(Guid.NewGuid(), organisation, author, expert, "  Real-time payments  ", " Why now? ", Now);

        Assert.Equal(organisation, brief.OrganisationId);
        Assert.Equal(author, brief.CreatedById);
        Assert.Equal(expert, brief.ExpertId);
        Assert.Equal("Real-time payments", brief.Title);
        Assert.Equal("Why now?", brief.Summary);
        Assert.Equal(Now, brief.CreatedAtUtc);
    }

    [Fact]
    public void Organisation_author_expert_and_title_are_required()
    {
        var id = Guid.NewGuid();
        Assert.Throws<ArgumentException>(() => new Brief(id, Guid.Empty, Guid.NewGuid(), Guid.NewGuid(), "Title", "", Now));
        Assert.Throws<ArgumentException>(() => new Brief(id, Guid.NewGuid(), Guid.Empty, Guid.NewGuid(), "Title", "", Now));
        Assert.Throws<ArgumentException>(() => new Brief(id, Guid.NewGuid(), Guid.NewGuid(), Guid.Empty, "Title", "", Now));
        Assert.Throws<ArgumentException>(() => new Brief(id, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "", "", Now));
        Assert.Throws<ArgumentException>(() => new Brief(id, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Title", new string('s', 8001), Now));
    }

    [Fact]
    public void An_organisation_needs_a_name() =>
        Assert.Throws<ArgumentException>(() => new Organisation(Guid.NewGuid(), ""));
}
