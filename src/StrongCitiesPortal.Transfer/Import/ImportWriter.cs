using Npgsql;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Transfer.Import;

/// <summary>
/// Writes a batch's planned rows through the content service: several writers side by side, each committing its
/// share in one transaction (a savepoint per row), the published cache refreshed once for the batch. A refused row
/// is marked invalid with the reason; the others are written.
/// </summary>
internal sealed class ImportWriter(ImportRequest request, DocumentType type, IContentService content, PublishedContentCache cache, ItemLookup items, long? runId)
{
    /// <summary>New items written together (a stop waits for at most this many).</summary>
    private const int CreateRun = 50;

    /// <returns>For each plan, whether it is handled: false for a row to write that was not written (the import was stopped first).</returns>
    public async Task<bool[]> WriteAsync(IReadOnlyList<ImportPlan> plans, CancellationToken cancellationToken)
    {
        await AssignSortOrdersAsync(plans, cancellationToken);
        var done = new bool[plans.Count];
        await using (var deferred = request.RefreshCachePerBatch ? cache.DeferRefresh() : null)
        {
            // Writers run side by side; rows that could claim the same URL segment share a writer.
            var groups = WriterGroups(plans, request.Parallelism);
            await Task.WhenAll(groups.Select(group => Task.Run(async () =>
            {
                if (!request.TransactionPerWriter)
                {
                    foreach (var index in group)
                    {
                        if (cancellationToken.IsCancellationRequested)
                            return;
                        await WriteAsync(plans[index], Change(null, deferred));
                        done[index] = true;
                    }
                    return;
                }
                // A writer's rows commit together: runs of new items are written with a few statements for all of
                // them, other rows each under its own savepoint; a refused row is rolled back alone.
                var written = new List<int>();
                try
                {
                    await content.InBatchAsync(request.User, async batch =>
                    {
                        foreach (var run in Runs(plans, group))
                        {
                            if (cancellationToken.IsCancellationRequested)
                                return;
                            if (run.Count > 1 && await CreateManyAsync(run.Select(i => plans[i]).ToList(), Change(batch, deferred)))
                            {
                                written.AddRange(run);
                                continue;
                            }
                            foreach (var index in run)
                            {
                                if (cancellationToken.IsCancellationRequested)
                                    return;
                                await WriteAsync(plans[index], Change(batch, deferred));
                                written.Add(index);
                            }
                        }
                    }, CancellationToken.None);
                    foreach (var index in written)
                        done[index] = true;
                }
                catch (NpgsqlException ex)
                {
                    foreach (var index in written.Where(i => plans[i].Writes))
                    {
                        plans[index].Outcome = RowOutcome.Invalid;
                        plans[index].Issues.Add(new(null, null, $"The database refused the rows written with this one: {(ex as PostgresException)?.MessageText ?? ex.Message}"));
                        done[index] = true;
                    }
                }
            }, CancellationToken.None)));
        }
        return done;
    }

    /// <summary>New items without a sort order go after their siblings, in the file's order, whatever order the writers finish in.</summary>
    private async Task AssignSortOrdersAsync(IReadOnlyList<ImportPlan> plans, CancellationToken cancellationToken)
    {
        foreach (var byParent in plans.Where(p => p.Outcome == RowOutcome.Created && p.Record.SortOrder is null && p.Parent is not null).GroupBy(p => p.Parent!.Key))
        {
            var next = await items.NextSortOrderAsync(byParent.Key, cancellationToken);
            foreach (var plan in byParent)
                plan.SortOrder = next++;
        }
    }

