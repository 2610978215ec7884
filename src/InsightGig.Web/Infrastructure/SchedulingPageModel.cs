using System.ComponentModel.DataAnnotations;
using System.Globalization;
using InsightGig.Application.Meetings.FindTime;
using InsightGig.Application.Meetings.GetSchedulingOptions;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Domain.Common;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// What the profile, brief and project pages share: the "Schedule a meeting" dialog and its POST. The page loads its
/// own content; this class loads the dialog's options, sends <see cref="ScheduleMeetingCommand"/> and maps the result.
/// </summary>
public abstract class SchedulingPageModel(ISender sender) : PageModel
{
    /// <summary>TempData key of the meeting just scheduled, for the confirmation's link to its page.</summary>
    public const string ScheduledMeetingIdKey = "StatusMeetingId";

    protected ISender Sender { get; } = sender;

    protected abstract MeetingContextKind ContextKind { get; }

    [BindProperty]
    public ScheduleMeetingForm Form { get; set; } = new();

    /// <summary>The dialog's choices; null when the viewer cannot schedule from here (for example their own profile).</summary>
    public SchedulingOptions? Scheduling { get; private set; }

    /// <summary>Why the viewer cannot schedule from here, if they cannot.</summary>
    public string? SchedulingUnavailable { get; private set; }

    /// <summary>False when the viewer may not schedule at all (an expert, <see cref="WhoSchedules"/>): the page shows no button.</summary>
    public bool MaySchedule { get; private set; } = true;

    /// <summary>Open the dialog when the page renders (after an error, or back from linking an account).</summary>
    public bool DialogOpen { get; private set; }

    /// <summary>What the dialog's "Find a time" area shows.</summary>
    public FindTimePanel FindTime { get; private set; } = FindTimePanel.NotSearched;

    /// <summary>The page's own content, for GET and for re-rendering a POST with errors.</summary>
    protected abstract Task<IActionResult?> LoadPageAsync(Guid id, CancellationToken cancellationToken);

    public async Task<IActionResult> OnGetAsync(Guid id, string? schedule, CancellationToken cancellationToken)
    {
        if (await LoadPageAsync(id, cancellationToken) is { } failure)
        {
            return failure;
        }

        await LoadSchedulingAsync(id, cancellationToken);
        if (!string.IsNullOrEmpty(schedule) && Scheduling?.Platforms.Any(p => p.Key == schedule) == true)
        {
            // Back from linking an account: reopen the dialog on the platform the user chose.
            Form.Platform = schedule;
            DialogOpen = true;
        }

        return Page();
    }

    [RateLimited(RateLimit.Scheduling)]
    public async Task<IActionResult> OnPostScheduleAsync(Guid id, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await Sender.Send(Form.ToCommand(ContextKind, id), cancellationToken);
            if (result.IsSuccess)
            {
                TempData[StatusMessage.Key] = Confirmation(result.Value);
                TempData[StatusMessage.JoinUrlKey] = result.Value.JoinUrl;
                TempData[ScheduledMeetingIdKey] = result.Value.Id.ToString();
                return Redirect(Request.Path + "#scheduled");
            }

            if (this.FailureResponse(result, nameof(Form)) is { } notFound)
            {
                return notFound;
            }
        }

        // A failed submission is a finished attempt: the next try is a new meeting with a new key.
        Form.IdempotencyKey = Guid.NewGuid();
        if (ModelState.TryGetValue(IdempotencyKeyField, out var key) && key.Errors.Count > 0)
        {
            // The key is no field of the person's: a broken one (a tampered or very old form) is said for the whole form.
            ModelState.AddModelError(string.Empty, FormStampAttribute.OutOfDateMessage);
        }

