using InsightGig.Domain.Common;

namespace InsightGig.Domain.Directory;

/// <summary>An expert's public profile. Its id is the expert's <see cref="Person"/> id.</summary>
public sealed class Expert : Entity
{
    private readonly List<string> _expertise = [];

    private Expert()
    {
    }

    public Expert(Guid personId, string headline, string bio, IEnumerable<string> expertise, int yearsOfExperience, string location) : base(personId)
    {
        ArgumentNullException.ThrowIfNull(expertise);
        ArgumentOutOfRangeException.ThrowIfNegative(yearsOfExperience);
        Headline = Guard.NotBlank(headline, 200, nameof(headline));
        Bio = Guard.Optional(bio, 8000, nameof(bio));
        Location = Guard.Optional(location, 200, nameof(location));
        YearsOfExperience = yearsOfExperience;
        foreach (var area in expertise.Select(e => Guard.NotBlank(e, 100, nameof(expertise))).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            _expertise.Add(area);
        }
    }

    public string Headline { get; private set; } = string.Empty;

    public string Bio { get; private set; } = string.Empty;

    public string Location { get; private set; } = string.Empty;

    public int YearsOfExperience { get; private set; }

    public IReadOnlyList<string> Expertise => _expertise;
}
