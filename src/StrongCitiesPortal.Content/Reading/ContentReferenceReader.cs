using Npgsql;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Reading;

/// <summary>Which versions of items are searched for a reference.</summary>
public enum ReferringVersions
{
    /// <summary>An item's latest version or any version live in some culture; items in the recycle bin too.</summary>
    LatestOrLive,

    /// <summary>Only versions live in some culture, of items not in the recycle bin: what the public sees.</summary>
    Live,
}

/// <summary>
/// Which content refers to a key (a media item, another item), found in the text of its versions: a picker's value
/// anywhere in an item, in any culture, is a reference.
/// </summary>
public sealed class ContentReferenceReader(PortalDatabase database)
{
    /// <summary>The keys of the items whose <paramref name="versions"/> mention <paramref name="key"/>.</summary>
    public async Task<IReadOnlyList<Guid>> ReferringToAsync(Guid key, ReferringVersions versions, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(versions == ReferringVersions.Live
            ? """
              select distinct n.key from cms_node n
              join cms_culture c on c.node_id = n.id and c.published_version is not null
              join cms_version v on v.node_id = n.id and v.version = c.published_version
              where not n.trashed and strpos(v.data::text, @key) > 0
              """
            : """
              select distinct n.key from cms_node n join cms_version v on v.node_id = n.id
              where (v.version = n.latest_version or v.version in (select c.published_version from cms_culture c where c.node_id = n.id))
                and strpos(v.data::text, @key) > 0
              """, connection);
        command.Parameters.AddWithValue("key", key.ToString());
        var keys = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(reader.GetGuid(0));
        return keys;
    }

    /// <summary>Those of <paramref name="candidates"/> that one version of an item mentions, read inside a change's scope (a notification handler's).</summary>
    public Task<IReadOnlyList<Guid>> MentionedInVersionAsync(IChangeScope scope, Guid item, int version, IReadOnlyCollection<Guid> candidates,
        CancellationToken cancellationToken = default)
    {
        var database = scope.Database();
        return MentionedInVersionAsync(database.Connection, database.Transaction, item, version, candidates, cancellationToken);
    }

    /// <summary>
    /// Those of <paramref name="candidates"/> that one version of an item mentions, read on the caller's connection and
    /// transaction (a notification handler's scope sees the change it handles).
    /// </summary>
    internal async Task<IReadOnlyList<Guid>> MentionedInVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid item, int version,
        IReadOnlyCollection<Guid> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
            return [];
        await using var command = new NpgsqlCommand("""
            select k from unnest(@candidates) k
            where exists (select 1 from cms_version v join cms_node n on n.id = v.node_id
                          where n.key = @item and v.version = @version and strpos(v.data::text, k::text) > 0)
            """, connection, transaction);
        command.Parameters.AddWithValue("candidates", candidates.ToArray());
        command.Parameters.AddWithValue("item", item);
        command.Parameters.AddWithValue("version", version);
        var found = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found.Add(reader.GetGuid(0));
        return found;
    }
}
