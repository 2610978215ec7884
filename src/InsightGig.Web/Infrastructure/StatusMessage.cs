namespace InsightGig.Web.Infrastructure;

/// <summary>The one-shot message shown after a redirect (TempData key).</summary>
public static class StatusMessage
{
    public const string Key = "StatusMessage";
    public const string ErrorKey = "StatusError";
    public const string JoinUrlKey = "StatusJoinUrl";

    /// <summary>"Zoom is connected": shown where linking was started (inside the dialog, or on Connected apps), not as a meeting confirmation.</summary>
    public const string LinkedKey = "StatusLinked";
}
