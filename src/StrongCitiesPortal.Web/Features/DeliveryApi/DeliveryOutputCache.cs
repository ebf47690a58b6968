using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// Caches live answers per culture, Start-Item and query, never preview. Every entry is keyed by the
/// published cache's generation, so an answer computed before a publish is never served after it, and
/// entries are dropped as soon as the cache reports a change.
/// </summary>
public sealed class DeliveryOutputCache(bool media) : IOutputCachePolicy
{
    public const string ContentPolicy = "DeliveryApiContent";
    public const string MediaPolicy = "DeliveryApiMedia";
    public const string Tag = "delivery-api";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var services = context.HttpContext.RequestServices;
        var settings = services.GetRequiredService<IOptionsMonitor<DeliveryApiOptions>>().CurrentValue;
        var cache = services.GetRequiredService<PublishedContentCache>();
        var request = context.HttpContext.Request;
        var enabled = settings.OutputCache.Enabled && !DeliveryRequest.WantsPreview(request)
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
        context.EnableOutputCaching = enabled;
        context.AllowCacheLookup = enabled;
        context.AllowCacheStorage = enabled;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = media ? settings.OutputCache.MediaDuration : settings.OutputCache.ContentDuration;
        context.Tags.Add(Tag);
        // The raw query, not QueryKeys = "*": that sorts repeated values in place, reordering the request's own
        // id=, filter= and sort= values, and would give sort=a&sort=b and sort=b&sort=a the same entry.
        context.CacheVaryByRules.VaryByValues["query"] = request.QueryString.Value ?? "";
        context.CacheVaryByRules.HeaderNames = DeliveryRequest.StartItemHeader;
        context.CacheVaryByRules.VaryByValues["culture"] = DeliveryRequest.ResolveCulture(request.Headers.AcceptLanguage.ToString(), cache.Cultures, cache.DefaultCulture);
        context.CacheVaryByRules.VaryByValues["generation"] = cache.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}

/// <summary>Drops cached answers as soon as published content changes (on this instance or, through the cache listener, another).</summary>
public sealed class DeliveryOutputCacheEviction(PublishedContentCache cache, IOutputCacheStore store, ILogger<DeliveryOutputCacheEviction> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cache.Changed += Evict;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        cache.Changed -= Evict;
        return Task.CompletedTask;
    }

    private void Evict(IReadOnlyCollection<Guid> keys) =>
        _ = EvictAsync();

    private async Task EvictAsync()
    {
        try
        {
            await store.EvictByTagAsync(DeliveryOutputCache.Tag, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Entries are keyed by cache generation, so a failed eviction only wastes memory until they expire.
            logger.LogWarning(ex, "Could not evict the Delivery API output cache");
        }
    }
}
