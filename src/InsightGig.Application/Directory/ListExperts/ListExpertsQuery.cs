using Mediator;

namespace InsightGig.Application.Directory.ListExperts;

/// <summary>Experts on the platform, optionally filtered by a word in their name, headline or expertise.</summary>
public sealed record ListExpertsQuery(string? Search = null) : IQuery<IReadOnlyList<ExpertListItem>>;

public sealed record ExpertListItem(Guid Id, string FullName, string Headline, IReadOnlyList<string> Expertise, string Location, string TimeZoneId);
