using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.Features.Backoffice.Access;
using StrongCitiesPortal.Web.Features.Backoffice.Content;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;
using StrongCitiesPortal.Web.Features.Backoffice.Users;

namespace StrongCitiesPortal.Web.Features.Backoffice.Account;

public sealed class InviteModel(Invitations invitations, ContentTree tree, IOptions<BackofficeOptions> options, TimeProvider clock) : BackofficePageModel
{
    public IReadOnlyList<TreeNode> Cities { get; private set; } = [];
    public IReadOnlyList<Invitation> Recent { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string Email { get; private set; } = "";
    public string Role { get; private set; } = BackofficeRoles.CityEditor;
    public Guid? City { get; private set; }
    public double LifetimeDays => options.Value.InvitationLifetime.TotalDays;
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Set when invitations cannot be sent: the portal has no configured public address to build links from.</summary>
    public string? Unconfigured => invitations.LinkBase() is null ? Invitations.NoPublicUrl : null;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(string? email, string? role, Guid? city)
    {
        Email = email ?? "";
        Role = role ?? BackofficeRoles.CityEditor;
        City = city;
        if (!Me.IsAdministrator && Role != BackofficeRoles.CityEditor)
            return Refuse("invite staff", null);
        var result = await invitations.InviteAsync(Me, Email, Role, City);
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            // A missing public address is the portal's setup, not the editor's input.
            Response.StatusCode = Unconfigured is null ? StatusCodes.Status400BadRequest : StatusCodes.Status503ServiceUnavailable;
            await LoadAsync();
            return Page();
        }
        Flash = $"Invitation sent to {result.Invitation!.Email}.";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Cities = (await tree.LoadAsync()).OfType(ContentAccess.MemberCityType).OrderBy(c => c.Name("en"), StringComparer.CurrentCulture).ToList();
        Recent = await invitations.RecentAsync();
    }
}
