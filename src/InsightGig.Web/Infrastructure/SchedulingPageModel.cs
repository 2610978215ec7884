using System.ComponentModel.DataAnnotations;
using InsightGig.Application.Meetings.GetSchedulingOptions;
using InsightGig.Application.Meetings.ScheduleMeeting;
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

    /// <summary>Open the dialog when the page renders (after an error, or back from linking an account).</summary>
    public bool DialogOpen { get; private set; }

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

        if (await LoadPageAsync(id, cancellationToken) is { } failure)
        {
            return failure;
        }

        await LoadSchedulingAsync(id, cancellationToken);
        // A failed submission is a finished attempt: the next try is a new meeting with a new key.
        Form.IdempotencyKey = Guid.NewGuid();
        var keyField = $"{nameof(Form)}.{nameof(ScheduleMeetingForm.IdempotencyKey)}";
        if (ModelState.TryGetValue(keyField, out var key) && key.Errors.Count > 0)
        {
            // The key is no field of the person's: a broken one (a tampered or very old form) is said for the whole form.
            ModelState.AddModelError(string.Empty, FormStampAttribute.OutOfDateMessage);
        }

        ModelState.Remove(keyField);
        DialogOpen = true;
        if (Response.StatusCode == StatusCodes.Status200OK)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

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
