using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Content.Contracts;

/// <summary>
/// Every change to content, and the reads the backoffice makes of one item (Umbraco's <c>IContentService</c>). Each
/// change runs in its own transaction, or in a batch's when given its context (<see cref="InBatchAsync"/>), saves a new
/// version, keeps publish state per culture and raises its notifications inside the transaction. A change given a
/// user name is short for one given <c>ChangeContext.For(user)</c>.
/// </summary>
public interface IContentService
{
    /// <summary>The cultures content is kept in; the first is the default one.</summary>
    IReadOnlyList<string> Cultures { get; }

    /// <summary>An item's latest version with each culture's publish state, in the recycle bin or not.</summary>
    Task<ContentItem?> GetAsync(Guid key, CancellationToken cancellationToken = default);

    /// <summary>The children of an item (the roots when null) not in the recycle bin, in sort order.</summary>
    Task<IReadOnlyList<ContentItem>> GetChildrenAsync(Guid? parentKey, CancellationToken cancellationToken = default);

    /// <summary>What the recycle bin shows: the items put there themselves (not those that went with their parent), most recent first.</summary>
    Task<IReadOnlyList<ContentItem>> GetTrashedAsync(CancellationToken cancellationToken = default);

    /// <summary>Every version of an item, newest first, with the cultures each is live in.</summary>
    Task<IReadOnlyList<ContentVersionInfo>> GetVersionsAsync(Guid key, CancellationToken cancellationToken = default);

    Task<ContentData?> GetVersionDataAsync(Guid key, int version, CancellationToken cancellationToken = default);

    /// <summary>The newest audit lines about an item (about everything when null).</summary>
    Task<IReadOnlyList<AuditEntry>> GetAuditAsync(Guid? key, int take = 200, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/>'s changes in one transaction, all made by <paramref name="user"/>: a change joins the
    /// batch by being given <see cref="ContentBatch.Context"/>; each is refused on its own, and all commit together.
    /// </summary>
    Task InBatchAsync(string user, Func<ContentBatch, Task> work, CancellationToken cancellationToken = default);

    Task<ContentResult> SaveAsync(ContentDraft draft, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> SaveAsync(ContentDraft draft, ChangeContext change, CancellationToken cancellationToken = default);

    /// <summary>Saves a new version and, in the same transaction, publishes the given cultures of it.</summary>
    Task<ContentResult> SaveAndPublishAsync(ContentDraft draft, IReadOnlyList<string> publishCultures, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> SaveAndPublishAsync(ContentDraft draft, IReadOnlyList<string> publishCultures, ChangeContext change, CancellationToken cancellationToken = default);

    /// <summary>Creates many new items in a batch, each checked, saved and published as a save-and-publish would; a result per item.</summary>
    Task<IReadOnlyList<ContentResult>> CreateManyAsync(IReadOnlyList<NewContent> items, ChangeContext change, CancellationToken cancellationToken = default);

    /// <summary>Saves an older version's content as the newest version. Nothing goes live until it is published.</summary>
    Task<ContentResult> RollbackAsync(Guid key, int version, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> RollbackAsync(Guid key, int version, ChangeContext change, CancellationToken cancellationToken = default);

    /// <summary>Publishes the latest version in the given cultures.</summary>
    Task<ContentResult> PublishAsync(Guid key, IReadOnlyList<string> cultures, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> PublishAsync(Guid key, IReadOnlyList<string> cultures, ChangeContext change, CancellationToken cancellationToken = default);

    /// <summary>Publishes exactly <paramref name="version"/> (the one the publisher saw or approved); newer versions stay drafts.</summary>
    Task<ContentResult> PublishVersionAsync(Guid key, int version, IReadOnlyList<string> cultures, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> PublishVersionAsync(Guid key, int version, IReadOnlyList<string> cultures, ChangeContext change, CancellationToken cancellationToken = default);

    Task<ContentResult> UnpublishAsync(Guid key, IReadOnlyList<string> cultures, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> UnpublishAsync(Guid key, IReadOnlyList<string> cultures, ChangeContext change, CancellationToken cancellationToken = default);

    /// <summary>Sets a culture's publish and unpublish dates; the scheduled publish publishes the latest version as it is now.</summary>
    Task<ContentResult> ScheduleAsync(Guid key, string culture, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> ScheduleAsync(Guid key, string culture, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, ChangeContext change, CancellationToken cancellationToken = default);

    /// <summary>Sets a culture's dates; the scheduled publish publishes <paramref name="version"/> (the latest when null), never one saved after it.</summary>
    Task<ContentResult> ScheduleAsync(Guid key, string culture, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, int? version, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> ScheduleAsync(Guid key, string culture, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, int? version, ChangeContext change, CancellationToken cancellationToken = default);

    /// <summary>Carries out every publish and unpublish date that is due; returns how many were carried out.</summary>
    Task<int> RunScheduleAsync(CancellationToken cancellationToken = default);

    /// <summary>Moves an item and its descendants under another parent (the root when null).</summary>
    Task<ContentResult> MoveAsync(Guid key, Guid? newParentKey, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> MoveAsync(Guid key, Guid? newParentKey, ChangeContext change, CancellationToken cancellationToken = default);

    /// <summary>Puts the children of one parent (the roots when null) in the given order.</summary>
    Task<ContentResult> SortAsync(Guid? parentKey, IReadOnlyList<Guid> orderedKeys, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> SortAsync(Guid? parentKey, IReadOnlyList<Guid> orderedKeys, ChangeContext change, CancellationToken cancellationToken = default);

    /// <summary>Moves an item and its descendants to the recycle bin, taking everything of them offline.</summary>
    Task<ContentResult> TrashAsync(Guid key, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> TrashAsync(Guid key, ChangeContext change, CancellationToken cancellationToken = default);

    /// <summary>Takes an item and its descendants out of the recycle bin (offline: nothing goes live again by itself).</summary>
    Task<ContentResult> RestoreAsync(Guid key, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> RestoreAsync(Guid key, ChangeContext change, CancellationToken cancellationToken = default);

    /// <summary>Deletes an item, its descendants and all their versions for good.</summary>
    Task<ContentResult> DeleteAsync(Guid key, string user, CancellationToken cancellationToken = default);

    Task<ContentResult> DeleteAsync(Guid key, ChangeContext change, CancellationToken cancellationToken = default);
}