    /// <summary>
    /// Splits the rows to write into at most <paramref name="writers"/> lists, each in file order, keeping
    /// together rows whose names or segments could ask for the same URL segment under the same parent
    /// (two writers could otherwise both find it free).
    /// </summary>
    private static List<List<int>> WriterGroups(IReadOnlyList<ImportPlan> plans, int writers)
    {
        var owner = new Dictionary<string, int>(StringComparer.Ordinal);
        var parent = Enumerable.Range(0, plans.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        var writes = new List<int>();
        for (var i = 0; i < plans.Count; i++)
        {
            if (!plans[i].Writes)
                continue;
            writes.Add(i);
            foreach (var (culture, variant) in plans[i].Data!.Cultures)
            {
                var wanted = $"{plans[i].Parent?.Key}/{culture}/{variant.Segment ?? UrlSegments.FromName(variant.Name)}";
                if (owner.TryGetValue(wanted, out var other))
                    parent[Find(i)] = Find(other);
                else
                    owner[wanted] = i;
            }
        }
        var groups = Enumerable.Range(0, Math.Max(1, writers)).Select(_ => new List<int>()).ToList();
        foreach (var component in writes.GroupBy(Find).OrderByDescending(c => c.Count()))
            groups.MinBy(g => g.Count)!.AddRange(component);
        foreach (var group in groups)
            group.Sort();
        return groups.Where(g => g.Count > 0).ToList();
    }

    /// <summary>A writer's rows in file order, in runs: consecutive new items together (at most <see cref="CreateRun"/>), every other row alone.</summary>
    private static IEnumerable<List<int>> Runs(IReadOnlyList<ImportPlan> plans, IReadOnlyList<int> group)
    {
        var run = new List<int>();
        foreach (var index in group)
        {
            var created = plans[index].Outcome == RowOutcome.Created;
            if (run.Count > 0 && (!created || run.Count == CreateRun || plans[run[0]].Outcome != RowOutcome.Created))
            {
                yield return run;
                run = [];
            }
            run.Add(index);
        }
        if (run.Count > 0)
            yield return run;
    }

    /// <returns>False when the database refused the statements: nothing was written, and the rows are to be written one by one.</returns>
    private async Task<bool> CreateManyAsync(IReadOnlyList<ImportPlan> created, ChangeContext change)
    {
        change = change.With(new PendingImportWrites(created.Select(Pending)));
        try
        {
            var results = await content.CreateManyAsync(created.Select(plan => new NewContent(Draft(plan), plan.Publish)).ToList(), change, CancellationToken.None);
            for (var i = 0; i < created.Count; i++)
            {
                if (!results[i].Succeeded)
                {
                    created[i].Outcome = results[i].Outcome == ContentOutcome.Conflict ? RowOutcome.Conflict : RowOutcome.Invalid;
                    created[i].Issues.AddRange(results[i].Errors);
                }
            }
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private async Task WriteAsync(ImportPlan plan, ChangeContext change)
    {
        change = change.With(new PendingImportWrites([Pending(plan)]));
        try
        {
            var result = plan.Outcome == RowOutcome.Published
                ? await content.PublishAsync(plan.Key, plan.Publish, change, CancellationToken.None)
                : await content.SaveAndPublishAsync(Draft(plan), plan.Publish, change, CancellationToken.None);
            if (!result.Succeeded)
            {
                plan.Outcome = result.Outcome == ContentOutcome.Conflict ? RowOutcome.Conflict : RowOutcome.Invalid;
                plan.Issues.AddRange(result.Errors);
            }
        }
        catch (NpgsqlException ex)
        {
            plan.Outcome = RowOutcome.Invalid;
            plan.Issues.Add(new(null, null, $"The database refused the row: {(ex as PostgresException)?.MessageText ?? ex.Message}"));
        }
    }

    /// <summary>A change of this import: in the writer's batch if it has one, its cache refreshes left to the batch's deferral.</summary>
    private ChangeContext Change(ContentBatch? batch, DeferredCacheRefresh? deferred)
    {
        var change = batch?.Context ?? ChangeContext.For(request.User);
        return deferred is null ? change : change.With(deferred);
    }

    private PendingImportWrite Pending(ImportPlan plan) =>
        new(runId, plan.Record.Row, type.Alias, plan.Record.ExternalId!, plan.Key, plan.Outcome, []);

    private ContentDraft Draft(ImportPlan plan) => new()
    {
        Key = plan.Key,
        ContentType = type.Alias,
        ParentKey = plan.Existing is null ? plan.Parent?.Key : null,
        SortOrder = plan.Existing is null ? plan.Record.SortOrder ?? plan.SortOrder : null,
        Data = plan.Data!,
        BasedOnVersion = plan.Existing?.Version,
        Note = $"Imported ({plan.Record.ExternalId})",
    };
}
