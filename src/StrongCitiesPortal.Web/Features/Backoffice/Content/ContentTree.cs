using Npgsql;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>One node of the backoffice tree: enough to list, pick and link it, without its versions.</summary>
public sealed record TreeNode(
    Guid Key,
    Guid? ParentKey,
    string ContentType,
    int Level,
    int SortOrder,
    bool Trashed,
    int LatestVersion,
    DateTimeOffset UpdateDate,
    string UpdatedBy,
    IReadOnlyDictionary<string, string> Names,
    IReadOnlyDictionary<string, int> PublishedVersions)
{
    public string Name(string culture) =>
        Names.TryGetValue(culture, out var name) ? name : Names.Values.FirstOrDefault() ?? "(no name)";

    public bool IsLive => PublishedVersions.Count > 0;

    /// <summary>Saved since it was last published (in at least one of its live cultures), or never published.</summary>
    public bool HasDraft => PublishedVersions.Count == 0 || PublishedVersions.Values.Any(v => v < LatestVersion);
}

/// <summary>The whole content tree in one query, for the tree view, breadcrumbs and pickers.</summary>
public sealed class ContentTree(PortalDatabase database)
{
    /// <summary>A member city and the good practices whose latest version names it in their <c>cities</c> picker.</summary>
    public async Task<IReadOnlyList<Guid>> CityItemKeysAsync(Guid city, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select n.key from cms_node n
            join cms_version v on v.node_id = n.id and v.version = n.latest_version
            where not n.trashed
              and ((n.content_type = 'memberCity' and n.key = @city)
                or (n.content_type = 'goodPractice' and v.data -> 'invariant' -> 'cities' @> to_jsonb(@city::text)))
            """, connection);
        command.Parameters.AddWithValue("city", city);
        var keys = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(reader.GetGuid(0));
        return keys;
    }

    public async Task<TreeSnapshot> LoadAsync(bool includeTrashed = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select n.key, p.key, n.content_type, n.level, n.sort_order, n.trashed, n.latest_version, n.update_date, n.updated_by,
                   coalesce(array_agg(c.culture order by c.culture) filter (where c.culture is not null), '{}'),
                   coalesce(array_agg(c.name order by c.culture) filter (where c.culture is not null), '{}'),
                   coalesce(array_agg(coalesce(c.published_version, 0) order by c.culture) filter (where c.culture is not null), '{}')
            from cms_node n
            left join cms_node p on p.id = n.parent_id
            left join cms_culture c on c.node_id = n.id
            where @trashed or not n.trashed
            group by n.id, p.key
            order by n.level, n.sort_order, n.id
            """, connection);
        command.Parameters.AddWithValue("trashed", includeTrashed);
        var nodes = new List<TreeNode>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            nodes.Add(ReadNode(reader));
        return new TreeSnapshot(nodes);
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

    private const string NodeColumns = """
        n.key, p.key, n.content_type, n.level, n.sort_order, n.trashed, n.latest_version, n.update_date, n.updated_by,
        coalesce(array_agg(c.culture order by c.culture) filter (where c.culture is not null), '{}'),
        coalesce(array_agg(c.name order by c.culture) filter (where c.culture is not null), '{}'),
        coalesce(array_agg(coalesce(c.published_version, 0) order by c.culture) filter (where c.culture is not null), '{}')
        """;

