using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace StrongCitiesPortal.Web.Features.Webhooks;

/// <summary>
/// Signing secrets are stored encrypted with the portal's data-protection keys (kept in PostgreSQL, shared by every
/// instance), so a copy of the database alone cannot forge deliveries.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider dataProtection)
{
    private const string Marker = "dp1:";
    private readonly IDataProtector _protector = dataProtection.CreateProtector("StrongCitiesPortal.Webhooks.SigningSecret");

    public string Protect(string secret) => Marker + _protector.Protect(secret);

    /// <exception cref="CryptographicException">The keys that encrypted it are gone.</exception>
    public string Unprotect(string stored) =>
        IsProtected(stored) ? _protector.Unprotect(stored[Marker.Length..]) : stored;

    /// <summary>Whether a stored value is encrypted (secrets written before encryption are plain until protected at start-up).</summary>
    public static bool IsProtected(string stored) => stored.StartsWith(Marker, StringComparison.Ordinal);
}
