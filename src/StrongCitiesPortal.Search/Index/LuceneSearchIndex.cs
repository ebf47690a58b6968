using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using StrongCitiesPortal.Search.Delivery;
using StrongCitiesPortal.Search.Indexing;
using Directory = Lucene.Net.Store.Directory;

namespace StrongCitiesPortal.Search.Index;

/// <summary>
/// This instance's Lucene index on local disk: a derived copy of what is live in PostgreSQL, never the only
/// home of anything. Each commit records the last change-feed number applied and the schema fingerprint, so a
/// restarted instance catches up from there, and an index built with other settings is rebuilt. A rebuild
/// writes a new generation folder beside the current one; the current one keeps answering until it is swapped in.
/// Searches are run by <see cref="LuceneSearches"/>.
/// </summary>
public sealed class LuceneSearchIndex : ISearchIndex, IDisposable
{
    internal const string SequenceKey = "portal.sequence";
    internal const string FingerprintKey = "portal.fingerprint";
    private const string PointerFile = "current";

    private readonly string _root;
    private readonly SearchSchema _schema;
    private readonly LuceneSearches _searches;
    private readonly TimeSpan _commitInterval;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly System.Threading.Lock _progressGate = new();
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IndexGeneration? _current;
    private string? _unreadable;
    private DateTime _lastCommit = DateTime.UtcNow;
    private bool _dirty;

    public LuceneSearchIndex(string root, SearchSchema schema, LuceneSearches searches, TimeSpan commitInterval, ILogger logger)
    {
        _root = root;
        _schema = schema;
        _searches = searches;
        _commitInterval = commitInterval;
        _logger = logger;
        System.IO.Directory.CreateDirectory(root);
    }

    public static Similarity Similarity { get; } = new BM25Similarity();

    /// <summary>How every generation's writer is set up (the benchmark's profile uses the same).</summary>
    public static IndexWriterConfig WriterConfig(SearchSchema schema, OpenMode mode) => new(SearchSchema.Version, schema.Analyzer)
    {
        OpenMode = mode,
        Similarity = Similarity,
        // A rebuild of 100,000 items flushes a few large segments instead of many small ones that must be merged again.
        RAMBufferSizeMB = 256,
        // Each segment's files as they are: packing them into one compound file copies every byte once more.
        UseCompoundFile = false,
    };

    public SearchSchema Schema => _schema;

    public bool IsOpen => _current is not null;

    public long Sequence => _current?.Sequence ?? -1;

    public bool IsCurrentSchema => _current?.Fingerprint == _schema.Fingerprint;

    /// <summary>The folder searches use now.</summary>
    public string? CurrentFolder => _current?.Folder;

    public string? Generation => _current is { } generation ? Path.GetFileName(generation.Folder) : null;

    public int Documents
    {
        get
        {
            using var lease = Acquire();
            return lease?.Searcher.IndexReader.NumDocs ?? 0;
        }
    }

    public string? Open()
    {
        var pointer = Path.Combine(_root, PointerFile);
        if (!File.Exists(pointer))
            return "there is no index yet";
        var name = File.ReadAllText(pointer).Trim();
        var folder = Path.Combine(_root, name);
        RemoveAbandoned(name);
        if (name.Length == 0 || !System.IO.Directory.Exists(folder))
            return $"the index folder '{name}' is missing";
        try
        {
            var generation = IndexGeneration.Open(this, folder);
            _current = generation;
            Signal();
            return generation.Fingerprint == _schema.Fingerprint ? null : "it was built with other search settings";
        }
        catch (Exception ex) when (ex is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException
            or LockObtainFailedException or UnauthorizedAccessException or InvalidOperationException or FormatException or OverflowException)
        {
            _logger.LogWarning(ex, "The search index in {Folder} cannot be read", folder);
            _unreadable = folder;
            return $"the index in '{name}' cannot be read ({ex.Message})";
        }
    }

    public IndexSearchResult? Search(IndexSearch search)
    {
        using var lease = Acquire();
        return lease is null ? null : _searches.Search(lease.Searcher, search);
    }

    public IndexSearchResult? Similar(Guid key, string culture, IndexSearch scope)
    {
        using var lease = Acquire();
        return lease is null ? null : _searches.Similar(lease.Searcher, key, culture, scope);
    }

