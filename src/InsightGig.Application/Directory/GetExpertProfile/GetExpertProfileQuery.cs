using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Directory.GetExpertProfile;

/// <summary>An expert's full profile, as shown on the profile page.</summary>
public sealed record GetExpertProfileQuery(Guid ExpertId) : IQuery<Result<ExpertProfile>>;

public sealed record ExpertProfile(
    Guid Id,
    string FullName,
    string Headline,
    string Bio,
    IReadOnlyList<string> Expertise,
    int YearsOfExperience,
    string Location,
    string TimeZoneId);
