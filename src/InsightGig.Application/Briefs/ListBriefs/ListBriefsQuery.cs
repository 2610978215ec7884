using Mediator;

namespace InsightGig.Application.Briefs.ListBriefs;

/// <summary>The briefs the signed-in user may see, newest first.</summary>
public sealed record ListBriefsQuery : IQuery<IReadOnlyList<BriefListItem>>;

public sealed record BriefListItem(Guid Id, string Title, string OrganisationName, Guid ExpertId, string ExpertName, DateTimeOffset CreatedAtUtc);
