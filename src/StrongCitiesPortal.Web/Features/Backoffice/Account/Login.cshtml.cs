using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Web.Features.Backoffice.Account;

public sealed class LoginModel(SignInManager<BackofficeUser> signIn, UserManager<BackofficeUser> users, AuditLog audit, ILogger<LoginModel> logger) : PageModel
{
    public string? Error { get; private set; }
    public string Email { get; private set; } = "";
    public string ReturnUrl { get; private set; } = "/backoffice";

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturnUrl(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        Email = (email ?? "").Trim();
        if (Email.Length == 0 || string.IsNullOrEmpty(password) || Email.Length > 256)
        {
            Error = "Enter your e-mail address and password.";
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(Email, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("{User} signed in to the backoffice", Email);
            return LocalRedirect(ReturnUrl);
        }
        var user = await users.FindByNameAsync(Email);
        var subject = user is not null && Guid.TryParse(user.Id, out var id) ? id : Guid.Empty;
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown address";
        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused for {User}: locked out ({Address})", Email, address);
            await audit.WriteAsync(subject, "sign-in-locked-out", Email, $"from {address}");
            Error = "Too many failed attempts: this account is locked for a while. Try again later or ask an administrator.";
        }
        else
        {
            logger.LogWarning("Failed sign-in for {User} from {Address}", Email, address);
            await audit.WriteAsync(subject, "sign-in-failed", Email, $"from {address}");
            Error = "That e-mail address and password do not match an account.";
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/backoffice", StringComparison.Ordinal) ? returnUrl : "/backoffice";
}
