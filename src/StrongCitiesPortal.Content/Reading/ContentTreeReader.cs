using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Reading;

/// <summary>
/// The content tree as lists of <see cref="TreeNode"/>s: the whole of it, the part a tree view shows, an item's path,
/// a page of what a <see cref="ContentFilter"/> matches, and names.
/// </summary>
public sealed class ContentTreeReader(PortalDatabase database)
{
    private const string NodeColumns = """
        n.key, p.key, n.content_type, n.level, n.sort_order, n.trashed, n.latest_version, n.update_date, n.updated_by,
        coalesce(array_agg(c.culture order by c.culture) filter (where c.culture is not null), '{}'),
        coalesce(array_agg(c.name order by c.culture) filter (where c.culture is not null), '{}'),
        coalesce(array_agg(coalesce(c.published_version, 0) order by c.culture) filter (where c.culture is not null), '{}')
        """;

    private const string NodeJoins = """
        left join cms_node p on p.id = n.parent_id
        left join cms_culture c on c.node_id = n.id
        """;

    /// <summary>The whole tree in one query, by level and sort order.</summary>
    public async Task<IReadOnlyList<TreeNode>> LoadAsync(bool includeTrashed = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            select {NodeColumns}
            from cms_node n
            {NodeJoins}
            where @trashed or not n.trashed
            group by n.id, p.key
            order by n.level, n.sort_order, n.id
            """, connection);
        command.Parameters.AddWithValue("trashed", includeTrashed);
        return await ReadNodesAsync(command, null, cancellationToken);
    }

    /// <summary>
    /// The tree without reading a large site whole: from the roots down, every folder's children up to
    /// <paramref name="largeFolder"/>, and only the first <paramref name="shownOfLarge"/> of a folder that has more;
    /// with each shown node's number of children.
    /// </summary>
    public async Task<ContentOutline> OutlineAsync(int largeFolder, int shownOfLarge, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            with recursive ranked as (
                select id, parent_id,
                       row_number() over (partition by parent_id order by sort_order, id) as rank,
                       count(*) over (partition by parent_id) as siblings
                from cms_node where not trashed
            ), shown as (
                select r.id from ranked r where r.parent_id is null
                union all
                select r.id from ranked r join shown s on r.parent_id = s.id
                where r.rank <= case when r.siblings > @large then @shownOfLarge else @large end
            )
            select {NodeColumns},
                   (select count(*) from cms_node k where k.parent_id = n.id and not k.trashed)
            from cms_node n
            join shown s on s.id = n.id
            {NodeJoins}
            group by n.id, p.key
            order by n.level, n.sort_order, n.id
            """, connection);
        command.Parameters.AddWithValue("large", (long)largeFolder);
        command.Parameters.AddWithValue("shownOfLarge", (long)shownOfLarge);
        var counts = new Dictionary<Guid, int>();
        var nodes = await ReadNodesAsync(command, (node, reader) => counts[node.Key] = (int)reader.GetInt64(12), cancellationToken);
        return new ContentOutline(nodes, counts);
    }

    /// <summary>An item (not in the recycle bin) and its ancestors, from the root down, without reading the whole tree.</summary>
    public async Task<IReadOnlyList<TreeNode>> PathAsync(Guid key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            with recursive up as (
                select id, parent_id from cms_node where key = @key and not trashed
                union all
                select n.id, n.parent_id from cms_node n join up on n.id = up.parent_id
            )
            select {NodeColumns}
            from cms_node n
            join up on up.id = n.id
            {NodeJoins}
            group by n.id, p.key
            order by n.level
            """, connection);
        command.Parameters.AddWithValue("key", key);
        return await ReadNodesAsync(command, null, cancellationToken);
    }

    /// <summary>One page (by level, then sort order) of the items <paramref name="filter"/> matches, with how many it matches in all.</summary>
    public async Task<ContentPage> PageAsync(ContentFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            with matching as ({Matching(filter)})
            select {NodeColumns}, (select count(*) from matching)
            from cms_node n
            join matching x on x.id = n.id
            {NodeJoins}
            group by n.id, p.key
            {TreeOrder}
            offset @skip limit @take
            """, connection);
        Bind(command.Parameters, filter);
        command.Parameters.AddWithValue("skip", Math.Max(0, skip));
        command.Parameters.AddWithValue("take", Math.Clamp(take, 1, 500));
        long total = 0;
        var nodes = await ReadNodesAsync(command, (_, reader) => total = reader.GetInt64(12), cancellationToken);
        // Past the last page there is no row to carry the total.
        if (nodes.Count == 0 && skip > 0)
            total = (await PageAsync(filter, 0, 1, cancellationToken)).Total;
        return new ContentPage(nodes, (int)total);
    }

    /// <summary>The keys of every item <paramref name="filter"/> matches (by level, then sort order), read as they come.</summary>
    public async IAsyncEnumerable<Guid> KeysAsync(ContentFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            with matching as ({Matching(filter)})
            select n.key from cms_node n join matching x on x.id = n.id
            {TreeOrder}
            """, connection);
        Bind(command.Parameters, filter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return reader.GetGuid(0);
    }

    /// <summary>Each item's name in <paramref name="culture"/>, else in the first of its cultures; items that do not exist are left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IReadOnlyCollection<Guid> keys, string culture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var names = new Dictionary<Guid, string>();
        if (keys.Count == 0)
            return names;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select distinct on (n.key) n.key, c.name from cms_node n join cms_culture c on c.node_id = n.id
            where n.key = any (@keys) order by n.key, c.culture = @culture desc, c.culture
            """, connection);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        command.Parameters.AddWithValue("culture", culture);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            names[reader.GetGuid(0)] = reader.GetString(1);
        return names;
    }

    /// <summary>The ids of the nodes a filter matches; only a property match reads the latest version.</summary>
    private static string Matching(ContentFilter filter) => $"""
        select n.id from cms_node n
        {(filter.Property is null ? "" : LatestContentRows.LatestVersionJoin)}
        where (@trashed or @bin or not n.trashed)
          and (not @bin or (n.trashed and not exists (select 1 from cms_node b where b.id = n.parent_id and b.trashed)))
          and (@parent::uuid is null or n.parent_id = (select id from cms_node where key = @parent))
          and (not @atRoot or n.parent_id is null)
          and (@ids::bigint[] is null or n.id = any (@ids))
          and (@keys::uuid[] is null or n.key = any (@keys))
          and (@type::text is null or n.content_type = @type)
          and (@search::text is null or exists (select 1 from cms_culture m where m.node_id = n.id and m.name ilike @search))
          {(filter.Property is null ? "" : PropertyCondition)}
        """;

    // The JSON layout of a version is the engine's: shared values under "invariant", a culture's own under "cultures".
    private const string PropertyCondition = """
        and (case when @culture::text is null then v.data -> 'invariant' else v.data -> 'cultures' -> @culture -> 'values' end) -> @alias
            @> to_jsonb(@value::text)
        """;

    /// <summary>
    /// A condition on the node <c>n</c> that keeps what <paramref name="filter"/> matches (bound with <see cref="Bind"/>),
    /// in tree order: for the other readers that select by a filter (latest, live and draft items).
    /// </summary>
    internal static string Selecting(ContentFilter filter) => $"n.id in ({Matching(filter)})";

    /// <summary>The tree order every filtered read gives: by level, then sort order.</summary>
    internal const string TreeOrder = "order by n.level, n.sort_order, n.id";

    internal static void Bind(NpgsqlParameterCollection parameters, ContentFilter filter)
    {
        parameters.AddWithValue("trashed", filter.IncludeTrashed);
        parameters.AddWithValue("bin", filter.InRecycleBin);
        parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Uuid) { Value = (object?)filter.Parent ?? DBNull.Value });
        parameters.AddWithValue("atRoot", filter.AtRoot);
        parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = (object?)filter.Ids?.ToArray() ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = (object?)filter.Keys?.ToArray() ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("type", NpgsqlDbType.Text) { Value = (object?)filter.ContentType ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("search", NpgsqlDbType.Text) { Value = (object?)Like.Containing(filter.NameContains) ?? DBNull.Value });
        if (filter.Property is { } property)
        {
            parameters.Add(new NpgsqlParameter("culture", NpgsqlDbType.Text) { Value = (object?)property.Culture ?? DBNull.Value });
            parameters.AddWithValue("alias", property.Alias);
            parameters.AddWithValue("value", property.Value);
        }
    }

    private static async Task<List<TreeNode>> ReadNodesAsync(NpgsqlCommand command, Action<TreeNode, NpgsqlDataReader>? more, CancellationToken cancellationToken)
    {
        var nodes = new List<TreeNode>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var node = ReadNode(reader);
            nodes.Add(node);
            more?.Invoke(node, reader);
        }
        return nodes;
    }

    private static TreeNode ReadNode(NpgsqlDataReader reader)
    {
        var cultures = reader.GetFieldValue<string[]>(9);
        var names = reader.GetFieldValue<string[]>(10);
        var published = reader.GetFieldValue<int[]>(11);
        return new TreeNode(
            reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3),
            reader.GetInt32(4), reader.GetBoolean(5), reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetString(8),
            cultures.Zip(names).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
            cultures.Zip(published).Where(p => p.Second > 0).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
    }
}
