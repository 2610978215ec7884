namespace InsightGig.Domain.Directory;

public enum CollaboratorRole
{
    ClientMember = 0,
    Expert = 1,
}
