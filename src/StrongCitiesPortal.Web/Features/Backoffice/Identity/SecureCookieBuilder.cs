using System.Net;

namespace StrongCitiesPortal.Web.Features.Backoffice.Identity;

/// <summary>
/// Cookies marked Secure on every request, except plain HTTP from and to this machine's loopback interface
/// (the portal started by <c>scripts/run.sh</c> on http://localhost, or the browser tests), where no browser
/// would keep a Secure cookie. Anywhere else an HTTP request gets a Secure cookie that browsers refuse to
/// keep, so sign-in only works over HTTPS.
/// </summary>
public sealed class SecureCookieBuilder : CookieBuilder
{
    public SecureCookieBuilder() => SecurePolicy = CookieSecurePolicy.SameAsRequest;

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Secure = context.Request.IsHttps || !IsLocalPlainHttp(context);
        return options;
    }

    public static bool IsLocalPlainHttp(HttpContext context) =>
        !context.Request.IsHttps
        && context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
        && (context.Request.Host.Host is "localhost" || (IPAddress.TryParse(context.Request.Host.Host.Trim('[', ']'), out var host) && IPAddress.IsLoopback(host)));
}
