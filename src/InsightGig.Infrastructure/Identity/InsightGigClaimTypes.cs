namespace InsightGig.Infrastructure.Identity;

public static class InsightGigClaimTypes
{
    public const string OrganisationId = "insightgig:organisation";
    public const string FullName = "insightgig:name";
    public const string TimeZone = "insightgig:tz";
}
