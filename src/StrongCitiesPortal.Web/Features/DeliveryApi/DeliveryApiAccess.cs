using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// Stands in front of the output cache, so a cached answer is never served to a request that may not have it:
/// 404 while the API (or its media part) is disabled, 401 without the key where the key is needed.
/// </summary>
public sealed class DeliveryApiAccess(RequestDelegate next, IOptionsMonitor<DeliveryApiOptions> options)
{
    public const string BasePath = "/umbraco/delivery/api";

    public async Task InvokeAsync(HttpContext context)
    {
        // The portal's HTML status pages are for people; API clients get problem details.
        context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
        context.Response.Headers.Append(HeaderNames.Vary, "Accept-Language, Preview, Start-Item");
        var settings = options.CurrentValue;
        var isMedia = context.Request.Path.StartsWithSegments(BasePath + "/v2/media", StringComparison.OrdinalIgnoreCase);
        if (!settings.Enabled || (isMedia && !settings.Media.Enabled))
        {
            await DeliveryResults.Problem(StatusCodes.Status404NotFound).ExecuteAsync(context);
            return;
        }
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            await next(context);
            return;
        }
        var publicAccess = isMedia ? settings.PublicAccess && settings.Media.PublicAccess : settings.PublicAccess;
        var allowed = DeliveryRequest.WantsPreview(context.Request) || !publicAccess
            ? HasValidKey(context.Request, settings)
            : true;
        if (!allowed)
        {
            await DeliveryResults.Problem(StatusCodes.Status401Unauthorized).ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    /// <summary>The request carries the configured key; with no key configured, nobody has one.</summary>
    public static bool HasValidKey(HttpRequest request, DeliveryApiOptions settings)
    {
        if (string.IsNullOrEmpty(settings.ApiKey))
            return false;
        var given = Encoding.UTF8.GetBytes(request.Headers[DeliveryRequest.ApiKeyHeader].ToString());
        var expected = Encoding.UTF8.GetBytes(settings.ApiKey);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
