using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Transfer.Import;

/// <summary>An external id's item and the version the import last wrote of it.</summary>
public sealed record ExternalIdMapping(string ContentType, string ExternalId, Guid Key, int ImportedVersion, DateTimeOffset ImportedAt);

/// <summary>A run of an import as the journal keeps it.</summary>
public sealed record ImportRun(long Id, string Source, string ContentType, string Status, long RowsDone, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// The import's tables: the external id of every imported item, and each run's checkpoint and per-row
/// outcomes, so a stopped import resumes where it stopped.
/// </summary>
public sealed class ImportJournal(TimeProvider clock)
{
    internal static readonly JsonSerializerOptions IssueJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A run's state as shown: 'running' only while the process running it holds the run's advisory lock on its
    /// connection; a run left 'running' by a process that was killed (or lost its database) reads 'interrupted'.
    /// </summary>
    private const string RunColumns = """
        r.id, r.source, r.content_type,
        case when r.status = 'running' and not exists (
            select 1 from pg_locks l
            where l.locktype = 'advisory' and l.granted and l.objsubid = 2
              and l.database = (select oid from pg_database where datname = current_database())
              and l.classid = 7340031::oid and l.objid = r.id::int4::oid)
        then 'interrupted' else r.status end,
        r.rows_done, r.started_at, r.updated_at
        """;

    /// <summary>The first key of the runs' advisory locks (the run id is the second).</summary>
    private const int RunLockSpace = 7340031;

    public async Task<Dictionary<string, ExternalIdMapping>> MappingsAsync(NpgsqlConnection connection, string contentType, IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken)
    {
        var mappings = new Dictionary<string, ExternalIdMapping>(StringComparer.Ordinal);
        if (externalIds.Count == 0)
            return mappings;
        await using var command = new NpgsqlCommand(
            "select external_id, node_key, imported_version, imported_at from transfer_external_id where content_type = @type and external_id = any(@ids)", connection);
        command.Parameters.AddWithValue("type", contentType);
        command.Parameters.AddWithValue("ids", externalIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            mappings[reader.GetString(0)] = new ExternalIdMapping(contentType, reader.GetString(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3));
        return mappings;
    }

    /// <summary>The items an external id was imported as, into any type.</summary>
    public async Task<IReadOnlyList<Guid>> KeysOfExternalIdAsync(NpgsqlConnection connection, string externalId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select distinct node_key from transfer_external_id where external_id = @id", connection);
        command.Parameters.AddWithValue("id", externalId);
        var keys = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(reader.GetGuid(0));
        return keys;
    }

    /// <summary>Every item's external ids, by item key.</summary>
    public static async Task<Dictionary<Guid, List<ExternalIdMapping>>> MappingsByKeyAsync(NpgsqlConnection connection, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, List<ExternalIdMapping>>();
        await using var command = new NpgsqlCommand(
            "select content_type, external_id, node_key, imported_version, imported_at from transfer_external_id where node_key = any(@keys) order by external_id", connection);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var mapping = new ExternalIdMapping(reader.GetString(0), reader.GetString(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4));
            if (!result.TryGetValue(mapping.Key, out var list))
                result[mapping.Key] = list = [];
            list.Add(mapping);
        }
        return result;
    }

    public async Task SaveMappingAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ExternalIdMapping mapping, long? runId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            insert into transfer_external_id (content_type, external_id, node_key, imported_version, imported_at, run_id)
            values (@type, @id, @key, @version, @at, @run)
            on conflict (content_type, external_id) do update
            set node_key = excluded.node_key, imported_version = excluded.imported_version, imported_at = excluded.imported_at, run_id = excluded.run_id
            """, connection, transaction);
        command.Parameters.AddWithValue("type", mapping.ContentType);
        command.Parameters.AddWithValue("id", mapping.ExternalId);
        command.Parameters.AddWithValue("key", mapping.Key);
        command.Parameters.AddWithValue("version", mapping.ImportedVersion);
        command.Parameters.AddWithValue("at", mapping.ImportedAt);
        command.Parameters.Add(new NpgsqlParameter("run", NpgsqlDbType.Bigint) { Value = (object?)runId ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> StartRunAsync(NpgsqlConnection connection, IRecordSource source, ImportRequest request, Guid? parentKey, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            insert into transfer_import_run (source, fingerprint, content_type, parent_key, options, user_name, started_at, updated_at, status)
            values (@source, @fingerprint, @type, @parent, @options::jsonb, @user, @now, @now, 'running') returning id
            """, connection);
        command.Parameters.AddWithValue("source", source.Description);
        command.Parameters.AddWithValue("fingerprint", source.Fingerprint);
        command.Parameters.AddWithValue("type", request.ContentType);
        command.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Uuid) { Value = (object?)parentKey ?? DBNull.Value });
        command.Parameters.AddWithValue("options", JsonSerializer.Serialize(new { request.Parent, request.Force, request.Publish, request.PublishAsRecorded, request.BatchSize, request.BodyProperty }, IssueJson));
        command.Parameters.AddWithValue("user", request.User);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        await using var hold = new NpgsqlCommand("select pg_advisory_lock(@space, @id::int4)", connection);
        hold.Parameters.AddWithValue("space", RunLockSpace);
        hold.Parameters.AddWithValue("id", id);
        await hold.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    /// <summary>Lets go of a run this connection holds (it then reads 'interrupted' unless it was finished or stopped).</summary>
    public static async Task ReleaseRunAsync(NpgsqlConnection connection, long runId, CancellationToken cancellationToken)
    {
        await using var release = new NpgsqlCommand("select pg_advisory_unlock(@space, @id::int4)", connection);
        release.Parameters.AddWithValue("space", RunLockSpace);
        release.Parameters.AddWithValue("id", runId);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The last run of this file into this type that did not finish, with what it had done.</summary>
    public async Task<ImportRun?> ResumableRunAsync(NpgsqlConnection connection, string fingerprint, string contentType, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            select {RunColumns} from transfer_import_run r
            where r.fingerprint = @fingerprint and r.content_type = @type order by r.id desc limit 1
            """, connection);
        command.Parameters.AddWithValue("fingerprint", fingerprint);
        command.Parameters.AddWithValue("type", contentType);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var run = ReadRun(reader);
        return run.Status == "finished" ? null : run;
    }

    /// <summary>Forgets what a stopped run recorded past its checkpoint (it will be done again) and marks it running.</summary>
    public async Task ReopenRunAsync(NpgsqlConnection connection, ImportRun run, CancellationToken cancellationToken)
    {
        await using (var hold = new NpgsqlCommand("select pg_try_advisory_lock(@space, @id::int4)", connection))
        {
            hold.Parameters.AddWithValue("space", RunLockSpace);
            hold.Parameters.AddWithValue("id", run.Id);
            if (await hold.ExecuteScalarAsync(cancellationToken) is not true)
                throw new ImportSetupException($"Import run {run.Id} of {run.Source} is still running in another process: wait for it to end, or stop it there.");
        }
        await using var command = new NpgsqlCommand("""
            delete from transfer_import_row where run_id = @id and row > @done;
            update transfer_import_run set status = 'running', updated_at = @now, finished_at = null where id = @id;
            """, connection);
        command.Parameters.AddWithValue("id", run.Id);
        command.Parameters.AddWithValue("done", run.RowsDone);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ImportRun>> RecentRunsAsync(NpgsqlConnection connection, int take, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"select {RunColumns} from transfer_import_run r order by r.id desc limit @take", connection);
        command.Parameters.AddWithValue("take", take);
        var runs = new List<ImportRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            runs.Add(ReadRun(reader));
        return runs;
    }

    private static ImportRun ReadRun(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
            reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6));

    /// <summary>Records rows that wrote nothing (or only published), then moves the checkpoint past them.</summary>
    public async Task RecordAsync(NpgsqlConnection connection, long runId, IReadOnlyList<RowResult> rows, long checkpoint, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var row in rows)
        {
            var insert = new NpgsqlBatchCommand("""
                insert into transfer_import_row (run_id, row, external_id, outcome, node_key, issues) values (@run, @row, @id, @outcome, @key, @issues::jsonb)
                on conflict (run_id, row) do update set outcome = excluded.outcome, node_key = excluded.node_key, issues = excluded.issues
                """);
            AddRowParameters(insert.Parameters, runId, row);
            batch.BatchCommands.Add(insert);
        }
        var advance = new NpgsqlBatchCommand("update transfer_import_run set rows_done = greatest(rows_done, @done), updated_at = @now where id = @run");
        advance.Parameters.AddWithValue("done", checkpoint);
        advance.Parameters.AddWithValue("now", clock.GetUtcNow());
        advance.Parameters.AddWithValue("run", runId);
        batch.BatchCommands.Add(advance);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Inside a save's transaction: the external id and the row's outcome commit with the item (the checkpoint moves
    /// per batch). In a bulk import's batch they are written for all its rows at once just before the commit, each
    /// only if its item still has the version saved (a row rolled back to its savepoint since leaves nothing).
    /// </summary>
    internal async Task RecordWriteAsync(IChangeScope scope, PendingImportWrite write, int version, CancellationToken cancellationToken)
    {
        var entry = new WrittenRow(write.ContentType, write.ExternalId, write.Key, version, write.RunId, write.Row, write.Outcome.ToString(),
            write.Issues.Count == 0 ? null : JsonSerializer.Serialize(write.Issues, IssueJson));
        if (scope.InBatch)
        {
            scope.Defer("transfer-writes", entry, (rows, ct) => RecordWritesAsync(scope, rows, ct));
            return;
        }
        await RecordWritesAsync(scope, [entry], cancellationToken);
    }

    private sealed record WrittenRow(string ContentType, string ExternalId, Guid Key, int Version, long? RunId, long Row, string Outcome, string? Issues);

    private async Task RecordWritesAsync(IChangeScope scope, IReadOnlyCollection<WrittenRow> gathered, CancellationToken cancellationToken)
    {
        // A row whose save was rolled back since (or overtaken by a later save of its item) leaves nothing.
        var latest = await ItemLookup.LatestVersionsAsync(scope, gathered.Select(r => r.Key).ToList(), cancellationToken);
        var rows = gathered.Where(r => latest.TryGetValue(r.Key, out var version) && version == r.Version).ToList();
        if (rows.Count == 0)
            return;
        await using var command = scope.Database().Command("""
            with written as (
                select distinct on (u.content_type, u.external_id) u.*
                from unnest(@types, @ids, @keys, @versions, @runs, @rows, @outcomes, @issues) as u(content_type, external_id, node_key, version, run_id, row, outcome, issues)
                order by u.content_type, u.external_id, u.version desc),
            mapped as (
                insert into transfer_external_id (content_type, external_id, node_key, imported_version, imported_at, run_id)
                select content_type, external_id, node_key, version, @at, run_id from written
                on conflict (content_type, external_id) do update
                set node_key = excluded.node_key, imported_version = excluded.imported_version, imported_at = excluded.imported_at, run_id = excluded.run_id)
            insert into transfer_import_row (run_id, row, external_id, outcome, node_key, issues)
            select distinct on (run_id, row) run_id, row, external_id, outcome, node_key, issues::jsonb from written where run_id is not null
            order by run_id, row
            on conflict (run_id, row) do update set outcome = excluded.outcome, node_key = excluded.node_key, issues = excluded.issues
            """);
        command.Parameters.AddWithValue("types", rows.Select(r => r.ContentType).ToArray());
        command.Parameters.AddWithValue("ids", rows.Select(r => r.ExternalId).ToArray());
        command.Parameters.AddWithValue("keys", rows.Select(r => r.Key).ToArray());
        command.Parameters.AddWithValue("versions", rows.Select(r => r.Version).ToArray());
        command.Parameters.Add(new NpgsqlParameter("runs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.RunId).ToArray() });
        command.Parameters.AddWithValue("rows", rows.Select(r => r.Row).ToArray());
        command.Parameters.AddWithValue("outcomes", rows.Select(r => r.Outcome).ToArray());
        command.Parameters.Add(new NpgsqlParameter("issues", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Issues).ToArray() });
        command.Parameters.AddWithValue("at", clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddRowParameters(NpgsqlParameterCollection parameters, long runId, RowResult row)
    {
        parameters.AddWithValue("run", runId);
        parameters.AddWithValue("row", row.Row);
        parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Text) { Value = (object?)row.ExternalId ?? DBNull.Value });
        parameters.AddWithValue("outcome", row.Outcome.ToString());
        parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Uuid) { Value = (object?)row.Key ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("issues", NpgsqlDbType.Text)
        {
            Value = row.Issues.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(row.Issues, IssueJson),
        });
    }

    public async Task FinishRunAsync(NpgsqlConnection connection, long runId, string status, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "update transfer_import_run set status = @status, updated_at = @now, finished_at = case when @status = 'finished' then @now end where id = @id", connection);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("id", runId);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await ReleaseRunAsync(connection, runId, cancellationToken);
    }

    /// <summary>Every row a run recorded, stops and resumes included, in row order.</summary>
    public async Task<IReadOnlyList<RowResult>> RowsAsync(NpgsqlConnection connection, long runId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select row, external_id, outcome, node_key, issues::text from transfer_import_row where run_id = @id order by row", connection);
        command.Parameters.AddWithValue("id", runId);
        var rows = new List<RowResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new RowResult(reader.GetInt64(0), 0, null,
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                Enum.Parse<RowOutcome>(reader.GetString(2)),
                reader.IsDBNull(4) ? [] : JsonSerializer.Deserialize<List<ValidationError>>(reader.GetString(4), IssueJson)!));
        }
        return rows;
    }
}

/// <summary>An import row a save belongs to.</summary>
internal sealed record PendingImportWrite(long? RunId, long Row, string ContentType, string ExternalId, Guid Key, RowOutcome Outcome, IReadOnlyList<ValidationError> Issues);

/// <summary>The import rows a change writes, by item key: the import hands them to <see cref="ImportWriteRecorder"/> in the change's context.</summary>
internal sealed class PendingImportWrites(IEnumerable<PendingImportWrite> writes)
{
    private readonly Dictionary<Guid, PendingImportWrite> _byKey = writes.ToDictionary(w => w.Key);

    public PendingImportWrite? For(Guid key) => _byKey.GetValueOrDefault(key);
}

/// <summary>Writes an imported item's external id and journal entry in the same transaction as the item.</summary>
public sealed class ImportWriteRecorder(ImportJournal journal) : IContentNotificationHandler<ContentSavedNotification>
{
    public Task HandleAsync(ContentSavedNotification notification, CancellationToken cancellationToken) =>
        notification.Context.Get<PendingImportWrites>()?.For(notification.Item.Key) is { } write
            ? journal.RecordWriteAsync(notification.Scope, write, notification.Item.Version, cancellationToken)
            : Task.CompletedTask;
}
