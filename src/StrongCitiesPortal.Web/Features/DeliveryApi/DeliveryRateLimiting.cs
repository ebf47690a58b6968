using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// A fixed window of requests per client (its IP address), the Delivery API's own limiter so it neither
/// depends on nor disturbs any other rate limiting in the portal. Over the limit: 429 with Retry-After.
/// </summary>
public sealed class DeliveryRateLimiting
{
    private readonly RequestDelegate _next;
    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public DeliveryRateLimiting(RequestDelegate next, IOptions<DeliveryApiPortalOptions> options)
    {
        _next = next;
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, settings.RateLimitPermits),
                Window = settings.RateLimitWindow > TimeSpan.Zero ? settings.RateLimitWindow : TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            await _next(context);
            return;
        }
        using var lease = _limiter.AttemptAcquire(context);
        if (lease.IsAcquired)
        {
            await _next(context);
            return;
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await DeliveryResults.Problem(StatusCodes.Status429TooManyRequests, "Too many requests",
            $"This client has made too many requests. Try again in {seconds} seconds.").ExecuteAsync(context);
    }

    private static string ClientOf(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
