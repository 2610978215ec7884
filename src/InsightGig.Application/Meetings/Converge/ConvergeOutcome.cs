namespace InsightGig.Application.Meetings.Converge;

public enum ConvergeState
{
    /// <summary>Both providers match the meeting.</summary>
    InStep,
    /// <summary>A provider did not answer or a newer change arrived: try again after <see cref="ConvergeOutcome.RetryAfter"/>.</summary>
    RetryLater,
    /// <summary>A provider refuses until the organizer acts (for example reconnects Zoom); retried by the periodic sweep.</summary>
    NeedsOrganizer,
}

public sealed record ConvergeOutcome(ConvergeState State, TimeSpan? RetryAfter = null, string? Problem = null)
{
    public static readonly ConvergeOutcome Done = new(ConvergeState.InStep);
}
