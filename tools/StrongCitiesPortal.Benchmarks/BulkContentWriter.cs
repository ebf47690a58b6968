using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace StrongCitiesPortal.Benchmarks;

/// <summary>
/// Writes generated items straight into the content tables as published version 1, with COPY: what
/// <c>ContentService.SaveAndPublishAsync</c> would leave behind (node, version, culture rows, live), minus
/// the audit trail and the per-item validation and notifications. The index is then built from these
/// tables by the reindexer, which uses the same document builder as publishing.
/// </summary>
internal static class BulkContentWriter
{
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    public static async Task<int> WriteAsync(NpgsqlDataSource dataSource, Guid parentKey, IEnumerable<GeneratedItem> items, Action<int>? progress = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        long parentId;
        string parentPath;
        int parentLevel;
        await using (var parent = new NpgsqlCommand("select id, path, level from cms_node where key = @key", connection))
        {
            parent.Parameters.AddWithValue("key", parentKey);
            await using var reader = await parent.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
                throw new InvalidOperationException($"The parent item {parentKey} is not in the database.");
            (parentId, parentPath, parentLevel) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2));
        }
        await using (var stage = new NpgsqlCommand("""
            create temp table stage_node (id bigint, key uuid, sort_order int) on commit preserve rows;
            create temp table stage_version (node_id bigint, data text) on commit preserve rows;
            create temp table stage_culture (node_id bigint, culture text, name text, segment text) on commit preserve rows;
            """, connection))
            await stage.ExecuteNonQueryAsync();

        var now = DateTimeOffset.UtcNow;
        var written = 0;
        foreach (var chunk in items.Chunk(5_000))
        {
            var ids = new List<long>(chunk.Length);
            await using (var reserve = new NpgsqlCommand("select nextval(pg_get_serial_sequence('cms_node', 'id')) from generate_series(1, @n)", connection))
            {
                reserve.Parameters.AddWithValue("n", chunk.Length);
                await using var reader = await reserve.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    ids.Add(reader.GetInt64(0));
            }
            await using (var nodes = await connection.BeginBinaryImportAsync("copy stage_node (id, key, sort_order) from stdin (format binary)"))
            {
                for (var i = 0; i < chunk.Length; i++)
                {
                    await nodes.StartRowAsync();
                    await nodes.WriteAsync(ids[i], NpgsqlDbType.Bigint);
                    await nodes.WriteAsync(chunk[i].Key, NpgsqlDbType.Uuid);
                    await nodes.WriteAsync(written + i, NpgsqlDbType.Integer);
                }
                await nodes.CompleteAsync();
            }
            await using (var versions = await connection.BeginBinaryImportAsync("copy stage_version (node_id, data) from stdin (format binary)"))
            {
                for (var i = 0; i < chunk.Length; i++)
                {
                    await versions.StartRowAsync();
                    await versions.WriteAsync(ids[i], NpgsqlDbType.Bigint);
                    await versions.WriteAsync(JsonSerializer.Serialize(chunk[i].Data, DataJson), NpgsqlDbType.Text);
                }
                await versions.CompleteAsync();
            }
            await using (var cultures = await connection.BeginBinaryImportAsync("copy stage_culture (node_id, culture, name, segment) from stdin (format binary)"))
            {
                for (var i = 0; i < chunk.Length; i++)
                {
                    foreach (var (culture, variant) in chunk[i].Data.Cultures)
                    {
                        await cultures.StartRowAsync();
                        await cultures.WriteAsync(ids[i], NpgsqlDbType.Bigint);
                        await cultures.WriteAsync(culture, NpgsqlDbType.Text);
                        await cultures.WriteAsync(variant.Name, NpgsqlDbType.Text);
                        await cultures.WriteAsync(variant.Segment ?? chunk[i].Key.ToString("N"), NpgsqlDbType.Text);
                    }
                }
                await cultures.CompleteAsync();
            }
            var type = chunk[0].ContentType;
            await using (var insert = new NpgsqlCommand("""
                insert into cms_node (id, key, parent_id, content_type, level, path, sort_order, trashed, latest_version, create_date, update_date, created_by, updated_by)
                overriding system value
                select id, key, @parent, @type, @level, @path || id || '/', sort_order, false, 1, @now, @now, 'generator', 'generator' from stage_node;
                insert into cms_version (node_id, version, data, created_at, created_by, note)
                select node_id, 1, data::jsonb, @now, 'generator', 'Generated corpus' from stage_version;
                insert into cms_culture (node_id, culture, name, segment, published_version, published_name, published_segment, published_at)
                select node_id, culture, name, segment, 1, name, segment, @now from stage_culture;
                truncate stage_node, stage_version, stage_culture;
                """, connection))
            {
                insert.Parameters.AddWithValue("parent", parentId);
                insert.Parameters.AddWithValue("type", type);
                insert.Parameters.AddWithValue("level", parentLevel + 1);
                insert.Parameters.AddWithValue("path", parentPath);
                insert.Parameters.AddWithValue("now", now);
                await insert.ExecuteNonQueryAsync();
            }
            written += chunk.Length;
            progress?.Invoke(written);
        }
        await using (var analyze = new NpgsqlCommand("analyze cms_node; analyze cms_version; analyze cms_culture", connection))
            await analyze.ExecuteNonQueryAsync();
        return written;
    }
}
