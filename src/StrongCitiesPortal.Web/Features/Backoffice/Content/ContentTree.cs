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
        {
            var cultures = reader.GetFieldValue<string[]>(9);
            var names = reader.GetFieldValue<string[]>(10);
            var published = reader.GetFieldValue<int[]>(11);
            nodes.Add(new TreeNode(
                reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3),
                reader.GetInt32(4), reader.GetBoolean(5), reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetString(8),
                cultures.Zip(names).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
                cultures.Zip(published).Where(p => p.Second > 0).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)));
        }
        return new TreeSnapshot(nodes);
    }
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
