using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace StrongCitiesPortal.Web.Features.Backoffice.Account;

public sealed class LoginModel(SignInManager<BackofficeUser> signIn, UserManager<BackofficeUser> users, SignInThrottle throttle, AuditLog audit, ILogger<LoginModel> logger) : PageModel
{
    /// <summary>The one answer for a wrong password, an unknown account and a disabled one alike.</summary>
    public const string NoMatch = "That e-mail address and password do not match an account.";

    private static string? s_unusedHash;

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
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown address";
        if (await throttle.WaitAsync(Email, address) is { } wait)
        {
            // Not even checked: whatever the password, this client waits its turn for this account.
            logger.LogWarning("Sign-in for {User} from {Address} refused: too many failures, {Seconds} s to wait", Email, address, Seconds(wait));
            Error = $"Too many failed attempts from here: wait {Seconds(wait)} seconds, then try again.";
            Response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        var user = await users.FindByNameAsync(Email);
        SignInResult result;
        if (user is null || await users.IsLockedOutAsync(user))
        {
            // As slow as checking a real password, so the answer's timing does not tell which accounts exist.
            SpendAPasswordCheck(password);
            result = user is null ? SignInResult.Failed : SignInResult.LockedOut;
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
        }
        if (result.Succeeded)
        {
            await throttle.SucceededAsync(Email, address);
            logger.LogInformation("{User} signed in to the backoffice", Email);
            return LocalRedirect(ReturnUrl);
        }
        var subject = user is not null && Guid.TryParse(user.Id, out var id) ? id : Guid.Empty;
        var waitNext = await throttle.FailedAsync(Email, address);
        // Staff see in the audit log why; the person signing in sees the same words whatever went wrong.
        var action = result.IsLockedOut ? "sign-in-disabled-account" : "sign-in-failed";
        logger.LogWarning("Failed sign-in for {User} from {Address} ({Action})", Email, address, action);
        await audit.WriteAsync(subject, action, Email, $"from {address}" + (waitNext > TimeSpan.Zero ? $"; next attempt in {Seconds(waitNext)} s" : ""));
        Error = NoMatch;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private void SpendAPasswordCheck(string password)
    {
        var probe = new BackofficeUser();
        s_unusedHash ??= users.PasswordHasher.HashPassword(probe, Guid.NewGuid().ToString());
        users.PasswordHasher.VerifyHashedPassword(probe, s_unusedHash, password);
    }

    private static long Seconds(TimeSpan wait) => (long)Math.Ceiling(wait.TotalSeconds);

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/backoffice", StringComparison.Ordinal) ? returnUrl : "/backoffice";
}
