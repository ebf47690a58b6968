using System.Runtime.CompilerServices;
using Npgsql;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Content.Reading;

/// <summary>
/// The one place that joins an item to its latest version: the content service's loads and the draft reader both
/// read their <see cref="ContentItem"/>s here, one row per item with its cultures' states alongside.
/// </summary>
internal static class LatestContentRows
{
    /// <summary>Joins the node <c>n</c> to its latest version <c>v</c>; for queries that only filter on the latest data.</summary>
    internal const string LatestVersionJoin = "join cms_version v on v.node_id = n.id and v.version = n.latest_version";

    private const string Select = $"""
        select n.id, n.key, p.key, n.content_type, n.level, n.path, n.sort_order, n.trashed, n.latest_version,
               n.create_date, n.update_date, n.created_by, n.updated_by, v.data::text,
               coalesce(cs.cultures, array[]::text[]), cs.names, cs.segments, cs.published_versions, cs.published_at, cs.publish_at, cs.unpublish_at, cs.publish_versions
        from cms_node n
        left join cms_node p on p.id = n.parent_id
        {LatestVersionJoin}
        left join lateral (
            select array_agg(c.culture order by c.culture) as cultures, array_agg(c.name order by c.culture) as names,
                   array_agg(c.segment order by c.culture) as segments, array_agg(c.published_version order by c.culture) as published_versions,
                   array_agg(c.published_at order by c.culture) as published_at, array_agg(c.publish_at order by c.culture) as publish_at,
                   array_agg(c.unpublish_at order by c.culture) as unpublish_at, array_agg(c.publish_version order by c.culture) as publish_versions
            from cms_culture c where c.node_id = n.id) cs on true
        """;

    /// <summary>Items matching <paramref name="where"/> (a clause on <c>n</c>, the node), in the order it gives, read as they come.</summary>
    internal static async IAsyncEnumerable<ContentItem> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where,
        Action<NpgsqlParameterCollection> bind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Select + "\n" + where, connection, transaction);
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return Read(reader);
    }

    private static ContentItem Read(NpgsqlDataReader reader)
    {
        var cultures = reader.GetFieldValue<string[]>(14);
        var publishing = new Dictionary<string, CulturePublishState>(StringComparer.Ordinal);
        if (cultures.Length > 0)
        {
            var names = reader.GetFieldValue<string[]>(15);
            var segments = reader.GetFieldValue<string[]>(16);
            var published = reader.GetFieldValue<int?[]>(17);
            var publishedAt = reader.GetFieldValue<DateTimeOffset?[]>(18);
            var publishAt = reader.GetFieldValue<DateTimeOffset?[]>(19);
            var unpublishAt = reader.GetFieldValue<DateTimeOffset?[]>(20);
            var publishVersions = reader.GetFieldValue<int?[]>(21);
            for (var i = 0; i < cultures.Length; i++)
                publishing[cultures[i]] = new CulturePublishState(cultures[i], names[i], segments[i], published[i], publishedAt[i], publishAt[i], unpublishAt[i], publishVersions[i]);
        }
        return new ContentItem
        {
            Id = reader.GetInt64(0),
            Key = reader.GetGuid(1),
            ParentKey = reader.IsDBNull(2) ? null : reader.GetGuid(2),
            ContentType = reader.GetString(3),
            Level = reader.GetInt32(4),
            Path = reader.GetString(5),
            SortOrder = reader.GetInt32(6),
            Trashed = reader.GetBoolean(7),
            Version = reader.GetInt32(8),
            CreateDate = reader.GetFieldValue<DateTimeOffset>(9),
            UpdateDate = reader.GetFieldValue<DateTimeOffset>(10),
            CreatedBy = reader.GetString(11),
            UpdatedBy = reader.GetString(12),
            Data = ContentService.Deserialize(reader.GetString(13)),
            Publishing = publishing,
        };
    }
}
