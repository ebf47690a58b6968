using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Web.Features.Backoffice.Account;

/// <summary>The signed-in person's own settings: review e-mails, and the languages they edit (what the dashboard shows).</summary>
public sealed class IndexModel(UserManager<BackofficeUser> users, IOptions<PortalContentOptions> options) : BackofficePageModel
{
    public bool ReviewMail { get; private set; }
    public IReadOnlyList<string> Cultures => options.Value.EffectiveCultures;
    public IReadOnlySet<string> EditCultures { get; private set; } = new HashSet<string>();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
            return Forbid();
        ReviewMail = user.ReviewMail;
        EditCultures = UserCultures.Of(user, Me, options.Value).ToHashSet(StringComparer.Ordinal);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(bool reviewMail, string[]? cultures)
    {
        if (await users.GetUserAsync(User) is not { } user)
            return Forbid();
        user.ReviewMail = reviewMail;
        user.EditCultures = string.Join(",", (cultures ?? []).Where(Cultures.Contains).Distinct(StringComparer.Ordinal));
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
            return BadRequest(string.Join(" ", updated.Errors.Select(e => e.Description)));
        Flash = "Your settings are saved.";
        return Redirect("/backoffice/account");
    }
}

/// <summary>The cultures a person edits: their own choice, else every culture for staff and the default culture for a city editor.</summary>
public static class UserCultures
{
    public static IReadOnlyList<string> Of(BackofficeUser user, BackofficeIdentity me, PortalContentOptions options)
    {
        var chosen = user.EditCultures.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(options.EffectiveCultures.Contains).ToList();
        if (chosen.Count > 0)
            return chosen;
        return me.IsCityEditor ? [options.DefaultCulture] : options.EffectiveCultures;
    }
}