        ModelState.Remove(IdempotencyKeyField);
        if (Response.StatusCode == StatusCodes.Status200OK)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return await ReopenDialogAsync(id, cancellationToken);
    }

    /// <summary>
    /// "Find a time": slots for the organizer and the ticked collaborators (on a profile or brief, its 1:1). The dialog's
    /// script asks for the list alone (<paramref name="fragment"/>); without script the page comes back with the dialog open,
    /// the list in it and everything typed kept. The meeting's own fields are not judged here: that is Create meeting's job.
    /// </summary>
    [RateLimited(RateLimit.FindTime)]
    public async Task<IActionResult> OnPostFindTimeAsync(
        Guid id, [FromForm(Name = "FindTime")] FindTimeForm? findTime, [FromQuery] bool fragment, CancellationToken cancellationToken)
    {
        var input = findTime ?? new FindTimeForm();
        var refused = KeepMeetingFieldsAsTyped();
        if (refused.Count > 0)
        {
            FindTime = FindTimePanel.For(input, null, refused);
        }
        else
        {
            var result = await Sender.Send(
                new FindTimeQuery(ContextKind, id, Form.Participants, input.DurationMinutes, input.IncludeOutsideWorkingHours), cancellationToken);
            if (result.IsFailure && result.Errors.Any(e => e.Kind == ErrorKind.NotFound))
            {
                return NotFound();
            }

            FindTime = result.IsSuccess
                ? FindTimePanel.For(input, result.Value, [])
                : FindTimePanel.For(input, null, [.. result.Errors.Select(e => e.Message).Distinct()]);
        }

        if (FindTime.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return fragment ? Partial("_FindTime", FindTime) : await ReopenDialogAsync(id, cancellationToken);
    }

    /// <summary>
    /// "Use this time" without script (with script, choosing a slot fills the fields at once): the chosen slot goes into
    /// Starting and Ending and the dialog comes back with everything else as typed.
    /// </summary>
    public async Task<IActionResult> OnPostUseFoundTimeAsync(Guid id, [FromForm(Name = "FindTime")] FindTimeForm? findTime, CancellationToken cancellationToken)
    {
        var input = findTime ?? new FindTimeForm();
        KeepMeetingFieldsAsTyped();
        if (FindTimePanel.TryReadSlot(input.Slot, out var start, out var end, out var startOffset, out var endOffset))
        {
            (Form.Start, Form.End, Form.StartOffsetMinutes, Form.EndOffsetMinutes) = (start, end, startOffset, endOffset);
            foreach (var field in new[] { nameof(Form.Start), nameof(Form.End), nameof(Form.StartOffsetMinutes), nameof(Form.EndOffsetMinutes) })
            {
                ModelState.Remove($"{nameof(Form)}.{field}");
            }

            var used = string.Create(CultureInfo.InvariantCulture, $"Starting and Ending are now {start:ddd d MMM HH:mm}–{end:HH:mm}.");
            FindTime = FindTimePanel.For(input, null, [], used);
        }
        else
        {
            FindTime = FindTimePanel.For(input, null, ["Choose one of the times found first."]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return await ReopenDialogAsync(id, cancellationToken);
    }

    private static string IdempotencyKeyField => $"{nameof(Form)}.{nameof(ScheduleMeetingForm.IdempotencyKey)}";

    /// <summary>
    /// Before "Find a time" or "Use this time": the meeting's fields keep what was typed (even what Create meeting would
    /// refuse) without their errors; answers what is wrong with the search's own input (its controls and the collaborators).
    /// </summary>
    private List<string> KeepMeetingFieldsAsTyped()
    {
        var participants = $"{nameof(Form)}.{nameof(ScheduleMeetingForm.Participants)}";
        var refused = ModelState
            .Where(e => e.Key.StartsWith("FindTime", StringComparison.Ordinal) && e.Value?.Errors.Count > 0)
            .SelectMany(e => e.Value!.Errors.Select(x => x.ErrorMessage))
            .Distinct()
            .ToList();
        if (ModelState.TryGetValue(participants, out var ticked) && ticked.Errors.Count > 0)
        {
            // Only a tampered form sends a collaborator that is no person id.
            refused.Add("Choose collaborators from the list.");
        }

        ModelState.ClearValidationState(nameof(Form));
        if (ModelState.TryGetValue(IdempotencyKeyField, out var key) && key.AttemptedValue is { } attempted && !Guid.TryParse(attempted, out _))
        {
            // A broken key would stay broken in the re-rendered form; the fresh one is used instead (Create meeting checks it).
            ModelState.Remove(IdempotencyKeyField);
        }

        return refused;
    }

    private async Task<IActionResult> ReopenDialogAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadPageAsync(id, cancellationToken) is { } failure)
        {
            return failure;
        }

        await LoadSchedulingAsync(id, cancellationToken);
        DialogOpen = true;
        return Page();
    }

    private async Task LoadSchedulingAsync(Guid id, CancellationToken cancellationToken)
    {
        var options = await Sender.Send(new GetSchedulingOptionsQuery(ContextKind, id), cancellationToken);
        if (options.IsSuccess)
        {
            Scheduling = options.Value;
            if (Form.FollowsGuestListDefault)
            {
                // The box shows the default for who is chosen, until the organizer ticks or unticks it themselves.
                Form.HideGuestList = Scheduling.HidesGuestListByDefault(Form.Participants);
                Form.HideGuestListShown = Form.HideGuestList;
            }
        }
        else
        {
            SchedulingUnavailable = options.FirstError.Message;
            MaySchedule = options.FirstError.Code != WhoSchedules.ExpertRefusedCode;
        }
    }

    private string Confirmation(ScheduledMeeting meeting)
    {
        var when = TimeDisplay.InZone(meeting.StartUtc, User.TimeZoneId());
        return meeting.Status == MeetingStatus.Scheduled
            ? $"Meeting scheduled: “{meeting.Title}” on {when} with {string.Join(", ", meeting.ParticipantNames)}. Invites are on their way."
            : $"Still working on “{meeting.Title}” ({when}): it will appear under My meetings when the providers confirm.";
    }
}

