using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content.Audit;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Reading;

namespace StrongCitiesPortal.Content.Items;

/// <summary>
/// Every change to content goes through here: one transaction per change, a new version per save,
/// publish state per culture, notifications inside the transaction.
/// </summary>
public sealed partial class ContentService(
    PortalDatabase database,
    DocumentTypeRegistry types,
    IOptions<PortalContentOptions> options,
    ContentNotificationPublisher notifications,
    ContentReader contentReader,
    AuditTrail auditTrail,
    TimeProvider clock,
    ILogger<ContentService> logger) : IContentService
{
    internal static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    private readonly IReadOnlyList<string> _cultures = options.Value.EffectiveCultures;
    private readonly ContentValidator _validator = new(types, options.Value.EffectiveCultures);

    private string DefaultCulture => _cultures[0];

    public IReadOnlyList<string> Cultures => _cultures;

    public async Task<ContentItem?> GetAsync(Guid key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await LoadAsync(connection, null, key, forUpdate: false, cancellationToken);
    }

    public async Task<IReadOnlyList<ContentItem>> GetChildrenAsync(Guid? parentKey, CancellationToken cancellationToken = default)
    {
        var children = new List<ContentItem>();
        await foreach (var item in contentReader.LatestAsync(ContentSelection.ChildrenOf(parentKey), null, cancellationToken))
            children.Add(item);
        return children;
    }

    public async Task<IReadOnlyList<ContentItem>> GetTrashedAsync(CancellationToken cancellationToken = default)
    {
        var trashed = new List<ContentItem>();
        await foreach (var item in contentReader.LatestAsync(new ContentFilter { InRecycleBin = true }, null, cancellationToken))
            trashed.Add(item);
        return trashed.OrderByDescending(i => i.UpdateDate).ToList();
    }

    public async Task<IReadOnlyList<ContentVersionInfo>> GetVersionsAsync(Guid key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select v.version, v.created_at, v.created_by, v.note,
                   coalesce(array_agg(c.culture) filter (where c.culture is not null), '{}')
            from cms_version v
            join cms_node n on n.id = v.node_id
            left join cms_culture c on c.node_id = n.id and c.published_version = v.version
            where n.key = @key
            group by v.version, v.created_at, v.created_by, v.note
            order by v.version desc
            """, connection);
        command.Parameters.AddWithValue("key", key);
        var versions = new List<ContentVersionInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new ContentVersionInfo(
                reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<string[]>(4)));
        }
        return versions;
    }

    public async Task<ContentData?> GetVersionDataAsync(Guid key, int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select v.data::text from cms_version v join cms_node n on n.id = v.node_id where n.key = @key and v.version = @version", connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? Deserialize(json) : null;
    }

    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(Guid? key, int take = 200, CancellationToken cancellationToken = default) =>
        (await auditTrail.QueryAsync(new AuditFilter(Subject: key, Take: take), cancellationToken)).Select(e => e.Entry).ToList();

    internal static ContentData Deserialize(string json) =>
        JsonSerializer.Deserialize<ContentData>(json, DataJson) ?? new ContentData();

    internal static async Task<ContentItem?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid key, bool forUpdate, CancellationToken cancellationToken)
    {
        if (forUpdate)
        {
            // The row is locked on its own first: a lock taken through the join would, after waiting for
            // another save, re-check the new row against the old version row and find nothing.
            await using var lockRow = new NpgsqlCommand("select 1 from cms_node where key = @key for update", connection, transaction);
            lockRow.Parameters.AddWithValue("key", key);
            if (await lockRow.ExecuteScalarAsync(cancellationToken) is null)
                return null;
        }
        await foreach (var item in LatestContentRows.ReadAsync(connection, transaction, "where n.key = @key", p => p.AddWithValue("key", key), cancellationToken))
            return item;
        return null;
    }
}
