using System.ComponentModel.DataAnnotations;
using System.Globalization;
using InsightGig.Application.Meetings.AcceptProposal;
using InsightGig.Application.Meetings.AnswerMeeting;
using InsightGig.Application.Meetings.CancelMeeting;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.DismissProposal;
using InsightGig.Application.Meetings.EditMeetingDetails;
using InsightGig.Application.Meetings.GetMeeting;
using InsightGig.Application.Meetings.RescheduleMeeting;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Meetings;

/// <summary>
/// The meeting page for its organizer and participants (404 for anyone else), with the organizer's Reschedule, Edit details
/// and Cancel forms. Each form posts the version it was shown with: a change made meanwhile (another tab, the organizer's calendar)
/// is a "this meeting changed" answer with the new version loaded, never a silent overwrite. Success redirects (PRG).
/// </summary>
public sealed class DetailsModel(ISender sender) : PageModel
{
    public const string ChangedCode = "meeting.changed";

    /// <summary>The meeting as loaded for this response (after a refused change: the current version).</summary>
    public MeetingDetails Meeting { get; private set; } = null!;

    [BindProperty]
    public RescheduleForm Reschedule { get; set; } = new();

    [BindProperty]
    public EditDetailsForm Edit { get; set; } = new();

    [BindProperty]
    public CancelForm Cancel { get; set; } = new();

    /// <summary>A participant's Accept, Decline or Propose a new time.</summary>
    [BindProperty]
    public AnswerForm Answer { get; set; } = new();

    /// <summary>The organizer's Accept proposal or Dismiss.</summary>
    [BindProperty]
    public ProposalDecisionForm Proposal { get; set; } = new();

    /// <summary>The form a refused POST came from (<c>Reschedule</c>, <c>Edit</c> or <c>Cancel</c>): its errors show there.</summary>
    public string? ActiveForm { get; private set; }

    /// <summary>Why the change was not made although the input was fine (the meeting changed meanwhile, or was cancelled).</summary>
    public string? ConflictMessage { get; private set; }

    /// <summary>Show the cancel confirmation step (with the note) instead of the first "Cancel this meeting…" link.</summary>
    public bool ConfirmingCancel { get; private set; }

    /// <summary>The zone the viewer reads and types times in (a proposal's times are wall-clock in it).</summary>
    public string ViewerTimeZoneId => User.TimeZoneId();

    /// <summary>The page's own address, for Refresh links and redirects.</summary>
    public string PagePath => PathOf(Meeting.Id);

    public static string PathOf(Guid meetingId) => $"/meetings/{meetingId}";

    public async Task<IActionResult> OnGetAsync(Guid id, bool confirmCancel, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Prefill(nameof(Reschedule), nameof(Edit), nameof(Cancel), nameof(Answer));
        ConfirmingCancel = confirmCancel && Meeting.CanChange;
        return Page();
    }

    public async Task<IActionResult> OnPostRescheduleAsync(Guid id, CancellationToken cancellationToken)
    {
        if (HasBindingErrors(nameof(Reschedule)))
        {
            return await RefusedAsync(id, nameof(Reschedule), StatusCodes.Status400BadRequest, cancellationToken);
        }

        var result = await sender.Send(new RescheduleMeetingCommand(id, Reschedule.ExpectedVersion, Reschedule.Start, Reschedule.End, Reschedule.StartOffsetMinutes, Reschedule.EndOffsetMinutes), cancellationToken);
        return await AfterChangeAsync(id, nameof(Reschedule), result, "Meeting rescheduled", cancellationToken);
    }