/// <summary>The dialog's fields, as posted.</summary>
public sealed class ScheduleMeetingForm
{
    [FormStamp]
    public Guid IdempotencyKey { get; set; } = Guid.NewGuid();

    [Display(Name = "Meet on")]
    public string? Platform { get; set; }

    [Display(Name = "Title")]
    public string? Title { get; set; }

    [Display(Name = "Description")]
    public string? Description { get; set; }

    [Display(Name = "Starting date & time")]
    [MeetingTime]
    public DateTime? Start { get; set; }

    [Display(Name = "Ending date & time")]
    [MeetingTime]
    public DateTime? End { get; set; }

    /// <summary>Which of the two instants, in the hour repeated when clocks go back (the UTC offset in minutes).</summary>
    public int? StartOffsetMinutes { get; set; }

    public int? EndOffsetMinutes { get; set; }

    [Display(Name = "Collaborators")]
    public List<Guid> Participants { get; set; } = [];

    [Display(Name = "Hide guest list")]
    public bool HideGuestList { get; set; }

    /// <summary>
    /// The box's state when the page last showed the default (the script updates both as collaborators are ticked). The box
    /// differing from it is the organizer's own choice; the same (or no mark) leaves the default to the server.
    /// </summary>
    public bool? HideGuestListShown { get; set; }

    /// <summary>The organizer has not changed the box: the server decides from who is invited.</summary>
    public bool FollowsGuestListDefault => HideGuestListShown is { } shown ? shown == HideGuestList : !HideGuestList;

    public ScheduleMeetingCommand ToCommand(MeetingContextKind kind, Guid contextId) =>
        new(IdempotencyKey, kind, contextId, Platform ?? string.Empty, Title ?? string.Empty, Description, Start, End, Participants, StartOffsetMinutes, EndOffsetMinutes,
            FollowsGuestListDefault ? null : HideGuestList);
}
