using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace StrongCitiesPortal.Web.Features.Cities;

public sealed class CityContactOptions
{
    public const string Section = "Portal:CityContact";

    /// <summary>How many messages one client (IP address) may send in <see cref="Window"/>.</summary>
    public int MessagesPerClient { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Messages sent through "contact this city", counted per client in a fixed window.</summary>
public sealed class CityContactLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public CityContactLimiter(IOptions<CityContactOptions> options)
    {
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(client =>
            RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, settings.MessagesPerClient),
                Window = settings.Window > TimeSpan.Zero ? settings.Window : TimeSpan.FromHours(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>True when the client may send one more message now; otherwise how long to wait.</summary>
    public bool TryAcquire(string client, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(client);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}

public static class CityContactExtensions
{
    public static IServiceCollection AddCityContact(this IServiceCollection services)
    {
        services.AddOptions<CityContactOptions>().BindConfiguration(CityContactOptions.Section);
        services.AddSingleton<CityContactLimiter>();
        return services;
    }
}
