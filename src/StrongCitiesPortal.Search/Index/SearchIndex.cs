using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Directory = Lucene.Net.Store.Directory;

namespace StrongCitiesPortal.Search.Index;

/// <summary>
/// This instance's Lucene index on local disk: a derived copy of what is live in PostgreSQL, never the only
/// home of anything. Each commit records the last change-feed number applied and the schema fingerprint, so a
/// restarted instance catches up from there, and an index built with other settings is rebuilt. A rebuild
/// writes a new generation folder beside the current one; the current one keeps answering until it is swapped in.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    internal const string SequenceKey = "portal.sequence";
    internal const string FingerprintKey = "portal.fingerprint";
    private const string PointerFile = "current";

    private readonly string _root;
    private readonly SearchSchema _schema;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly System.Threading.Lock _progressGate = new();
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IndexGeneration? _current;
    private string? _unreadable;
    private DateTime _lastCommit = DateTime.UtcNow;
    private bool _dirty;

    public SearchIndex(string root, SearchSchema schema, ILogger logger)
    {
        _root = root;
        _schema = schema;
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
    };

    public SearchSchema Schema => _schema;

    /// <summary>Whether there is an index to search (possibly still catching up).</summary>
    public bool IsOpen => _current is not null;

    /// <summary>The last change-feed number this index has applied (and searches see); -1 before it is open.</summary>
    public long Sequence => _current?.Sequence ?? -1;

    /// <summary>Whether the open index was built with today's settings; when not, a rebuild is due.</summary>
    public bool IsCurrentSchema => _current?.Fingerprint == _schema.Fingerprint;

    public string? CurrentFolder => _current?.Folder;

    /// <summary>Opens the generation the pointer names. Returns why it could not, or null when it is open.</summary>
    public string? TryOpenExisting()
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
            var generation = IndexGeneration.Open(folder, _schema);
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

    /// <summary>A new, empty generation for a rebuild, beside the current one.</summary>
    internal IndexGeneration CreateGeneration()
    {
        var name = $"g{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}";
        return IndexGeneration.Create(Path.Combine(_root, name), _schema);
    }

    /// <summary>Runs <paramref name="work"/> with the write gate held: one writer of the current generation at a time.</summary>
    internal async Task<T> WriteAsync<T>(Func<IndexGeneration?, Task<T>> work, CancellationToken cancellationToken)
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

    /// <summary>After changes were written up to <paramref name="sequence"/>: they become searchable now, and are committed at most every interval.</summary>
    internal void Applied(IndexGeneration generation, long sequence, TimeSpan commitInterval)
    {
        // Searchers first: a search that sees the new number must find the changes.
        generation.Searchers.MaybeRefreshBlocking();
        generation.Sequence = sequence;
        _dirty = true;
        if (DateTime.UtcNow - _lastCommit >= commitInterval)
            Commit(generation);
        Signal();
    }

    /// <summary>Commits what was applied but not yet committed (when the feed goes quiet, and at shutdown).</summary>
    internal void CommitIfDirty()
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
    internal void SwapIn(IndexGeneration generation)
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

    /// <summary>
    /// When another process (the <c>reindex</c> command) has swapped a new generation in on disk, this instance
    /// opens it, applies what it lacks and searches it from then on.
    /// </summary>
    internal async Task FollowPointerAsync(Indexing.IndexUpdater updater, Content.Changes.ContentChangeFeed feed, CancellationToken cancellationToken)
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
            generation = IndexGeneration.Open(Path.Combine(_root, name), _schema);
        }
        catch (Exception ex) when (ex is IOException or CorruptIndexException or LockObtainFailedException or InvalidOperationException)
        {
            _logger.LogWarning(ex, "A new search index generation '{Name}' was named but cannot be opened yet", name);
            return;
        }
        _logger.LogInformation("Switching to the search index generation '{Name}' built by another process", name);
        await CatchUpAndSwapInAsync(generation, updater, feed, cancellationToken);
    }

    /// <summary>With the write gate held: applies to a new generation what committed since it was built, then swaps it in. Returns how many changes it applied.</summary>
    internal Task<int> CatchUpAndSwapInAsync(IndexGeneration generation, Indexing.IndexUpdater updater, Content.Changes.ContentChangeFeed feed,
        CancellationToken cancellationToken) =>
        WriteAsync(async _ =>
        {
            var applied = 0;
            while (true)
            {
                var changes = await feed.ReadAsync(generation.Sequence, 500, cancellationToken);
                if (changes.Count == 0)
                    break;
                await updater.ApplyAsync(generation, changes, cancellationToken);
                generation.Sequence = changes[^1].Sequence;
                generation.Searchers.MaybeRefreshBlocking();
                applied += changes.Count;
            }
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

    /// <summary>Drops a generation that was never swapped in (a rebuild that failed or was stopped).</summary>
    internal static void Discard(IndexGeneration generation)
    {
        generation.Dispose();
        TryDelete(generation.Folder);
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

    /// <summary>Waits (bounded) until the index has applied <paramref name="sequence"/>: an editor sees their own publish at once.</summary>
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
}

/// <summary>One folder of the index: its directory, writer and searchers.</summary>
internal sealed class IndexGeneration : IDisposable
{
    private IndexGeneration(string folder, Directory directory, IndexWriter writer, long sequence, string? fingerprint)
    {
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
    public long Sequence { get; set; }
    public string? Fingerprint { get; private set; }

    public static IndexGeneration Create(string folder, SearchSchema schema)
    {
        System.IO.Directory.CreateDirectory(folder);
        var directory = FSDirectory.Open(new DirectoryInfo(folder));
        var writer = new IndexWriter(directory, SearchIndex.WriterConfig(schema, OpenMode.CREATE));
        return new IndexGeneration(folder, directory, writer, 0, schema.Fingerprint);
    }

    public static IndexGeneration Open(string folder, SearchSchema schema)
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
            var writer = new IndexWriter(directory, SearchIndex.WriterConfig(schema, OpenMode.APPEND));
            var data = writer.CommitData;
            var sequence = data.TryGetValue(SearchIndex.SequenceKey, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : 0;
            return new IndexGeneration(folder, directory, writer, sequence, data.TryGetValue(SearchIndex.FingerprintKey, out var print) ? print : null);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }


    /// <summary>Commits with the sequence applied and the fingerprint of the settings the documents were built with.</summary>
    public void Commit()
    {
        Writer.SetCommitData(new Dictionary<string, string>
        {
            [SearchIndex.SequenceKey] = Sequence.ToString(CultureInfo.InvariantCulture),
            [SearchIndex.FingerprintKey] = Fingerprint ?? "",
        });
        Writer.Commit();
    }

    public void Dispose()
    {
        Searchers.Dispose();
        Writer.Dispose();
        Directory.Dispose();
    }

    private sealed class PortalSearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = SearchIndex.Similarity };
    }
}

/// <summary>A searcher borrowed from the index; disposing returns it.</summary>
public sealed class SearcherLease(SearcherManager manager, IndexSearcher searcher) : IDisposable
{
    public IndexSearcher Searcher { get; } = searcher;

    public void Dispose() => manager.Release(Searcher);
}