    public DeliveryQueryResult? Deliver(DeliveryQuery query)
    {
        using var lease = Acquire();
        return lease is null ? null : _searches.Deliver(lease.Searcher, query);
    }

    public IReadOnlyList<string> FacetKeys(string facet)
    {
        using var lease = Acquire();
        var keys = new List<string>();
        if (lease is null || MultiFields.GetTerms(lease.Searcher.IndexReader, SearchSchema.FacetField(facet)) is not { } terms)
            return keys;
        var iterator = terms.GetEnumerator();
        while (iterator.MoveNext())
            keys.Add(iterator.Term.Utf8ToString());
        return keys;
    }

    public bool HasFacetKey(string facet, string key)
    {
        using var lease = Acquire();
        return lease is not null && lease.Searcher.IndexReader.DocFreq(new Term(SearchSchema.FacetField(facet), key)) > 0;
    }

    public IIndexRebuild StartRebuild()
    {
        var name = $"g{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}";
        return IndexGeneration.Create(this, Path.Combine(_root, name));
    }

    public async Task<T> UpdateAsync<T>(Func<IIndexDocuments?, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return await work(_current);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>After changes were written to the current generation: they are searchable now, and committed at most every interval.</summary>
    private void AppliedToCurrent(IndexGeneration generation)
    {
        _dirty = true;
        if (DateTime.UtcNow - _lastCommit >= _commitInterval)
            Commit(generation);
        Signal();
    }

    public void Flush()
    {
        if (_dirty && _current is { } generation)
            Commit(generation);
    }

    private void Commit(IndexGeneration generation)
    {
        generation.Commit();
        _lastCommit = DateTime.UtcNow;
        _dirty = false;
    }

    /// <summary>Makes <paramref name="generation"/> the one searches use, records it for the next start, and drops the old one.</summary>
    private void SwapIn(IndexGeneration generation)
    {
        generation.Commit();
        // Its searchers were opened empty when the generation was created; a rebuild with nothing to catch up never refreshed them.
        generation.Searchers.MaybeRefreshBlocking();
        var temp = Path.Combine(_root, PointerFile + ".tmp");
        File.WriteAllText(temp, Path.GetFileName(generation.Folder));
        File.Move(temp, Path.Combine(_root, PointerFile), overwrite: true);
        // A damaged generation answers nothing: it goes before the new one is searched, so no search sees both.
        if (_unreadable is { } damaged && !string.Equals(damaged, generation.Folder, StringComparison.Ordinal))
        {
            TryDelete(damaged);
            _unreadable = null;
        }
        var old = _current;
        _current = generation;
        _dirty = false;
        _lastCommit = DateTime.UtcNow;
        Signal();
        if (old is not null)
        {
            old.Dispose();
            TryDelete(old.Folder);
        }
    }

    public async Task AdoptRebuiltAsync(Func<IIndexDocuments, Task<int>> catchUp, CancellationToken cancellationToken)
    {
        var pointer = Path.Combine(_root, PointerFile);
        if (_current is not { } current || !File.Exists(pointer))
            return;
        var name = (await File.ReadAllTextAsync(pointer, cancellationToken)).Trim();
        if (name.Length == 0 || name == Path.GetFileName(current.Folder))
            return;
        IndexGeneration generation;
        try
        {
            generation = IndexGeneration.Open(this, Path.Combine(_root, name));
        }
        catch (Exception ex) when (ex is IOException or CorruptIndexException or LockObtainFailedException or InvalidOperationException)
        {
            _logger.LogWarning(ex, "A new search index generation '{Name}' was named but cannot be opened yet", name);
            return;
        }
        _logger.LogInformation("Switching to the search index generation '{Name}' built by another process", name);
        await SwapInAsync(generation, catchUp, cancellationToken);
    }

    public Task<int> SwapInAsync(IIndexRebuild rebuild, Func<IIndexDocuments, Task<int>> catchUp, CancellationToken cancellationToken) =>
        UpdateAsync(async _ =>
        {
            var generation = (IndexGeneration)rebuild;
            var applied = await catchUp(generation);
            SwapIn(generation);
            return applied;
        }, cancellationToken);

    /// <summary>Generation folders left by a rebuild that did not finish (an instance killed meanwhile).</summary>
    private void RemoveAbandoned(string keep)
    {
        foreach (var folder in System.IO.Directory.EnumerateDirectories(_root))
        {
            if (!string.Equals(Path.GetFileName(folder), keep, StringComparison.Ordinal) && Path.GetFileName(folder).StartsWith('g')
                && System.IO.Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-10))
                TryDelete(folder);
        }
    }

