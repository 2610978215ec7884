using System.ComponentModel.DataAnnotations;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Account;

public sealed class LoginModel(PasswordSignIn passwordSignIn, SignInThrottle throttle, IWebHostEnvironment environment) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool ShowDemoAccounts => environment.IsDevelopment();

    public string DemoPassword => DemoData.Password;

    public IReadOnlyList<(string Email, string Description)> DemoAccounts { get; } =
    [
        (DemoData.Clara.Email, "client, Northwind Capital (London)"),
        (DemoData.Carlos.Email, "client, Northwind Capital (New York)"),
        (DemoData.Gina.Email, "client, Globex Partners (Berlin)"),
        (DemoData.Erin.Email, "expert on the Northwind project"),
        (DemoData.Priya.Email, "expert on the Northwind brief"),
        (DemoData.Admin.Email, "admin"),
    ];

    public void OnGet()
    {
    }

    [RateLimited(RateLimit.SignIn)]
    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            // A POST with none of the form's fields is bound without the "Input." prefix (MVC falls back to the empty one),
            // so its errors would show nowhere: check the fields again under their names, next to which the page shows them.
            if (!ModelState.Keys.Any(key => key.StartsWith(nameof(Input) + ".", StringComparison.Ordinal)))
            {
                ModelState.Clear();
                TryValidateModel(Input, nameof(Input));
            }

            return Page();
        }

        var email = Input.Email.Trim();
        using var lease = await throttle.AcquireAsync(HttpContext, email);
        if (!lease.IsAcquired)
        {
            return RateLimiters.TooManyRequests(HttpContext, lease);
        }

        if (await passwordSignIn.SignInAsync(email, Input.Password, Input.RememberMe))
        {
            await throttle.RememberDeviceAsync(HttpContext, email);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        // The same answer whether or not the account exists, and no lockout to reveal that it does.
        ModelState.AddModelError(string.Empty, "That email and password do not match an account.");
        return Page();
    }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your email.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(254, ErrorMessage = "An email address has at most 254 characters.")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(200, ErrorMessage = "A password has at most 200 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = string.Empty;

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }
}
