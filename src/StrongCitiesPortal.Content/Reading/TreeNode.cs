namespace StrongCitiesPortal.Content.Reading;

/// <summary>One node of the content tree: enough to list, pick and link it, without its versions.</summary>
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

/// <summary>
/// Which items to read: every one of them matching all that is given. Items in the recycle bin only with
/// <see cref="IncludeTrashed"/>.
/// </summary>
public sealed record ContentFilter
{
    /// <summary>Only the children of this item.</summary>
    public Guid? Parent { get; init; }

    /// <summary>Only items at the root of the tree (no parent).</summary>
    public bool AtRoot { get; init; }

    /// <summary>Only these items, by their id in the engine.</summary>
    public IReadOnlyCollection<long>? Ids { get; init; }

    /// <summary>Only these items.</summary>
    public IReadOnlyCollection<Guid>? Keys { get; init; }

    /// <summary>Only items of this document type (its alias).</summary>
    public string? ContentType { get; init; }

    /// <summary>Only items with a name, in some culture, containing this text (any case).</summary>
    public string? NameContains { get; init; }

    /// <summary>Only items whose latest version has this property value.</summary>
    public PropertyMatch? Property { get; init; }

    public bool IncludeTrashed { get; init; }

    /// <summary>Only what the recycle bin shows: items in it whose parent is not (those put there themselves).</summary>
    public bool InRecycleBin { get; init; }
}

/// <summary>
/// A property's value in an item's latest version is <see cref="Value"/>, or is a list holding it (a picker's keys, tags).
/// The shared value when <see cref="Culture"/> is null, else that culture's own.
/// </summary>
public sealed record PropertyMatch(string Alias, string Value, string? Culture = null);

/// <summary>One page of the items a filter matches, and how many it matches in all.</summary>
public sealed record ContentPage(IReadOnlyList<TreeNode> Nodes, int Total);

/// <summary>The part of the tree a tree view shows, and how many children (not in the recycle bin) each shown node has.</summary>
public sealed record ContentOutline(IReadOnlyList<TreeNode> Nodes, IReadOnlyDictionary<Guid, int> ChildCounts);