    public async Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken cancellationToken)
    {
        if (HasBindingErrors(nameof(Edit)))
        {
            return await RefusedAsync(id, nameof(Edit), StatusCodes.Status400BadRequest, cancellationToken);
        }

        // The checkboxes are on the form only for a project meeting: without them, the participants stay as they are.
        var participants = Edit.EditParticipants ? Edit.Participants : null;
        // Likewise the guest list: a form without its checkbox (an old page) leaves it as it is.
        var hideGuestList = Edit.EditGuestList ? Edit.HideGuestList : (bool?)null;
        var result = await sender.Send(new EditMeetingDetailsCommand(id, Edit.ExpectedVersion, Edit.Title ?? string.Empty, Edit.Description, participants, hideGuestList),
            cancellationToken);
        return await AfterChangeAsync(id, nameof(Edit), result, "Details saved", cancellationToken);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!Cancel.Confirmed)
        {
            // Cancelling tells everyone: it always goes through the confirmation step first.
            // Only the organizer changes a meeting; for anyone else there is nothing here (as the commands answer).
            if (!await LoadAsync(id, cancellationToken) || !Meeting.IsOrganizer)
            {
                return NotFound();
            }

            Prefill(nameof(Reschedule), nameof(Edit));
            ConfirmingCancel = Meeting.CanChange;
            return Page();
        }

        if (HasBindingErrors(nameof(Cancel)))
        {
            return await RefusedAsync(id, nameof(Cancel), StatusCodes.Status400BadRequest, cancellationToken);
        }

        var result = await sender.Send(new CancelMeetingCommand(id, Cancel.ExpectedVersion, Cancel.Note), cancellationToken);
        return await AfterChangeAsync(id, nameof(Cancel), result, "Meeting cancelled", cancellationToken);
    }

    public async Task<IActionResult> OnPostAnswerAsync(Guid id, CancellationToken cancellationToken)
    {
        if (HasBindingErrors(nameof(Answer)))
        {
            return await AnswerRefusedAsync(id, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var propose = Answer.Choice == MeetingAnswer.ProposeNewTime;
        var result = await sender.Send(new AnswerMeetingCommand(id, Answer.Choice,
            propose ? Answer.Start : null, propose ? Answer.End : null, propose ? Answer.Note : null,
            Answer.StartOffsetMinutes, Answer.EndOffsetMinutes), cancellationToken);
        if (result.IsSuccess)
        {
            TempData[StatusMessage.Key] = result.Value.Response switch
            {
                ResponseStatus.Accepted => "You accepted. The organizer sees it on the meeting page.",
                ResponseStatus.Declined => "You declined. The organizer is told.",
                _ => "Your proposed time is sent to the organizer, who can accept it with one click or dismiss it.",
            };
            return Redirect(PathOf(id));
        }

        if (this.FailureResponse(result, nameof(Answer)) is { } notFound)
        {
            return notFound;
        }

        return await AnswerRefusedAsync(id,
            result.Errors.Any(e => e.Kind == ErrorKind.Conflict) ? StatusCodes.Status409Conflict : Response.StatusCode, cancellationToken);
    }

    public async Task<IActionResult> OnPostAcceptProposalAsync(Guid id, CancellationToken cancellationToken)
    {
        if (HasBindingErrors(nameof(Proposal)))
        {
            return await RefusedAsync(id, nameof(Proposal), StatusCodes.Status400BadRequest, cancellationToken);
        }

        var result = await sender.Send(new AcceptProposalCommand(id, Proposal.ProposalId, Proposal.ExpectedVersion), cancellationToken);
        return await AfterChangeAsync(id, nameof(Proposal), result, "Proposal accepted: the meeting is rescheduled", cancellationToken);
    }

    public async Task<IActionResult> OnPostDismissProposalAsync(Guid id, CancellationToken cancellationToken)
    {
        if (HasBindingErrors(nameof(Proposal)))
        {
            return await RefusedAsync(id, nameof(Proposal), StatusCodes.Status400BadRequest, cancellationToken);
        }

        var result = await sender.Send(new DismissProposalCommand(id, Proposal.ProposalId, Proposal.ExpectedVersion), cancellationToken);
        if (result.IsSuccess)
        {
            TempData[StatusMessage.Key] = "Proposal dismissed; the participant is told. The meeting stays as it is.";
            return Redirect(PathOf(id));
        }

        return await AfterChangeAsync(id, nameof(Proposal), result, "Proposal dismissed", cancellationToken);
    }

    /// <summary>Shows the page again with the answer form as it was typed and its errors.</summary>
    private async Task<IActionResult> AnswerRefusedAsync(Guid id, int status, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Prefill(nameof(Reschedule), nameof(Edit), nameof(Cancel));
        ActiveForm = nameof(Answer);
        Response.StatusCode = status;
        return Page();
    }

    private async Task<IActionResult> AfterChangeAsync(
        Guid id, string form, Result<MeetingChanged> result, string done, CancellationToken cancellationToken)
    {
        if (result.IsSuccess)
        {
            TempData[StatusMessage.Key] = Confirmation(done, result.Value);
            return Redirect(PathOf(id));
        }

        if (this.FailureResponse(result, form) is { } notFound)
        {
            return notFound;
        }

        if (result.Errors.FirstOrDefault(e => e.Kind == ErrorKind.Conflict) is { } conflict)
        {
            ConflictMessage = conflict.Code == ChangedCode
                ? conflict.Message + " Your change was not saved."
                : conflict.Message;
            // The current version is what the page shows now, in every form: nothing the person typed is applied on top of
            // a version they have not seen.
            ModelState.Clear();
            if (!await LoadAsync(id, cancellationToken))
            {
                return NotFound();
            }

            Prefill(nameof(Reschedule), nameof(Edit), nameof(Cancel));
            ActiveForm = form;
            ConfirmingCancel = form == nameof(Cancel) && Meeting.CanChange;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return await RefusedAsync(id, form, Response.StatusCode, cancellationToken);
    }

    /// <summary>Shows the page again with the posted form as it was typed and its errors next to the fields.</summary>
    private async Task<IActionResult> RefusedAsync(Guid id, string form, int status, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || !Meeting.IsOrganizer)
        {
            return NotFound();
        }

        Prefill([.. new[] { nameof(Reschedule), nameof(Edit), nameof(Cancel) }.Where(f => f != form)]);
        ActiveForm = form;
        ConfirmingCancel = form == nameof(Cancel) && Meeting.CanChange;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetMeetingQuery(id), cancellationToken);
        if (result.IsFailure)
        {
            return false;
        }

        Meeting = result.Value;
        return true;
    }

    /// <summary>Fills the named forms from the loaded meeting (times as wall-clock in the organizer's zone).</summary>
    private void Prefill(params string[] forms)
    {
        foreach (var form in forms)
        {
            foreach (var key in ModelState.Keys.Where(k => k.StartsWith(form + ".", StringComparison.Ordinal)).ToList())
            {
                ModelState.Remove(key);
            }

            switch (form)
            {
                case nameof(Reschedule):
                    Reschedule = new RescheduleForm
                    {
                        ExpectedVersion = Meeting.Version,
                        Start = WallClock(Meeting.StartUtc, Meeting.OrganizerTimeZoneId),
                        End = WallClock(Meeting.EndUtc, Meeting.OrganizerTimeZoneId),
                    };
                    break;
                case nameof(Edit):
                    Edit = new EditDetailsForm
                    {
                        ExpectedVersion = Meeting.Version,
                        Title = Meeting.Title,
                        Description = Meeting.Description,
                        EditParticipants = Meeting.ParticipantsEditable,
                        Participants = [.. Meeting.Participants.Select(p => p.PersonId)],
                        EditGuestList = true,
                        HideGuestList = Meeting.HideGuestList,
                    };
                    break;
                case nameof(Cancel):
                    Cancel = new CancelForm { ExpectedVersion = Meeting.Version };
                    break;
                case nameof(Answer):
                    Answer = new AnswerForm
                    {
                        Start = WallClock(Meeting.StartUtc, ViewerTimeZoneId),
                        End = WallClock(Meeting.EndUtc, ViewerTimeZoneId),
                    };
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(forms), form, "Unknown form.");
            }
        }
    }

    private bool HasBindingErrors(string form) =>
        ModelState.Any(e => e.Key.StartsWith(form + ".", StringComparison.Ordinal) && e.Value?.ValidationState == ModelValidationState.Invalid);

    /// <summary>The instant as the wall-clock time a datetime-local input shows in <paramref name="timeZoneId"/>.</summary>
    public static DateTime WallClock(DateTimeOffset utc, string timeZoneId)
    {
        var zone = TimeDisplay.Zone(timeZoneId);
        return DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(utc, zone).DateTime, DateTimeKind.Unspecified);
    }

    /// <summary>An instant as the viewer reads it in <paramref name="timeZoneId"/>, e.g. "Fri 15 Jan 2027, 15:00" (zone not included).</summary>
    public static string Local(DateTimeOffset utc, string timeZoneId) =>
        WallClock(utc, timeZoneId).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The end of a meeting: only the time when it ends on the day it starts.</summary>
    public static string EndLocal(DateTimeOffset startUtc, DateTimeOffset endUtc, string timeZoneId) =>
        WallClock(startUtc, timeZoneId).Date == WallClock(endUtc, timeZoneId).Date
            ? WallClock(endUtc, timeZoneId).ToString("HH:mm", CultureInfo.InvariantCulture)
            : Local(endUtc, timeZoneId);

    private static string Confirmation(string done, MeetingChanged changed) =>
        changed.InStep
            ? $"{done}. The video meeting and everyone's calendar invite are up to date."
            : changed.Problem is { } problem
                ? $"{done} in InsightGig, but not everywhere yet: {problem}"
                : $"{done} in InsightGig; the video meeting and the calendar invites are being updated.";
}

