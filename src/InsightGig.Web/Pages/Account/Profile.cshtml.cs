using System.ComponentModel.DataAnnotations;
using InsightGig.Application.Directory.GetWorkingTime;
using InsightGig.Application.Directory.SaveWorkingTime;
using InsightGig.Application.Notifications.ChooseAnswerEmails;
using InsightGig.Application.Notifications.GetAnswerEmails;
using InsightGig.Application.Notifications.GetReminderPreferences;
using InsightGig.Application.Notifications.SaveReminderPreferences;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Account;

/// <summary>The signed-in person's settings, one section each: time zone and working hours, email reminders, emails about answers.</summary>
public sealed class ProfileModel(ISender sender, SignInRefresh signInRefresh) : PageModel
{
    public WorkingTime? Time { get; private set; }

    /// <summary>The time zone and working hours form, as posted (or as saved, on GET).</summary>
    [BindProperty]
    public WorkingTimeForm WorkingTime { get; set; } = new();

    public IReadOnlyList<ReminderPreference> Reminders { get; private set; } = [];

    /// <summary>The reminders ticked on the form (minutes before the start).</summary>
    [BindProperty]
    public List<int> RemindersOn { get; set; } = [];

    /// <summary>Emails about answers (a participant declined or proposed a time; the organizer decided on a proposal): on unless turned off.</summary>
    [BindProperty]
    public bool AnswerEmailsOn { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostRemindersAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(cancellationToken) ?? Page();
        }

        var result = await sender.Send(new SaveReminderPreferencesCommand(RemindersOn), cancellationToken);
        if (this.FailureResponse(result) is { } failure)
        {
            return failure;
        }

        if (result.IsFailure)
        {
            return await ShowAsync(cancellationToken) ?? Page();
        }

        TempData[StatusMessage.Key] = "Your reminder settings are saved. Reminders already on their way follow them too.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAnswerEmailsAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(cancellationToken, keepAnswerEmails: true) ?? Page();
        }

        var result = await sender.Send(new ChooseAnswerEmailsCommand(AnswerEmailsOn), cancellationToken);
        if (this.FailureResponse(result) is { } failure)
        {
            return failure;
        }

        if (result.IsFailure)
        {
            return await ShowAsync(cancellationToken, keepAnswerEmails: true) ?? Page();
        }

        TempData[StatusMessage.Key] = AnswerEmailsOn
            ? "You will get emails about answers to your meetings."
            : "You will no longer get emails about answers. You still see every answer on the meeting's page and on My meetings.";
        return Redirect("/Account/Profile#answer-emails");
    }

    public async Task<IActionResult> OnPostWorkingTimeAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await sender.Send(WorkingTime.ToCommand(), cancellationToken);
            if (this.FailureResponse(result, nameof(WorkingTime)) is { } notFound)
            {
                return notFound;
            }

            if (result.IsSuccess)
            {
                if (result.Value.TimeZoneChanged)
                {
                    await signInRefresh.RefreshAsync(User);
                }

                TempData[StatusMessage.Key] = $"Your time zone ({result.Value.TimeZoneId}) and working hours are saved. Times are shown in it from now on; your meetings stay at the same moments.";
                return Redirect("/Account/Profile#working-time");
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await ShowAsync(cancellationToken, keepWorkingTimeForm: true) ?? Page();
    }

    private async Task<IActionResult?> ShowAsync(CancellationToken cancellationToken, bool keepWorkingTimeForm = false, bool keepAnswerEmails = false)
    {
        var time = await sender.Send(new GetWorkingTimeQuery(), cancellationToken);
        if (this.FailureResponse(time) is { } missing)
        {
            return missing;
        }

        Time = time.Value;
        if (!keepWorkingTimeForm)
        {
            WorkingTime = WorkingTimeForm.From(time.Value);
        }

        var reminders = await sender.Send(new GetReminderPreferencesQuery(), cancellationToken);
        if (this.FailureResponse(reminders) is { } failure)
        {
            return failure;
        }

        Reminders = reminders.Value;
        var answerEmails = await sender.Send(new GetAnswerEmailsQuery(), cancellationToken);
        if (this.FailureResponse(answerEmails) is { } noPerson)
        {
            return noPerson;
        }

        if (!keepAnswerEmails)
        {
            AnswerEmailsOn = answerEmails.Value;
        }

        return null;
    }
}

/// <summary>The Profile page's time zone and working hours form: one row per weekday, Monday first.</summary>
public sealed class WorkingTimeForm
{
    [Display(Name = "Time zone")]
    public string? TimeZoneId { get; set; }

    public List<WorkdayForm> Days { get; set; } = [];

    public static WorkingTimeForm From(WorkingTime time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new WorkingTimeForm
        {
            TimeZoneId = time.TimeZoneId,
            // A day off shows 09:00–18:00, ready for when it is ticked.
            Days = [.. time.Days.Select(d => new WorkdayForm { Day = d.Day, Works = d.Works, Start = d.Start ?? new TimeOnly(9, 0), End = d.End ?? new TimeOnly(18, 0) })],
        };
    }

    public SaveWorkingTimeCommand ToCommand() => new(TimeZoneId, [.. Days.Select(d => new WorkdayHours(d.Day, d.Works, d.Start, d.End))]);
}

public sealed class WorkdayForm
{
    public DayOfWeek Day { get; set; }

    public bool Works { get; set; }

    [Display(Name = "Start")]
    public TimeOnly? Start { get; set; }

    [Display(Name = "End")]
    public TimeOnly? End { get; set; }
}
