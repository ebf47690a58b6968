using System.Security.Cryptography;
using System.Text;

namespace StrongCitiesPortal.Web.Features.Webhooks;

/// <summary>
/// <c>Umb-Webhook-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the exact request body under the
/// webhook's secret. A receiver recomputes it over the bytes it received and compares in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    public static string Sign(string secret, byte[] body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool Verify(string secret, byte[] body, string? header)
    {
        if (header is null)
            return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, body));
        var given = Encoding.ASCII.GetBytes(header.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>A new secret: 32 random bytes, base64url.</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
