using System.ComponentModel.DataAnnotations;
using InsightGig.Infrastructure.Identity;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Account;

public sealed class LoginModel(SignInManager<ApplicationUser> signInManager, IWebHostEnvironment environment) : PageModel
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

        var result = await signInManager.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes."
            : "That email and password do not match an account.");
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
