using Npgsql;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Transfer.Import;

/// <summary>
/// A run's bookkeeping: each handled row goes into the report and to the row callback, rows that wrote nothing into
/// the journal, and the checkpoint a resume starts from moves past the rows all of which are handled. New items of a
/// picked type become pickable by name in later rows.
/// </summary>
internal sealed class ImportLedger(
    ImportRequest request,
    DocumentType type,
    ImportReport report,
    Action<RowResult>? onRow,
    PickerIndex pickers,
    IReadOnlySet<string> pickedTypes,
    ImportJournal journal,
    NpgsqlConnection connection,
    long? runId)
{
    /// <summary>Records a batch that was written: <paramref name="done"/> says which rows are handled.</summary>
    public async Task RecordAsync(IReadOnlyList<ImportPlan> plans, IReadOnlyList<bool> done)
    {
        var recorded = new List<RowResult>();
        long checkpoint = 0;
        var prefix = true;
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            if (plan.Writes && !done[i])
            {
                prefix = false;
                continue;
            }
            var result = Complete(plan);
            if (plan.Outcome is not (RowOutcome.Created or RowOutcome.Updated))
            {
                recorded.Add(result);
            }
            else if (pickedTypes.Contains(type.Alias))
            {
                foreach (var variant in plan.Data!.Cultures.Values)
                    pickers.AddName(type.Alias, plan.Key, variant.Name);
                pickers.AddExternalId(type.Alias, plan.Record.ExternalId!, plan.Key);
            }
            if (prefix)
                checkpoint = plan.Record.Row;
        }
        // The checkpoint only passes rows all of which are handled; rows after it are done again on resume (and found unchanged).
        if (runId is { } id && (checkpoint > 0 || recorded.Count > 0))
            await journal.RecordAsync(connection, id, recorded, checkpoint, CancellationToken.None);
    }

    /// <summary>Counts a handled row in the report and hands it to the row callback.</summary>
    public RowResult Complete(ImportPlan plan)
    {
        // A key only where there is (or, after this row, will be) an item with it.
        var key = plan.Existing?.Key ?? plan.Outcome switch
        {
            RowOutcome.Created when !request.DryRun || plan.Record.Key is not null => plan.Key,
            RowOutcome.Skipped => plan.Key,
            _ => (Guid?)null,
        };
        var result = new RowResult(plan.Record.Row, plan.Record.Line, plan.Record.File, plan.Record.ExternalId, key, plan.Outcome, plan.Issues);
        report.Rows++;
        report.Counts[plan.Outcome]++;
        if (report.Results.Count < request.KeepRows)
            report.Results.Add(result);
        onRow?.Invoke(result);
        return result;
    }
}
