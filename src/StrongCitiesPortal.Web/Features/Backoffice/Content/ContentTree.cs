using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.Features.Backoffice.Access;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>The content tree as the backoffice pages use it: the engine's tree reader, in snapshots.</summary>
public sealed class ContentTree(ContentTreeReader reader)
{
    /// <summary>A member city and the good practices whose latest version names it in their <c>cities</c> picker.</summary>
    public async Task<IReadOnlyList<Guid>> CityItemKeysAsync(Guid city, CancellationToken cancellationToken = default)
    {
        var keys = new List<Guid>();
        await foreach (var key in reader.KeysAsync(new ContentFilter { Keys = [city], ContentType = ContentAccess.MemberCityType }, cancellationToken))
            keys.Add(key);
        var practices = new ContentFilter { ContentType = ContentAccess.GoodPracticeType, Property = new PropertyMatch("cities", city.ToString()) };
        await foreach (var key in reader.KeysAsync(practices, cancellationToken))
            keys.Add(key);
        return keys;
    }

    /// <summary>The whole content tree in one query, for breadcrumbs and pickers.</summary>
    public async Task<TreeSnapshot> LoadAsync(bool includeTrashed = false, CancellationToken cancellationToken = default) =>
        new(await reader.LoadAsync(includeTrashed, cancellationToken));

    /// <summary>
    /// The tree as the tree page shows it, without reading a large site whole: from the roots down, every folder's
    /// children up to <paramref name="largeFolder"/>, and only the first <paramref name="shownOfLarge"/> of a folder
    /// that has more; with each shown node's number of children.
    /// </summary>
    public async Task<TreeOutline> OutlineAsync(int largeFolder, int shownOfLarge, CancellationToken cancellationToken = default)
    {
        var outline = await reader.OutlineAsync(largeFolder, shownOfLarge, cancellationToken);
        return new TreeOutline(new TreeSnapshot(outline.Nodes), outline.ChildCounts);
    }

    /// <summary>An item and its ancestors, for a breadcrumb, without reading the whole tree.</summary>
    public async Task<TreeSnapshot> PathAsync(Guid key, CancellationToken cancellationToken = default) =>
        new(await reader.PathAsync(key, cancellationToken));

    /// <summary>One page of a folder's children (or of every item when <paramref name="parent"/> is null), optionally only those whose name contains <paramref name="name"/>.</summary>
    public async Task<(IReadOnlyList<TreeNode> Nodes, int Total)> PageAsync(Guid? parent, string? name, int skip, int take, CancellationToken cancellationToken = default)
    {
        var page = await reader.PageAsync(new ContentFilter { Parent = parent, NameContains = name }, skip, take, cancellationToken);
        return (page.Nodes, page.Total);
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
