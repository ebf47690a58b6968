using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;
using StrongCitiesPortal.Web.Features.Backoffice.Users;

namespace StrongCitiesPortal.Web.Features.Backoffice.Account;

public sealed class InvitationModel(Invitations invitations, IContentService content, SignInManager<BackofficeUser> signIn, TimeProvider clock) : PageModel
{
    public string Token { get; private set; } = "";
    public string? Problem { get; private set; }
    public string Email { get; private set; } = "";
    public string RoleName { get; private set; } = "";
    public string? CityName { get; private set; }
    public string DisplayName { get; private set; } = "";
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? token)
    {
        await LoadAsync(token);
        if (Problem is not null)
            Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? token, string? displayName, string? password)
    {
        DisplayName = displayName ?? "";
        await LoadAsync(token);
        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }
        var result = await invitations.AcceptAsync(Token, DisplayName, password ?? "");
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await signIn.SignInAsync(result.User!, isPersistent: false);
        return Redirect("/backoffice");
    }

    private async Task LoadAsync(string? token)
    {
        Token = token ?? "";
        var invitation = await invitations.FindAsync(token);
        var now = clock.GetUtcNow();
        Problem = invitation switch
        {
            null => "This invitation link is not valid. Ask the person who invited you for a new one.",
            { AcceptedAt: not null } => "This invitation has already been used. Sign in with the password you chose.",
            { RevokedAt: not null } => "This invitation was replaced by a newer one. Use the link in the latest e-mail.",
            _ when invitation.ExpiresAt <= now => $"This invitation expired on {invitation.ExpiresAt:d MMMM yyyy}. Ask for a new one.",
            _ => null,
        };
        if (invitation is null)
            return;
        Email = invitation.Email;
        RoleName = BackofficeRoles.DisplayName(invitation.Role);
        if (invitation.CityKey is { } city)
            CityName = (await content.GetAsync(city))?.Name("en");
    }
}