/// <summary>The Reschedule form: wall-clock times in the organizer's zone, as when scheduling.</summary>
public sealed class RescheduleForm
{
    [FormStamp]
    public int ExpectedVersion { get; set; }

    [Display(Name = "Starting date & time")]
    [MeetingTime]
    public DateTime? Start { get; set; }

    [Display(Name = "Ending date & time")]
    [MeetingTime]
    public DateTime? End { get; set; }

    /// <summary>Which of the two instants, in the hour repeated when clocks go back (the UTC offset in minutes).</summary>
    public int? StartOffsetMinutes { get; set; }

    public int? EndOffsetMinutes { get; set; }
}

/// <summary>The Edit details form; the collaborators only on a project meeting.</summary>
public sealed class EditDetailsForm
{
    [FormStamp]
    public int ExpectedVersion { get; set; }

    [Display(Name = "Title")]
    public string? Title { get; set; }

    [Display(Name = "Description")]
    public string? Description { get; set; }

    /// <summary>The form carries the collaborator checkboxes (so none ticked means "nobody", not "unchanged").</summary>
    public bool EditParticipants { get; set; }

    [Display(Name = "Collaborators")]
    public List<Guid> Participants { get; set; } = [];

    /// <summary>The form carries the "Hide guest list" checkbox (so unticked means "show it", not "unchanged").</summary>
    public bool EditGuestList { get; set; }