    /// <summary>A searcher over what is applied now; dispose the lease to release it.</summary>
    public SearcherLease? Acquire()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (_current is not { } generation)
                return null;
            try
            {
                return new SearcherLease(generation.Searchers, generation.Searchers.Acquire());
            }
            catch (ObjectDisposedException)
            {
                // Swapped out between reading _current and acquiring: take the new one.
            }
        }
        return null;
    }

    public async Task<bool> WaitForAsync(long sequence, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task next;
            lock (_progressGate)
            {
                if (_current is { } generation && generation.Sequence >= sequence)
                    return true;
                next = _progress.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                return false;
            try
            {
                await next.WaitAsync(left, cancellationToken);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    private void Signal()
    {
        TaskCompletionSource done;
        lock (_progressGate)
        {
            done = _progress;
            _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.TrySetResult();
    }

    private static void TryDelete(string folder)
    {
        try
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public void Dispose()
    {
        if (_current is { } generation)
        {
            try
            {
                if (_dirty)
                    generation.Commit();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                _logger.LogWarning(ex, "The search index could not be committed at shutdown; it catches up at the next start");
            }
            try
            {
                generation.Dispose();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // Closing commits too; a folder already gone (or a full disk) loses only what the next start catches up.
                _logger.LogWarning(ex, "The search index could not be closed cleanly; it catches up at the next start");
            }
            _current = null;
        }
        _writeGate.Dispose();
    }

    /// <summary>One folder of the index: its directory, writer and searchers, and the documents as the feed and a rebuild write them.</summary>
    private sealed class IndexGeneration : IIndexRebuild
    {
        private readonly LuceneSearchIndex _owner;
        private readonly ThreadLocal<LuceneDocuments> _documents = new(() => new LuceneDocuments());
        private bool _disposed;

        private IndexGeneration(LuceneSearchIndex owner, string folder, Directory directory, IndexWriter writer, long sequence, string? fingerprint)
        {
            _owner = owner;
            Folder = folder;
            Directory = directory;
            Writer = writer;
            Sequence = sequence;
            Fingerprint = fingerprint;
            Searchers = new SearcherManager(writer, applyAllDeletes: true, new PortalSearcherFactory());
        }

        public string Folder { get; }
        public Directory Directory { get; }
        public IndexWriter Writer { get; }
        public SearcherManager Searchers { get; }
        public long Sequence { get; private set; }
        public string? Fingerprint { get; }

        public static IndexGeneration Create(LuceneSearchIndex owner, string folder)
        {
            System.IO.Directory.CreateDirectory(folder);
            var directory = FSDirectory.Open(new DirectoryInfo(folder));
            var writer = new IndexWriter(directory, WriterConfig(owner._schema, OpenMode.CREATE));
            return new IndexGeneration(owner, folder, directory, writer, 0, owner._schema.Fingerprint);
        }

        public static IndexGeneration Open(LuceneSearchIndex owner, string folder)
        {
            var directory = FSDirectory.Open(new DirectoryInfo(folder));
            try
            {
                if (!DirectoryReader.IndexExists(directory))
                    throw new InvalidOperationException("no committed index");
                // Reading every segment's header finds a damaged file now rather than at the first search.
                using (var reader = DirectoryReader.Open(directory))
                {
                    foreach (var leaf in reader.Leaves)
                        _ = leaf.AtomicReader.NumDocs;
                }
                var writer = new IndexWriter(directory, WriterConfig(owner._schema, OpenMode.APPEND));
                var data = writer.CommitData;
                var sequence = data.TryGetValue(SequenceKey, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : 0;
                return new IndexGeneration(owner, folder, directory, writer, sequence, data.TryGetValue(FingerprintKey, out var print) ? print : null);
            }
            catch
            {
                directory.Dispose();
                throw;
            }
        }

        public void Start(long sequence) => Sequence = sequence;

        public void Add(IndexDocument document) => Writer.AddDocument(_documents.Value!.From(document));

        public void Replace(Guid key, IEnumerable<IndexDocument> documents)
        {
            Writer.DeleteDocuments(new Term(SearchSchema.Key, key.ToString()));
            foreach (var document in documents)
                Add(document);
        }

        public void Applied(long sequence)
        {
            // Searchers first: a search that sees the new number must find the changes.
            Searchers.MaybeRefreshBlocking();
            Sequence = sequence;
            if (ReferenceEquals(_owner._current, this))
                _owner.AppliedToCurrent(this);
        }

        public IReadOnlyDictionary<Guid, IndexedItem> Find(IReadOnlyCollection<Guid> keys)
        {
            var found = new Dictionary<Guid, (List<string> Cultures, string Source)>();
            var searcher = Searchers.Acquire();
            try
            {
                var filter = new TermsFilter(keys.Select(k => new Term(SearchSchema.Key, k.ToString())).ToList());
                var hits = searcher.Search(new ConstantScoreQuery(filter), Math.Max(1, keys.Count * 4));
                var load = new HashSet<string>(StringComparer.Ordinal) { SearchSchema.Key, SearchSchema.Culture, SearchSchema.Source };
                foreach (var hit in hits.ScoreDocs)
                {
                    var document = searcher.Doc(hit.Doc, load);
                    var key = Guid.Parse(document.Get(SearchSchema.Key, CultureInfo.InvariantCulture));
                    if (!found.TryGetValue(key, out var item))
                        found[key] = item = ([], document.Get(SearchSchema.Source, CultureInfo.InvariantCulture) ?? "");
                    item.Cultures.Add(document.Get(SearchSchema.Culture, CultureInfo.InvariantCulture));
                }
            }
            finally
            {
                Searchers.Release(searcher);
            }
            return found.ToDictionary(f => f.Key, f => new IndexedItem(f.Value.Cultures.Order(StringComparer.Ordinal).ToList(), f.Value.Source));
        }

        public IReadOnlySet<Guid> Picking(IReadOnlyCollection<Guid> keys)
        {
            var found = new HashSet<Guid>();
            var searcher = Searchers.Acquire();
            try
            {
                var filter = new TermsFilter(keys.Select(k => new Term(SearchSchema.Picks, k.ToString())).ToList());
                searcher.Search(new ConstantScoreQuery(filter), new KeyCollector(found));
            }
            finally
            {
                Searchers.Release(searcher);
            }
            return found;
        }

        /// <summary>Commits with the sequence applied and the fingerprint of the settings the documents were built with.</summary>
        public void Commit()
        {
            Writer.SetCommitData(new Dictionary<string, string>
            {
                [SequenceKey] = Sequence.ToString(CultureInfo.InvariantCulture),
                [FingerprintKey] = Fingerprint ?? "",
            });
            Writer.Commit();
            // What a rebuild added is what its catch-up reads of itself.
            Searchers.MaybeRefresh();
        }

        /// <summary>Closes the generation; one never swapped in (a rebuild that failed or was stopped) is deleted too.</summary>
        public void Dispose()
        {
            if (_disposed)
                return;
            _disposed = true;
            Searchers.Dispose();
            Writer.Dispose();
            Directory.Dispose();
            _documents.Dispose();
            if (!ReferenceEquals(_owner._current, this))
                TryDelete(Folder);
        }

        private sealed class PortalSearcherFactory : SearcherFactory
        {
            public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = LuceneSearchIndex.Similarity };
        }

        /// <summary>Collects the item key of every matching document (all of them, however many).</summary>
        private sealed class KeyCollector(HashSet<Guid> into) : ICollector
        {
            private static readonly HashSet<string> Load = new(StringComparer.Ordinal) { SearchSchema.Key };
            private AtomicReader? _reader;

            public bool AcceptsDocsOutOfOrder => true;

            public void SetScorer(Scorer scorer)
            {
            }

            public void SetNextReader(AtomicReaderContext context) => _reader = context.AtomicReader;

            public void Collect(int doc)
            {
                var document = _reader!.Document(doc, Load);
                into.Add(Guid.Parse(document.Get(SearchSchema.Key, CultureInfo.InvariantCulture)));
            }
        }
    }
}

/// <summary>A searcher borrowed from the index; disposing returns it.</summary>
public sealed class SearcherLease(SearcherManager manager, IndexSearcher searcher) : IDisposable
{
    public IndexSearcher Searcher { get; } = searcher;

    public void Dispose() => manager.Release(Searcher);
}
