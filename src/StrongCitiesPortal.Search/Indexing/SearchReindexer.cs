using System.Data;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Search.Indexing;

public sealed record ReindexProgress(int Done, int Total, TimeSpan Elapsed, string Stage)
{
    public double Rate => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;
}

/// <param name="Stages">How long each stage took: reading and writing documents, committing, catching up and swapping in.</param>
public sealed record ReindexResult(int Documents, int Items, TimeSpan Elapsed, int CaughtUp, IReadOnlyDictionary<string, TimeSpan> Stages)
{
    public double Rate => Elapsed.TotalSeconds > 0 ? Items / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Builds this instance's index anew from what is live in PostgreSQL, into a new folder beside the current one,
/// through the same <see cref="IndexDocumentBuilder"/> as the change feed. It reads one consistent snapshot
/// together with the feed's number at that moment, applies whatever committed since, and only then swaps the new
/// index in: searches keep answering from the old one throughout.
/// </summary>
public sealed class SearchReindexer(
    ISearchIndex index,
    PortalDatabase database,
    LiveContentReader reader,
    ContentChangeFeed feed,
    IndexUpdater updater,
    IndexDocumentBuilder builder,
    ILogger<SearchReindexer> logger) : IDisposable
{
    private const int BatchSize = 200;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public void Dispose() => _oneAtATime.Dispose();

    public async Task<ReindexResult> ReindexAsync(IProgress<ReindexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await RebuildAsync(progress, cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<ReindexResult> RebuildAsync(IProgress<ReindexProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var stages = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var generation = index.StartRebuild();
        try
        {
            var documents = 0;
            var items = 0;
            await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
            await using (var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken))
            {
                // One long read: compiling it to machine code (PostgreSQL's JIT) costs more than it saves. SET takes no snapshot.
                await using (var noJit = new NpgsqlCommand("set local jit = off", connection, snapshot))
                    await noJit.ExecuteNonQueryAsync(cancellationToken);
                // The first query fixes the snapshot: the feed's number and the content are read as of the same moment.
                generation.Start(await feed.LatestAsync(connection, snapshot, cancellationToken));
                var total = (int)await reader.CountAsync(connection, snapshot, cancellationToken);
                progress?.Report(new ReindexProgress(0, total, clock.Elapsed, "reading"));

                var batches = Channel.CreateBounded<List<PublishedNode>>(new BoundedChannelOptions(4) { SingleWriter = true });
                var picked = new Dictionary<Guid, PublishedNode?>();
                var pickedGate = new SemaphoreSlim(1, 1);
                var writers = Enumerable.Range(0, Math.Max(1, Math.Min(2, Environment.ProcessorCount))).Select(_ => Task.Run(async () =>
                {
                    await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
                    {
                        var lookup = await PickedAsync(batch, picked, pickedGate, cancellationToken);
                        var count = 0;
                        foreach (var node in batch)
                        {
                            foreach (var document in builder.Build(node, k => lookup.GetValueOrDefault(k)))
                            {
                                generation.Add(document);
                                count++;
                            }
                        }
                        Interlocked.Add(ref documents, count);
                        var done = Interlocked.Add(ref items, batch.Count);
                        progress?.Report(new ReindexProgress(done, total, clock.Elapsed, "writing"));
                    }
                }, cancellationToken)).ToList();

                try
                {
                    var batch = new List<PublishedNode>(BatchSize);
                    await foreach (var node in reader.ReadAllAsync(connection, snapshot, cancellationToken))
                    {
                        batch.Add(node);
                        if (batch.Count == BatchSize)
                        {
                            await batches.Writer.WriteAsync(batch, cancellationToken);
                            batch = new List<PublishedNode>(BatchSize);
                        }
                    }
                    if (batch.Count > 0)
                        await batches.Writer.WriteAsync(batch, cancellationToken);
                }
                finally
                {
                    batches.Writer.TryComplete();
                }
                await Task.WhenAll(writers);
                await snapshot.CommitAsync(cancellationToken);
            }
            stages["writing"] = clock.Elapsed;

            progress?.Report(new ReindexProgress(items, items, clock.Elapsed, "commit"));
            generation.Commit();
            stages["commit"] = clock.Elapsed - stages["writing"];

            var before = clock.Elapsed;
            var caughtUp = await index.SwapInAsync(generation, copy => updater.CatchUpAsync(copy, cancellationToken), cancellationToken);
            stages["catch-up and swap"] = clock.Elapsed - before;
            progress?.Report(new ReindexProgress(items, items, clock.Elapsed, "done"));
            logger.LogInformation("Search index rebuilt: {Items} items, {Documents} documents in {Elapsed:N1} s; {CaughtUp} changes caught up",
                items, documents, clock.Elapsed.TotalSeconds, caughtUp);
            return new ReindexResult(documents, items, clock.Elapsed, caughtUp, stages);
        }
        catch
        {
            generation.Dispose();
            throw;
        }
    }

    /// <summary>The picked items a batch needs, read once for the whole rebuild and shared by its writers.</summary>
    private async Task<Dictionary<Guid, PublishedNode>> PickedAsync(List<PublishedNode> batch, Dictionary<Guid, PublishedNode?> known,
        SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var wanted = batch.SelectMany(builder.PickedKeys).ToHashSet();
        var lookup = batch.ToDictionary(n => n.Key);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var missing = wanted.Where(k => !known.ContainsKey(k) && !lookup.ContainsKey(k)).ToList();
            if (missing.Count > 0)
            {
                var read = (await reader.ReadByKeysAsync(missing, cancellationToken)).ToDictionary(n => n.Key);
                foreach (var key in missing)
                    known[key] = read.GetValueOrDefault(key);
            }
            foreach (var key in wanted)
            {
                if (!lookup.ContainsKey(key) && known.GetValueOrDefault(key) is { } node)
                    lookup[key] = node;
            }
        }
        finally
        {
            gate.Release();
        }
        return lookup;
    }
}
