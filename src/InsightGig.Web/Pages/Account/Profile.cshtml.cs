using InsightGig.Application.Notifications.GetReminderPreferences;
using InsightGig.Application.Notifications.SaveReminderPreferences;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Account;

/// <summary>The signed-in person's settings, one section each (email reminders today; time zone and working hours later).</summary>
public sealed class ProfileModel(ISender sender) : PageModel
{
    public IReadOnlyList<ReminderPreference> Reminders { get; private set; } = [];

    /// <summary>The reminders ticked on the form (minutes before the start).</summary>
    [BindProperty]
    public List<int> RemindersOn { get; set; } = [];

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

    private async Task<IActionResult?> ShowAsync(CancellationToken cancellationToken)
    {
        var reminders = await sender.Send(new GetReminderPreferencesQuery(), cancellationToken);
        if (this.FailureResponse(reminders) is { } failure)
        {
            return failure;
        }

        Reminders = reminders.Value;
        return null;
    }
}
