using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
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
public sealed class IndexUpdater(LiveContentReader reader, IndexDocumentBuilder builder, ILogger<IndexUpdater> logger)
{
    private const int ReadBatch = 1_000;

    internal async Task ApplyAsync(IndexGeneration generation, IReadOnlyList<ContentChange> changes, CancellationToken cancellationToken)
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
                var before = Indexed(generation, slice);
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
                await WriteAsync(generation, slice, nodes, cancellationToken);
            }
            done.UnionWith(pending);

            var next = new HashSet<Guid>();
            if (subtreeRoots.Count > 0)
            {
                next.UnionWith(await reader.SubtreeKeysAsync(subtreeRoots, cancellationToken));
                subtreeRoots.Clear();
            }
            if (changedSources.Count > 0)
                next.UnionWith(Dependents(generation, changedSources));
            next.ExceptWith(done);
            pending = next.ToList();
            liveChecks.Clear();
            if (pending.Count > 0)
                logger.LogInformation("Indexing {Count} more items below or showing the changed ones", pending.Count);
        }
    }

    /// <summary>Replaces the documents of these items with what is live of them now.</summary>
    internal async Task WriteAsync(IndexGeneration generation, IReadOnlyCollection<Guid> keys, IReadOnlyDictionary<Guid, PublishedNode> nodes, CancellationToken cancellationToken)
    {
        var picked = await PickedAsync(nodes.Values, cancellationToken);
        var lucene = new LuceneDocuments();
        foreach (var key in keys)
        {
            generation.Writer.DeleteDocuments(new Term(SearchSchema.Key, key.ToString()));
            if (!nodes.TryGetValue(key, out var node))
                continue;
            foreach (var document in builder.Build(node, k => nodes.GetValueOrDefault(k) ?? picked.GetValueOrDefault(k)))
                generation.Writer.AddDocument(lucene.From(document));
        }
    }

    /// <summary>The live items these items pick (themes, cities), read in one go.</summary>
    internal async Task<Dictionary<Guid, PublishedNode>> PickedAsync(IEnumerable<PublishedNode> nodes, CancellationToken cancellationToken)
    {
        var keys = nodes.SelectMany(builder.PickedKeys).ToHashSet();
        if (keys.Count == 0)
            return [];
        return (await reader.ReadByKeysAsync(keys, cancellationToken)).ToDictionary(n => n.Key);
    }

    private sealed record IndexedItem(List<string> Cultures, string Source);

    /// <summary>What the index holds of these items: the cultures they are in and what items picking them copy.</summary>
    private static Dictionary<Guid, IndexedItem> Indexed(IndexGeneration generation, IReadOnlyCollection<Guid> keys)
    {
        var found = new Dictionary<Guid, IndexedItem>();
        var searcher = generation.Searchers.Acquire();
        try
        {
            var filter = new TermsFilter(keys.Select(k => new Term(SearchSchema.Key, k.ToString())).ToList());
            var hits = searcher.Search(new ConstantScoreQuery(filter), Math.Max(1, keys.Count * 4));
            foreach (var hit in hits.ScoreDocs)
            {
                var document = searcher.Doc(hit.Doc);
                var key = Guid.Parse(document.Get(SearchSchema.Key, CultureInfo.InvariantCulture));
                if (!found.TryGetValue(key, out var item))
                    found[key] = item = new IndexedItem([], document.Get(SearchSchema.Source, CultureInfo.InvariantCulture) ?? "");
                item.Cultures.Add(document.Get(SearchSchema.Culture, CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            generation.Searchers.Release(searcher);
        }
        foreach (var item in found.Values)
            item.Cultures.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>Items whose documents carry a name or value of one of these.</summary>
    private static HashSet<Guid> Dependents(IndexGeneration generation, IReadOnlyCollection<Guid> sources)
    {
        var found = new HashSet<Guid>();
        var searcher = generation.Searchers.Acquire();
        try
        {
            var filter = new TermsFilter(sources.Select(k => new Term(SearchSchema.Picks, k.ToString())).ToList());
            var collector = new KeyCollector(found);
            searcher.Search(new ConstantScoreQuery(filter), collector);
        }
        finally
        {
            generation.Searchers.Release(searcher);
        }
        return found;
    }

    /// <summary>Collects the item key of every matching document (all of them, however many).</summary>
    private sealed class KeyCollector(HashSet<Guid> into) : ICollector
    {
        private AtomicReader? _reader;

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context) => _reader = context.AtomicReader;

        public void Collect(int doc)
        {
            var document = _reader!.Document(doc, new HashSet<string> { SearchSchema.Key });
            into.Add(Guid.Parse(document.Get(SearchSchema.Key, CultureInfo.InvariantCulture)));
        }
    }
}
