using Npgsql;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Content.Publishing;

/// <summary>Reading the live items' structure from PostgreSQL (or from the structure file), as rows turned into items.</summary>
public sealed partial class PublishedContentCache
{
    /// <summary>The tree, names and versions of live items (all of them, or these): no values.</summary>
    private async Task<Dictionary<Guid, PublishedContent>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IReadOnlyCollection<Guid>? keys, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select n.id, n.key, p.key, n.content_type, n.level, n.sort_order, n.create_date, n.update_date,
                   c.culture, c.published_name, c.published_segment, c.published_version, c.published_at
            from cms_culture c
            join cms_node n on n.id = c.node_id
            left join cms_node p on p.id = n.parent_id
            where c.published_version is not null and not n.trashed
            """ + (keys is null ? "" : " and n.key = any(@keys)"), connection, transaction);
        if (keys is not null)
            command.Parameters.AddWithValue("keys", keys.ToArray());

        var rows = new Dictionary<Guid, Row>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetGuid(1);
            var row = Item(rows, key, reader.GetString(3), type => new Row(reader.GetInt64(0), reader.IsDBNull(2) ? null : reader.GetGuid(2),
                type, reader.GetInt32(4), reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7), []));
            row?.Variants.Add(Variant(row.Id, reader.GetString(8), reader.GetString(9), reader.GetString(10), reader.GetInt32(11),
                reader.GetFieldValue<DateTimeOffset>(12)));
        }
        return ToItems(rows);
    }

    /// <summary>The row of an item already met, or a new one; null when its type is no longer defined (it is left out).</summary>
    private Row? Item(Dictionary<Guid, Row> rows, Guid key, string typeAlias, Func<DocumentType, Row> create)
    {
        if (rows.TryGetValue(key, out var row))
            return row;
        var type = _types.Find(typeAlias);
        if (type is null)
            return null;
        rows[key] = row = create(type);
        return row;
    }

    private PublishedVariant Variant(long nodeId, string culture, string name, string segment, int version, DateTimeOffset publishedAt) => new()
    {
        Culture = _cultures.FirstOrDefault(c => c == culture) ?? culture,
        Name = name,
        Segment = segment,
        Version = version,
        PublishedAt = publishedAt,
        NodeId = nodeId,
        Store = _values,
    };

    private Dictionary<Guid, PublishedContent> ToItems(Dictionary<Guid, Row> rows)
    {
        var result = new Dictionary<Guid, PublishedContent>(rows.Count);
        foreach (var (key, row) in rows)
            result[key] = Published(key, row.Id, row.Parent, row.Type, row.Level, row.SortOrder, row.Created, row.Updated, [.. row.Variants]);
        return result;
    }

    /// <summary>A live item as the cache holds it, whichever reader (PostgreSQL or the structure file) found it.</summary>
    private PublishedContent Published(Guid key, long id, Guid? parent, DocumentType type, int level, int sortOrder,
        DateTimeOffset created, DateTimeOffset updated, PublishedVariant[] variants) => new()
        {
            Id = id,
            Key = key,
            ParentKey = parent,
            ContentType = type.Alias,
            Level = level,
            SortOrder = sortOrder,
            CreateDate = created,
            UpdateDate = updated,
            VariesByCulture = type.VariesByCulture,
            DefaultCulture = DefaultCulture,
            Variants = new VariantSet(variants),
        };

    private sealed record Row(long Id, Guid? Parent, DocumentType Type, int Level, int SortOrder, DateTimeOffset Created, DateTimeOffset Updated,
        List<PublishedVariant> Variants);
}
