using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace StrongCitiesPortal.Web.Features.Backoffice.Identity;

/// <summary>Who is signed in, as the backoffice's rules need it.</summary>
public sealed record BackofficeIdentity(string Id, string UserName, string DisplayName, IReadOnlySet<string> Roles, Guid? CityKey)
{
    public const string CityClaim = "scp:city";
    public const string DisplayNameClaim = "scp:display-name";

    public bool IsAdministrator => Roles.Contains(BackofficeRoles.Administrator);

    /// <summary>May publish, unpublish, schedule, roll back, move, sort and delete anything.</summary>
    public bool IsPublisher => IsAdministrator || Roles.Contains(BackofficeRoles.Editor);

    /// <summary>Sees and edits the whole tree.</summary>
    public bool IsStaff => IsPublisher || Roles.Contains(BackofficeRoles.Writer);

    /// <summary>Limited to one member city's profile and practices; every save goes to review.</summary>
    public bool IsCityEditor => !IsStaff && Roles.Contains(BackofficeRoles.CityEditor) && CityKey is not null;

    public static BackofficeIdentity? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
            return null;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var name = principal.FindFirstValue(ClaimTypes.Name);
        if (id is null || name is null)
            return null;
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Where(BackofficeRoles.IsKnown).ToHashSet(StringComparer.Ordinal);
        var city = Guid.TryParse(principal.FindFirstValue(CityClaim), out var key) ? key : (Guid?)null;
        return new BackofficeIdentity(id, name, principal.FindFirstValue(DisplayNameClaim) ?? name, roles, city);
    }
}

/// <summary>Adds the display name and the city to the sign-in cookie's claims.</summary>
public sealed class BackofficeClaimsFactory(UserManager<BackofficeUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<BackofficeUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(BackofficeUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(BackofficeIdentity.DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        if (user.CityKey is { } city)
            identity.AddClaim(new Claim(BackofficeIdentity.CityClaim, city.ToString()));
        return identity;
    }
}
