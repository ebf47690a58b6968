using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.Contracts;

/// <summary>
/// Items read as they come, in tree order (by level, then sort order), in the three states the engine keeps them:
/// the latest version (what the backoffice edits), what is live (by the one live rule), and drafts as they will be
/// once published. Given a change's scope, a read runs inside that change's transaction and sees its uncommitted
/// writes (a handler's read); then read each stream to its end before the change does anything else.
/// </summary>
public interface IContentReader
{
    /// <summary>The latest version of each selected item, with each culture's publish state.</summary>
    IAsyncEnumerable<ContentItem> LatestAsync(ContentSelection selection, IChangeScope? within = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The selected items that are live in some culture, each with its live cultures and the values each sees (never
    /// an item in the recycle bin, nor one under an ancestor not live in that culture).
    /// </summary>
    IAsyncEnumerable<PublishedNode> PublishedAsync(ContentSelection selection, IChangeScope? within = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The selected items (not in the recycle bin) whose latest version is not what is live in every culture they have,
    /// as the published cache would hold them once published (previews).
    /// </summary>
    IAsyncEnumerable<PublishedContent> DraftsAsync(ContentSelection selection, IChangeScope? within = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// Which items <see cref="IContentReader"/> reads: every one matching all that is given (nothing given: every item).
/// Items in the recycle bin only with <see cref="IncludeTrashed"/>.
/// </summary>
public sealed record ContentSelection
{
    /// <summary>Only these items, by their id in the engine (<see cref="ContentItem.Id"/>).</summary>
    public IReadOnlyCollection<long>? Ids { get; init; }

    /// <summary>Only these items, by key.</summary>
    public IReadOnlyCollection<Guid>? Keys { get; init; }

    /// <summary>Only items of this document type (its alias).</summary>
    public string? ContentType { get; init; }

    /// <summary>Only the children of this item.</summary>
    public Guid? Parent { get; init; }

    /// <summary>Only items at the root of the tree (no parent).</summary>
    public bool AtRoot { get; init; }

    public bool IncludeTrashed { get; init; }

    public static ContentSelection Every { get; } = new();

    public static ContentSelection ById(params IReadOnlyCollection<long> ids) => new() { Ids = ids };

    public static ContentSelection ByKey(params IReadOnlyCollection<Guid> keys) => new() { Keys = keys };

    public static ContentSelection OfType(string contentType) => new() { ContentType = contentType };

    /// <summary>The children of <paramref name="parent"/>; the roots when it is null.</summary>
    public static ContentSelection ChildrenOf(Guid? parent) => parent is null ? new() { AtRoot = true } : new() { Parent = parent };
}
