using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Briefs.GetBrief;

/// <summary>A brief and the expert it is shared with; not found unless the viewer may see it.</summary>
public sealed record GetBriefQuery(Guid BriefId) : IQuery<Result<BriefDetails>>;

public sealed record BriefDetails(
    Guid Id,
    string Title,
    string Summary,
    string OrganisationName,
    string CreatedByName,
    DateTimeOffset CreatedAtUtc,
    Guid ExpertId,
    string ExpertName,
    string ExpertHeadline);
