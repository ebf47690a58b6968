using System.Runtime.CompilerServices;
using Npgsql;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.Reading;

/// <summary>
/// The engine's <see cref="IContentReader"/>: a selection is the tree reader's filter, and each state is read where the
/// engine already reads it (<see cref="LatestContentRows"/>, <see cref="LiveContentReader"/>, <see cref="DraftContentReader"/>).
/// </summary>
public sealed class ContentReader(PortalDatabase database, LiveContentReader live, DraftContentReader drafts) : IContentReader
{
    public IAsyncEnumerable<ContentItem> LatestAsync(ContentSelection selection, IChangeScope? within = null, CancellationToken cancellationToken = default) =>
        LatestAsync(FilterOf(selection), within, cancellationToken);

    /// <summary>The latest version of each item <paramref name="filter"/> matches, in tree order.</summary>
    internal async IAsyncEnumerable<ContentItem> LatestAsync(ContentFilter filter, IChangeScope? within, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var own = within is null ? await database.DataSource.OpenConnectionAsync(cancellationToken) : null;
        var (connection, transaction) = On(own, within);
        var where = $"where {ContentTreeReader.Selecting(filter)} {ContentTreeReader.TreeOrder}";
        await foreach (var item in LatestContentRows.ReadAsync(connection, transaction, where, p => ContentTreeReader.Bind(p, filter), cancellationToken))
            yield return item;
    }

    public async IAsyncEnumerable<PublishedNode> PublishedAsync(ContentSelection selection, IChangeScope? within = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = FilterOf(selection);
        await using var own = within is null ? await database.DataSource.OpenConnectionAsync(cancellationToken) : null;
        var (connection, transaction) = On(own, within);
        await foreach (var node in live.ReadAsync(filter, connection, transaction, cancellationToken))
            yield return node;
    }

    public async IAsyncEnumerable<PublishedContent> DraftsAsync(ContentSelection selection, IChangeScope? within = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = FilterOf(selection);
        await using var own = within is null ? await database.DataSource.OpenConnectionAsync(cancellationToken) : null;
        var (connection, transaction) = On(own, within);
        await foreach (var draft in drafts.ReadDraftsAsync(filter, connection, transaction, cancellationToken))
            yield return draft;
    }

    private static (NpgsqlConnection Connection, NpgsqlTransaction? Transaction) On(NpgsqlConnection? own, IChangeScope? within)
    {
        if (own is not null)
            return (own, null);
        var change = within!.Database();
        return (change.Connection, change.Transaction);
    }

    private static ContentFilter FilterOf(ContentSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return new ContentFilter
        {
            Ids = selection.Ids,
            Keys = selection.Keys,
            ContentType = selection.ContentType,
            Parent = selection.Parent,
            AtRoot = selection.AtRoot,
            IncludeTrashed = selection.IncludeTrashed,
        };
    }
}
