using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.Shared;

/// <summary>
/// Anonymous GETs of content pages answered from memory (ASP.NET Core's output cache, bounded by its size limit).
/// An entry is keyed by host, exact path, raw query and the <see cref="SiteState"/> it was rendered from, so once
/// anything is published (here or, through the change feed, on another instance), the index applies it, a media
/// item changes or the day turns, no earlier page is served again; entries are also dropped as soon as the
/// published cache reports a change. Never for a request that carries a cookie or credentials (a signed-in editor,
/// a visitor who sent a form), and never a response that sets a cookie or is not a plain 200.
/// </summary>
public sealed class PublicPageCache : IOutputCachePolicy
{
    public const string PolicyName = "PublicPages";
    public const string Tag = "public-pages";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptionsMonitor<PortalSiteOptions>>().CurrentValue.PageCache;
        var states = services.GetRequiredService<SiteStates>();
        var request = http.Request;
        var enabled = options.Enabled && IsAnonymous(http) && states.Settled
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
        context.EnableOutputCaching = enabled;
        context.AllowCacheLookup = enabled;
        context.AllowCacheStorage = enabled;
        context.AllowLocking = true;
        if (!enabled)
            return ValueTask.CompletedTask;
        context.ResponseExpirationTimeSpan = options.Duration;
        context.Tags.Add(Tag);
        var state = states.Current;
        // The exact path (the default key ignores its case, and a miscased address must still be redirected) and the raw query.
        context.CacheVaryByRules.VaryByValues["path"] = request.Path.Value ?? "";
        context.CacheVaryByRules.VaryByValues["query"] = request.QueryString.Value ?? "";
        context.CacheVaryByRules.VaryByValues["state"] = string.Create(CultureInfo.InvariantCulture,
            $"{state.Content}/{state.IndexFolder}/{state.IndexSequence}/{state.Media}/{state.Day:yyyy-MM-dd}");
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0
            || response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) != true)
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }

    /// <summary>No cookie, no credentials, nobody signed in: what one anonymous visitor is shown, every other is too.</summary>
    public static bool IsAnonymous(HttpContext http) =>
        http.Request.Headers.Cookie.Count == 0 && http.Request.Headers.Authorization.Count == 0 && http.User.Identity?.IsAuthenticated != true;
}

/// <summary>Drops the cached pages as soon as published content changes, and counts media changes into <see cref="SiteState"/>.</summary>
public sealed class PublicPageCacheEviction(
    PublishedContentCache cache,
    SiteStates states,
    IOutputCacheStore store,
    PortalDatabase database,
    StartupWork startup,
    ILogger<PublicPageCacheEviction> logger) : BackgroundService
{
    /// <summary>What the media table's trigger notifies on every media change (migration 0002_media_events).</summary>
    public const string MediaChannel = "portal_media_changed";

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once the media listener is first connected. It empties the page cache then (a media change may have
    /// come before), so a page cached earlier, just after the start, is rendered once more.
    /// </summary>
    public Task Listening => _listening.Task;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        cache.Changed += Evict;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        cache.Changed -= Evict;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await startup.DatabaseReady.WaitAsync(stoppingToken);
        await database.DataSource.ListenAsync(MediaChannel, "the page cache's media listener", logger,
            received: _ => MediaChanged(),
            // Anything changed while not listening counts as a change now.
            listening: (_, _) =>
            {
                MediaChanged();
                _listening.TrySetResult();
                return Task.CompletedTask;
            },
            stoppingToken: stoppingToken);
    }

    private void MediaChanged()
    {
        states.MediaChanged();
        Evict([]);
    }

    private void Evict(IReadOnlyCollection<Guid> keys) => _ = EvictAsync();

    private async Task EvictAsync()
    {
        try
        {
            await store.EvictByTagAsync(PublicPageCache.Tag, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Entries are keyed by the site's state, so a failed eviction only keeps memory until they expire.
            logger.LogWarning(ex, "Could not evict the public page cache");
        }
    }
}
