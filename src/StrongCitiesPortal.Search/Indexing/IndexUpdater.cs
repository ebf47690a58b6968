using Microsoft.Extensions.Logging;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Search.Indexing;

/// <summary>
/// Applies change-feed entries to an index: every item a change touched is read again from PostgreSQL and its
/// documents replaced; so are the items below it when its being live changed or it moved with them, and the
/// items that show its name or values (a renamed theme) when those changed.
/// </summary>
public sealed class IndexUpdater(LiveContentReader reader, IndexDocumentBuilder builder, ContentChangeFeed feed, ILogger<IndexUpdater> logger)
{
    private const int ReadBatch = 1_000;
    private const int FeedBatch = 500;

    /// <summary>Applies the next changes after the copy's own number (at most a batch); returns how many there were.</summary>
    public async Task<int> ApplyNextAsync(IIndexDocuments documents, CancellationToken cancellationToken)
    {
        var changes = await feed.ReadAsync(documents.Sequence, FeedBatch, cancellationToken);
        if (changes.Count == 0)
            return 0;
        await ApplyAsync(documents, changes, cancellationToken);
        documents.Applied(changes[^1].Sequence);
        return changes.Count;
    }

    /// <summary>Applies every change committed after the copy's own number; returns how many there were.</summary>
    public async Task<int> CatchUpAsync(IIndexDocuments documents, CancellationToken cancellationToken)
    {
        var applied = 0;
        int count;
        while ((count = await ApplyNextAsync(documents, cancellationToken)) > 0)
            applied += count;
        return applied;
    }

    /// <summary>Whether a batch of the feed was full (more may be waiting).</summary>
    public static bool WasFull(int applied) => applied >= FeedBatch;

    internal async Task ApplyAsync(IIndexDocuments documents, IReadOnlyList<ContentChange> changes, CancellationToken cancellationToken)
    {
        var touched = new HashSet<Guid>();
        var liveChecks = new HashSet<Guid>();
        var subtreeRoots = new HashSet<Guid>();
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case ContentChangeKind.Save:
                    continue;
                case ContentChangeKind.Publish or ContentChangeKind.Unpublish:
                    liveChecks.Add(change.Key);
                    break;
                case ContentChangeKind.Move when change.Subtree:
                    subtreeRoots.Add(change.Key);
                    break;
            }
            touched.Add(change.Key);
        }
        if (touched.Count == 0)
            return;

        var done = new HashSet<Guid>();
        var pending = touched.ToList();
        for (var round = 0; pending.Count > 0 && round < 3; round++)
        {
            var changedSources = new List<Guid>();
            foreach (var slice in pending.Chunk(ReadBatch))
            {
                var before = documents.Find(slice);
                var nodes = (await reader.ReadByKeysAsync(slice, cancellationToken)).ToDictionary(n => n.Key);
                foreach (var key in slice)
                {
                    nodes.TryGetValue(key, out var node);
                    before.TryGetValue(key, out var old);
                    var liveNow = node?.Cultures.Select(c => c.Culture).Order(StringComparer.Ordinal).ToList() ?? [];
                    if (liveChecks.Contains(key) && !liveNow.SequenceEqual(old?.Cultures ?? [], StringComparer.Ordinal))
                        subtreeRoots.Add(key);
                    if (old is not null && (node is null || builder.SourceOf(node) != old.Source))
                        changedSources.Add(key);
                }
                await WriteAsync(documents, slice, nodes, cancellationToken);
            }
            done.UnionWith(pending);

            var next = new HashSet<Guid>();
            if (subtreeRoots.Count > 0)
            {
                next.UnionWith(await reader.SubtreeKeysAsync(subtreeRoots, cancellationToken));
                subtreeRoots.Clear();
            }
            if (changedSources.Count > 0)
                next.UnionWith(documents.Picking(changedSources));
            next.ExceptWith(done);
            pending = next.ToList();
            liveChecks.Clear();
            if (pending.Count > 0)
                logger.LogInformation("Indexing {Count} more items below or showing the changed ones", pending.Count);
        }
    }

    /// <summary>Replaces the documents of these items with what is live of them now.</summary>
    internal async Task WriteAsync(IIndexDocuments documents, IReadOnlyCollection<Guid> keys, IReadOnlyDictionary<Guid, PublishedNode> nodes, CancellationToken cancellationToken)
    {
        var picked = await PickedAsync(nodes.Values, cancellationToken);
        foreach (var key in keys)
            documents.Replace(key, nodes.TryGetValue(key, out var node) ? builder.Build(node, k => nodes.GetValueOrDefault(k) ?? picked.GetValueOrDefault(k)) : []);
    }

    /// <summary>The live items these items pick (themes, cities), read in one go.</summary>
    internal async Task<Dictionary<Guid, PublishedNode>> PickedAsync(IEnumerable<PublishedNode> nodes, CancellationToken cancellationToken)
    {
        var keys = nodes.SelectMany(builder.PickedKeys).ToHashSet();
        if (keys.Count == 0)
            return [];
        return (await reader.ReadByKeysAsync(keys, cancellationToken)).ToDictionary(n => n.Key);
    }
}
