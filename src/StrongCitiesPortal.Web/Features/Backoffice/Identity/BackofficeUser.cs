using Microsoft.AspNetCore.Identity;

namespace StrongCitiesPortal.Web.Features.Backoffice.Identity;

/// <summary>Someone who signs in to the backoffice: SCN staff, or a member city's focal point.</summary>
public sealed class BackofficeUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>For a city editor: the member city (content key) whose profile and practices they keep.</summary>
    public Guid? CityKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether review e-mails (submitted, returned, published) are sent to this person; set on the account page.</summary>
    public bool ReviewMail { get; set; } = true;

    /// <summary>The cultures this person edits, comma-separated ("en,fr"); empty means the portal's default for their role.</summary>
    public string EditCultures { get; set; } = "";
}
