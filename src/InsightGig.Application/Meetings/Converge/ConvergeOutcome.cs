using InsightGig.Domain.Common;

namespace InsightGig.Application.Meetings.Converge;

public enum ConvergeState
{
    /// <summary>Both providers match the meeting (or, for a meeting that could not be set up, nothing is left at them).</summary>
    InStep,
    /// <summary>A provider did not answer, a newer change arrived, or another worker holds the meeting: try again after <see cref="ConvergeOutcome.RetryAfter"/>.</summary>
    RetryLater,
    /// <summary>A provider refuses until the organizer acts (for example reconnects their video account); retried by the periodic sweep.</summary>
    NeedsOrganizer,
}

/// <param name="Failure">Setting the meeting up failed (it is now <c>Failed</c>, with nothing left at the providers): why, for the organizer.</param>
public sealed record ConvergeOutcome(ConvergeState State, TimeSpan? RetryAfter = null, string? Problem = null, Error? Failure = null)
{
    public static readonly ConvergeOutcome Done = new(ConvergeState.InStep);
}