    /// <summary>
    /// The tree as the tree page shows it, without reading a large site whole: from the roots down, every folder's
    /// children up to <paramref name="largeFolder"/>, and only the first <paramref name="shownOfLarge"/> of a folder
    /// that has more; with each shown node's number of children.
    /// </summary>
    public async Task<TreeOutline> OutlineAsync(int largeFolder, int shownOfLarge, CancellationToken cancellationToken = default)
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
            left join cms_node p on p.id = n.parent_id
            left join cms_culture c on c.node_id = n.id
            group by n.id, p.key
            order by n.level, n.sort_order, n.id
            """, connection);
        command.Parameters.AddWithValue("large", (long)largeFolder);
        command.Parameters.AddWithValue("shownOfLarge", (long)shownOfLarge);
        var nodes = new List<TreeNode>();
        var counts = new Dictionary<Guid, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var node = ReadNode(reader);
            nodes.Add(node);
            counts[node.Key] = (int)reader.GetInt64(12);
        }
        return new TreeOutline(new TreeSnapshot(nodes), counts);
    }

    /// <summary>An item and its ancestors, for a breadcrumb, without reading the whole tree.</summary>
    public async Task<TreeSnapshot> PathAsync(Guid key, CancellationToken cancellationToken = default)
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
            left join cms_node p on p.id = n.parent_id
            left join cms_culture c on c.node_id = n.id
            group by n.id, p.key
            order by n.level
            """, connection);
        command.Parameters.AddWithValue("key", key);
        var nodes = new List<TreeNode>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            nodes.Add(ReadNode(reader));
        return new TreeSnapshot(nodes);
    }

    /// <summary>One page of a folder's children (or of every item when <paramref name="parent"/> is null), optionally only those whose name contains <paramref name="name"/>.</summary>
    public async Task<(IReadOnlyList<TreeNode> Nodes, int Total)> PageAsync(Guid? parent, string? name, int skip, int take, CancellationToken cancellationToken = default)
    {
        var search = string.IsNullOrWhiteSpace(name) ? null
            : "%" + name.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            with matching as (
                select n.id from cms_node n
                where not n.trashed
                  and (@parent::uuid is null or n.parent_id = (select id from cms_node where key = @parent))
                  and (@search::text is null or exists (select 1 from cms_culture m where m.node_id = n.id and m.name ilike @search))
            )
            select {NodeColumns}, (select count(*) from matching)
            from cms_node n
            join matching x on x.id = n.id
            left join cms_node p on p.id = n.parent_id
            left join cms_culture c on c.node_id = n.id
            group by n.id, p.key
            order by n.level, n.sort_order, n.id
            offset @skip limit @take
            """, connection);
        command.Parameters.Add(new NpgsqlParameter("parent", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)parent ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("search", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)search ?? DBNull.Value });
        command.Parameters.AddWithValue("skip", Math.Max(0, skip));
        command.Parameters.AddWithValue("take", Math.Clamp(take, 1, 500));
        var nodes = new List<TreeNode>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            nodes.Add(ReadNode(reader));
            total = reader.GetInt64(12);
        }
        if (nodes.Count == 0 && skip > 0)
            total = (await PageAsync(parent, name, 0, 1, cancellationToken)).Total;
        return (nodes, (int)total);
    }
}

/// <summary>The part of the tree the tree page shows, and how many children each shown node has in all.</summary>
public sealed record TreeOutline(TreeSnapshot Tree, IReadOnlyDictionary<Guid, int> ChildCounts)
{
    public int ChildCount(Guid key) => ChildCounts.GetValueOrDefault(key);
}

public sealed class TreeSnapshot
{
    private readonly Dictionary<Guid, TreeNode> _byKey;
    private readonly ILookup<Guid?, TreeNode> _children;

    public TreeSnapshot(IReadOnlyList<TreeNode> nodes)
    {
        All = nodes;
        _byKey = nodes.ToDictionary(n => n.Key);
        _children = nodes.OrderBy(n => n.SortOrder).ToLookup(n => n.ParentKey);
    }

    public IReadOnlyList<TreeNode> All { get; }

    public IEnumerable<TreeNode> Roots => _children[null];

    public TreeNode? Get(Guid key) => _byKey.GetValueOrDefault(key);

    public IEnumerable<TreeNode> Children(Guid key) => _children[key];

    public IEnumerable<TreeNode> OfType(string contentType) => All.Where(n => n.ContentType == contentType);

    /// <summary>From the root down to the item's parent.</summary>
    public IReadOnlyList<TreeNode> Ancestors(Guid key)
    {
        var path = new List<TreeNode>();
        for (var node = Get(key); node?.ParentKey is { } parent && Get(parent) is { } up; node = up)
            path.Insert(0, up);
        return path;
    }

    public string NameOf(Guid key, string culture) => Get(key)?.Name(culture) ?? key.ToString();
}
