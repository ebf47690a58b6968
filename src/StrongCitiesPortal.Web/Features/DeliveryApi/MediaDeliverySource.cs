using Microsoft.AspNetCore.OutputCaching;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Web.Features.Media;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// The media library as the Delivery API reads it: every item in memory with its path ("/reports/annual-report/"),
/// reloaded and the API's cached answers dropped whenever a media change commits on any instance (the media
/// table's trigger sends <c>portal_media_changed</c>).
/// </summary>
public sealed class MediaDeliverySource(
    MediaLibrary library,
    PortalDatabase database,
    IOutputCacheStore outputCache,
    StartupWork startup,
    ILogger<MediaDeliverySource> logger) : BackgroundService, IDeliveryMediaSource
{
    private Task _firstLoad = Task.CompletedTask;

    public const string Channel = "portal_media_changed";

    private volatile Snapshot _snapshot = Snapshot.Empty;
    private readonly SemaphoreSlim _reload = new(0, int.MaxValue);

    private sealed record Snapshot(
        IReadOnlyDictionary<Guid, DeliveryMediaItem> Items,
        IReadOnlyDictionary<string, Guid> ByPath,
        IReadOnlyDictionary<Guid, IReadOnlyList<DeliveryMediaItem>> Children,
        IReadOnlyList<DeliveryMediaItem> Roots)
    {
        public static readonly Snapshot Empty = new(new Dictionary<Guid, DeliveryMediaItem>(), new Dictionary<string, Guid>(), new Dictionary<Guid, IReadOnlyList<DeliveryMediaItem>>(), []);
    }

    public DeliveryMediaItem? Get(Guid key) => _snapshot.Items.GetValueOrDefault(key);

    public DeliveryMediaItem? GetByPath(string path)
    {
        var snapshot = _snapshot;
        return snapshot.ByPath.TryGetValue(Normalise(path), out var key) ? snapshot.Items.GetValueOrDefault(key) : null;
    }

    public IReadOnlyList<DeliveryMediaItem> Children(Guid? parentKey)
    {
        var snapshot = _snapshot;
        return parentKey is { } key ? snapshot.Children.GetValueOrDefault(key) ?? [] : snapshot.Roots;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Read beside the rest of the start; the first request waits for it (StartupWork).
        _firstLoad = startup.Add("media library", async () =>
        {
            await startup.DatabaseReady;
            await LoadAsync(cancellationToken);
        });
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A reload never races the first load (a change noticed while it runs is reloaded after it).
        await _firstLoad;
        var listening = ListenAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _reload.WaitAsync(stoppingToken);
                // Coalesce a burst of changes (a folder of uploads) into one reload.
                await Task.Delay(50, stoppingToken);
                while (_reload.CurrentCount > 0)
                    await _reload.WaitAsync(stoppingToken);
                await LoadAsync(stoppingToken);
                await outputCache.EvictByTagAsync(DeliveryOutputCache.Tag, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await listening;
        }
    }

    /// <summary>Reads every media item and builds the tree, its paths and sort orders (folders first, then by name).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var all = new List<MediaItem>();
        for (var skip = 0; ; skip += 1000)
        {
            var page = await library.ListAsync(new MediaQuery(Skip: skip, Take: 1000), cancellationToken);
            // A city editor's upload waits for review with its item: not public, so not delivered, until then.
            all.AddRange(page.Where(m => !m.AwaitingReview));
            if (page.Count < 1000)
                break;
        }
        var byParent = all.GroupBy(m => m.ParentKey).ToDictionary(g => g.Key ?? Guid.Empty,
            g => g.OrderBy(m => m.IsFolder ? 0 : 1).ThenBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList());
        var items = new Dictionary<Guid, DeliveryMediaItem>();
        var byPath = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var children = new Dictionary<Guid, IReadOnlyList<DeliveryMediaItem>>();
        var roots = new List<DeliveryMediaItem>();
        var pending = new Stack<(Guid? Parent, string ParentPath, List<DeliveryMediaItem> Into)>();
        pending.Push((null, "/", roots));
        while (pending.Count > 0)
        {
            var (parent, parentPath, into) = pending.Pop();
            if (!byParent.TryGetValue(parent ?? Guid.Empty, out var siblings))
                continue;
            var taken = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < siblings.Count; i++)
            {
                var media = siblings[i];
                var wanted = UrlSegments.FromName(media.Name) is { Length: > 0 } s ? s : media.Key.ToString("N");
                var segment = wanted;
                for (var n = 2; !taken.Add(segment); n++)
                    segment = $"{wanted}-{n}";
                var path = $"{parentPath}{segment}/";
                var item = ToDelivery(media, path, i);
                items[item.Key] = item;
                byPath[path] = item.Key;
                into.Add(item);
                if (media.IsFolder)
                {
                    var list = new List<DeliveryMediaItem>();
                    children[item.Key] = list;
                    pending.Push((media.Key, path, list));
                }
            }
        }
        _snapshot = new Snapshot(items, byPath, children, roots);
    }

    private static DeliveryMediaItem ToDelivery(MediaItem media, string path, int sortOrder) => new()
    {
        Key = media.Key,
        ParentKey = media.ParentKey,
        Name = media.Name,
        MediaType = media.Kind switch { MediaKind.Folder => "Folder", MediaKind.Image => "Image", _ => "File" },
        Path = path,
        Url = media.Url ?? "",
        Extension = media.FileName is { } file && Path.GetExtension(file) is { Length: > 1 } extension ? extension[1..].ToLowerInvariant() : null,
        Width = media.Width,
        Height = media.Height,
        Bytes = media.Size,
        SortOrder = sortOrder,
        CreateDate = media.CreatedAt,
        UpdateDate = media.UpdatedAt,
        Properties = media.IsImage ? new Dictionary<string, object?> { ["altText"] = media.AltText } : new Dictionary<string, object?>(),
    };

    private static string Normalise(string path)
    {
        var trimmed = path.Trim().Trim('/');
        return trimmed.Length == 0 ? "/" : "/" + trimmed.ToLowerInvariant() + "/";
    }

    private Task ListenAsync(CancellationToken stoppingToken) =>
        database.DataSource.ListenAsync(Channel, "the media change listener", logger,
            received: _ => _reload.Release(),
            // Anything changed while not listening is caught by one reload now.
            listening: (_, _) =>
            {
                _reload.Release();
                return Task.CompletedTask;
            },
            stoppingToken: stoppingToken);
}
