using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StrongCitiesPortal.Web.Features.Webhooks;

/// <summary>
/// <c>Umb-Webhook-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 under the webhook's secret of
/// <c>{Umb-Webhook-Delivery}.{Umb-Webhook-Timestamp}.{body}</c>: the delivery id and the Unix time of the attempt, then the
/// exact body bytes. A receiver recomputes it, compares in constant time, refuses a timestamp outside its replay window
/// (<see cref="ReplayWindow"/>) and remembers the delivery ids it has handled for as long as that window.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    /// <summary>The replay window the portal's documentation asks receivers to keep: a timestamp further off is refused.</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string Sign(string secret, string deliveryId, string timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{deliveryId}.{timestamp}.");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return Prefix + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>What a receiver does: the signature matches and the timestamp is within the replay window of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? deliveryId, string? timestamp, byte[] body, string? signature, DateTimeOffset now, TimeSpan? window = null)
    {
        if (signature is null || string.IsNullOrEmpty(deliveryId) || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return false;
        if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > (window ?? ReplayWindow))
            return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, deliveryId, timestamp!, body));
        var given = Encoding.ASCII.GetBytes(signature.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>A new secret: 32 random bytes, base64url.</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
