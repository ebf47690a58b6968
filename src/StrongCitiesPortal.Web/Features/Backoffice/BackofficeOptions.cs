namespace StrongCitiesPortal.Web.Features.Backoffice;

public sealed class BackofficeOptions
{
    public const string Section = "Portal:Backoffice";

    /// <summary>The portal's public address for links in e-mails ("https://portal.example.org"); invitations are refused while it is empty.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>
    /// The address links in e-mails start with: only the configured public URL, never the request's Host header
    /// (which a client chooses); null when it is missing or not an absolute http(s) address.
    /// </summary>
    public string? LinkBase() =>
        Uri.TryCreate(PublicUrl.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) && url.Query.Length == 0
            ? url.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : null;

    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan SetupLinkLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Failed sign-ins one client may make for one account name before it has to wait.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>The first wait after the free failures; it doubles after each further failure.</summary>
    public TimeSpan SignInDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between one client's attempts at one account.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>The first administrator, when the operator gives one (<c>Portal:Admin:Email</c>, <c>Portal:Admin:Password</c>).</summary>
public sealed class AdminOptions
{
    public const string Section = "Portal:Admin";

    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
}
