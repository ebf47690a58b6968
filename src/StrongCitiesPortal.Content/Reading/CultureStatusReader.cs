using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Reading;

/// <summary>
/// Where one culture of an item stands. <see cref="DraftNewer"/>: the latest version changes that culture's own text
/// (or, for the default culture, the shared properties) against the live one; a save of English makes a new version of
/// the whole item, but French, untouched, is still what is live.
/// </summary>
public sealed record CultureStatus(string Culture, bool Published, bool DraftNewer, DateTimeOffset? PublishAt, DateTimeOffset? UnpublishAt);

/// <summary>Reads the per-culture status of a set of items in one query.</summary>
public sealed class CultureStatusReader(PortalDatabase database, IOptions<PortalContentOptions> options)
{
    /// <summary>Each existing item's cultures, in the portal's order of cultures.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<CultureStatus>>> ForAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var states = new Dictionary<Guid, List<CultureStatus>>();
        if (keys.Count == 0)
            return new Dictionary<Guid, IReadOnlyList<CultureStatus>>();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            select n.key, c.culture, c.published_version is not null,
                   c.published_version is not null and c.published_version <> n.latest_version and (
                       (v.data -> 'cultures' -> c.culture) is distinct from (pv.data -> 'cultures' -> c.culture)
                       or (c.culture = @default and (v.data -> 'invariant') is distinct from (pv.data -> 'invariant'))),
                   c.publish_at, c.unpublish_at
            from cms_node n
            join cms_culture c on c.node_id = n.id
            {LatestContentRows.LatestVersionJoin}
            left join cms_version pv on pv.node_id = n.id and pv.version = c.published_version
            where n.key = any (@keys)
            """, connection);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        command.Parameters.AddWithValue("default", options.Value.DefaultCulture);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetGuid(0);
            if (!states.TryGetValue(key, out var list))
                states[key] = list = [];
            list.Add(new CultureStatus(reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }
        var order = options.Value.EffectiveCultures.ToList();
        return states.ToDictionary(s => s.Key,
            s => (IReadOnlyList<CultureStatus>)s.Value.OrderBy(c => order.IndexOf(c.Culture) is var i and >= 0 ? i : int.MaxValue).ToList());
    }
}
