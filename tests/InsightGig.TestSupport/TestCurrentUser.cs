using InsightGig.Application.Common.Interfaces;
using InsightGig.Infrastructure.Persistence.Seeding;

namespace InsightGig.TestSupport;

/// <summary>An <see cref="ICurrentUser"/> a test sets directly; the demo users are ready-made.</summary>
public sealed class TestCurrentUser : ICurrentUser
{
    public TestCurrentUser()
    {
    }

    public TestCurrentUser(Guid? personId, Guid? organisationId, bool isAdmin)
    {
        PersonId = personId;
        OrganisationId = organisationId;
        IsAdmin = isAdmin;
    }

    public static TestCurrentUser Anonymous => new();

    /// <summary>Client, Northwind Capital; on the Northwind project, author of the Northwind brief.</summary>
    public static TestCurrentUser Clara => new(DemoData.Clara.Id, DemoData.NorthwindId, false);

    /// <summary>Client, Northwind Capital.</summary>
    public static TestCurrentUser Carlos => new(DemoData.Carlos.Id, DemoData.NorthwindId, false);

    /// <summary>Client, Globex Partners; on the Globex project, author of the Globex brief.</summary>
    public static TestCurrentUser Gina => new(DemoData.Gina.Id, DemoData.GlobexId, false);

    /// <summary>Expert on the Northwind project; no brief.</summary>
    public static TestCurrentUser Erin => new(DemoData.Erin.Id, null, false);

    /// <summary>Expert with the Northwind brief; on no project.</summary>
    public static TestCurrentUser Priya => new(DemoData.Priya.Id, null, false);

    /// <summary>Expert on the Globex project and with the Globex brief.</summary>
    public static TestCurrentUser Marco => new(DemoData.Marco.Id, null, false);

    public static TestCurrentUser Admin => new(DemoData.Admin.Id, null, true);

    public Guid? PersonId { get; private set; }

    public Guid? OrganisationId { get; private set; }

    public bool IsAdmin { get; private set; }

    public void Become(TestCurrentUser? other)
    {
        PersonId = other?.PersonId;
        OrganisationId = other?.OrganisationId;
        IsAdmin = other?.IsAdmin ?? false;
    }

    public override string ToString() => PersonId is null ? "anonymous" : $"{PersonId} (org {OrganisationId?.ToString() ?? "none"}{(IsAdmin ? ", admin" : string.Empty)})";
}