    [Display(Name = "Hide guest list")]
    public bool HideGuestList { get; set; }
}

/// <summary>The Cancel form (its confirmation step).</summary>
public sealed class CancelForm
{
    [FormStamp]
    public int ExpectedVersion { get; set; }

    [Display(Name = "Note to participants (optional)")]
    public string? Note { get; set; }

    /// <summary>Posted by the confirmation step only.</summary>
    public bool Confirmed { get; set; }
}

/// <summary>A participant's answer; the times (in the participant's zone) and the note only with Propose a new time.</summary>
public sealed class AnswerForm
{
    public MeetingAnswer Choice { get; set; }

    [Display(Name = "Starting date & time")]
    [MeetingTime]
    public DateTime? Start { get; set; }

    [Display(Name = "Ending date & time")]
    [MeetingTime]
    public DateTime? End { get; set; }

    public int? StartOffsetMinutes { get; set; }

    public int? EndOffsetMinutes { get; set; }

    [Display(Name = "Note to the organizer (optional)")]
    public string? Note { get; set; }
}

/// <summary>The organizer's decision on one open proposal.</summary>
public sealed class ProposalDecisionForm
{
    [FormStamp]
    public int ExpectedVersion { get; set; }

    [FormStamp]
    public Guid ProposalId { get; set; }
}
