namespace InsightGig.Infrastructure.Identity;

/// <summary>The sign-in roles. Kept as strings because Identity and [Authorize] speak strings.</summary>
public static class Roles
{
    public const string Client = "Client";
    public const string Expert = "Expert";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Client, Expert, Admin];
}
