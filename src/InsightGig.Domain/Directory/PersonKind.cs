namespace InsightGig.Domain.Directory;

/// <summary>Which side of the network a person is on. Sign-in roles (Client, Expert, Admin) follow from it.</summary>
public enum PersonKind
{
    Client = 0,
    Expert = 1,
    Staff = 2,
}
