using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.Features.Backoffice.Access;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Content;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Web.Features.Backoffice.Users;

/// <summary>Administrators: who has an account, with which role and city; change a role, lock or unlock.</summary>
public sealed class IndexModel(UserManager<BackofficeUser> users, ContentTree tree, AuditLog audit, TimeProvider clock) : BackofficePageModel
{
    public sealed record Row(BackofficeUser User, string Role, bool Locked);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<TreeNode> Cities { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostRoleAsync(string id, string? role, Guid? city)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
            return NotFound();
        if (!BackofficeRoles.IsKnown(role))
            return await FailAsync("Choose a role.");
        Cities = (await tree.LoadAsync()).OfType(ContentAccess.MemberCityType).ToList();
        if (role == BackofficeRoles.CityEditor && (city is null || Cities.All(c => c.Key != city)))
            return await FailAsync("A city editor needs a member city.");
        if (user.Id == Me.Id && role != BackofficeRoles.Administrator)
            return await FailAsync("You cannot remove your own administrator role; ask another administrator.");
        var before = string.Join(",", await users.GetRolesAsync(user));
        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRoleAsync(user, role!);
        user.CityKey = role == BackofficeRoles.CityEditor ? city : null;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(Subject(user), "user-role", Me.UserName, $"{user.Email}: {before} → {role}" + (user.CityKey is null ? "" : $" for city {user.CityKey}"));
        Flash = $"{user.Email} is now {BackofficeRoles.DisplayName(role!)}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostLockAsync(string id, bool locked)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
            return NotFound();
        if (user.Id == Me.Id)
            return await FailAsync("You cannot lock your own account.");
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (!locked)
            await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(Subject(user), locked ? "user-lock" : "user-unlock", Me.UserName, user.Email);
        Flash = locked ? $"{user.Email} can no longer sign in." : $"{user.Email} can sign in again.";
        return RedirectToPage();
    }

    private async Task<IActionResult> FailAsync(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Cities = (await tree.LoadAsync()).OfType(ContentAccess.MemberCityType).OrderBy(c => c.Name("en"), StringComparer.CurrentCulture).ToList();
        var rows = new List<Row>();
        foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync())
        {
            var roles = await users.GetRolesAsync(user);
            rows.Add(new Row(user, roles.FirstOrDefault() ?? "", user.LockoutEnd is { } end && end > clock.GetUtcNow()));
        }
        Rows = rows;
    }

    private static Guid Subject(BackofficeUser user) => Guid.TryParse(user.Id, out var id) ? id : Guid.Empty;
}
