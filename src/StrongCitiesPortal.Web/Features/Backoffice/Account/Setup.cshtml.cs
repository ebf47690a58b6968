using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;
using StrongCitiesPortal.Web.Features.Backoffice.Users;

namespace StrongCitiesPortal.Web.Features.Backoffice.Account;

public sealed class SetupModel(SetupLinks links, SignInManager<BackofficeUser> signIn) : PageModel
{
    public bool Valid { get; private set; }
    public string Token { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? token)
    {
        Token = token ?? "";
        Valid = await links.IsValidAsync(token);
        if (!Valid)
            Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? token, string? email, string? displayName, string? password)
    {
        Token = token ?? "";
        Email = email ?? "";
        DisplayName = displayName ?? "";
        var result = await links.CreateAdministratorAsync(Token, Email, DisplayName, password ?? "");
        if (!result.Succeeded)
        {
            Valid = await links.IsValidAsync(token);
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await signIn.SignInAsync(result.User!, isPersistent: false);
        return Redirect("/backoffice");
    }
}
