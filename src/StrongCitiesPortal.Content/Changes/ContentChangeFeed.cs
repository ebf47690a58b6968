using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Changes;

/// <summary>
/// The engine's ordered change feed. Every save, publish, unpublish, move and delete appends a row in the
/// change's own transaction; just before the commit the rows get their numbers under a transaction lock, so
/// the numbers follow commit order and a reader that has seen number N has seen everything committed before it.
/// Consumers (search indexes of every instance) read it in order from their last number, woken by NOTIFY.
/// Publishing never waits on a consumer: the lock is held only from numbering to commit.
/// </summary>
public sealed class ContentChangeFeed :
    IContentNotificationHandler<ContentSavedNotification>,
    IContentNotificationHandler<ContentPublishedNotification>,
    IContentNotificationHandler<ContentUnpublishedNotification>,
    IContentNotificationHandler<ContentMovedNotification>,
    IContentNotificationHandler<ContentDeletedNotification>
{
    public const string Channel = "portal_content_feed";

    // The transaction lock that orders numbering and commit: a constant of the engine's own ("feed" in ASCII).
    private const long NumberingLock = 0x66656564;

    private readonly PortalDatabase _database;
    private long _lastCommittedHere;

    public ContentChangeFeed(PortalDatabase database) => _database = database;

    /// <summary>The highest number this process has committed: its own writes are in every consumer that reached it.</summary>
    public long LastCommittedHere => Interlocked.Read(ref _lastCommittedHere);

    /// <summary>Raised after this process commits changes, with the highest number committed (a local consumer need not wait for NOTIFY).</summary>
    public event Action<long>? Committed;

    public Task HandleAsync(ContentSavedNotification notification, CancellationToken cancellationToken) =>
        AppendAsync(notification.Scope, notification.Item.Key, notification.Item.ContentType, ContentChangeKind.Save, [], false, cancellationToken);

    public Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken) =>
        AppendAsync(notification.Scope, notification.Item.Key, notification.Item.ContentType, ContentChangeKind.Publish, notification.Cultures, false, cancellationToken);

    public Task HandleAsync(ContentUnpublishedNotification notification, CancellationToken cancellationToken) =>
        AppendAsync(notification.Scope, notification.Item.Key, notification.Item.ContentType, ContentChangeKind.Unpublish, notification.Cultures, false, cancellationToken);

    public Task HandleAsync(ContentMovedNotification notification, CancellationToken cancellationToken) =>
        AppendAsync(notification.Scope, notification.Item.Key, notification.Item.ContentType, ContentChangeKind.Move, [],
            notification.Subtree.Any(k => k != notification.Item.Key), cancellationToken);

    public async Task HandleAsync(ContentDeletedNotification notification, CancellationToken cancellationToken)
    {
        foreach (var item in notification.Items)
            await AppendAsync(notification.Scope, item.Key, item.ContentType, ContentChangeKind.Delete, [], false, cancellationToken);
    }

    private async Task AppendAsync(IChangeScope scope, Guid key, string contentType, ContentChangeKind kind, IReadOnlyList<string> cultures,
        bool subtree, CancellationToken cancellationToken)
    {
        // Written now, so a change rolled back to its savepoint takes its row with it; numbered at the commit.
        await using (var insert = scope.Database().Command("""
            insert into cms_change (node_key, content_type, kind, cultures, subtree, user_name, at)
            values (@key, @type, @kind, @cultures, @subtree, @user, now())
            """))
        {
            insert.Parameters.AddWithValue("key", key);
            insert.Parameters.AddWithValue("type", contentType);
            insert.Parameters.AddWithValue("kind", KindName(kind));
            insert.Parameters.AddWithValue("cultures", NpgsqlDbType.Array | NpgsqlDbType.Text, cultures.ToArray());
            insert.Parameters.AddWithValue("subtree", subtree);
            insert.Parameters.AddWithValue("user", scope.UserName);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        scope.Defer<bool>("change-feed", true, (_, token) => NumberAsync(scope, token));
    }

    private async Task NumberAsync(IChangeScope scope, CancellationToken cancellationToken)
    {
        await using (var lockCommand = scope.Database().Command("select pg_advisory_xact_lock(@lock)"))
        {
            lockCommand.Parameters.AddWithValue("lock", NumberingLock);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = scope.Database().Command("""
            with numbered as (
                update cms_change c set seq = n.seq
                from (select id, nextval('cms_change_seq') as seq from (select id from cms_change where seq is null order by id) o) n
                where c.id = n.id
                returning c.seq)
            select max(seq) from numbered
            """);
        var highest = await command.ExecuteScalarAsync(cancellationToken) as long?;
        if (highest is not { } last)
            return;
        await using (var notify = scope.Database().Command("select pg_notify(@channel, @payload)"))
        {
            notify.Parameters.AddWithValue("channel", Channel);
            notify.Parameters.AddWithValue("payload", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        scope.AfterCommit(_ =>
        {
            long seen;
            do
            {
                seen = Interlocked.Read(ref _lastCommittedHere);
                if (seen >= last)
                    break;
            }
            while (Interlocked.CompareExchange(ref _lastCommittedHere, last, seen) != seen);
            Committed?.Invoke(last);
            return Task.CompletedTask;
        });
    }

    /// <summary>Committed changes after <paramref name="after"/>, in order, at most <paramref name="max"/>.</summary>
    /// <exception cref="ChangeFeedPositionTooOldException">The feed was pruned past <paramref name="after"/>: rebuild, then follow from the new position.</exception>
    public async Task<IReadOnlyList<ContentChange>> ReadAsync(long after, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken);
        // One statement, one snapshot: the pruned-through mark and the rows are seen as of the same moment.
        await using var command = new NpgsqlCommand("""
            select p.through, c.seq, c.node_key, c.content_type, c.kind, c.cultures, c.subtree, c.user_name, c.at
            from cms_change_pruned p
            left join lateral (select * from cms_change where seq > @after order by seq limit @max) c on true
            """, connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("max", max);
        var changes = new List<ContentChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt64(0) is var prunedThrough && prunedThrough > after)
                throw new ChangeFeedPositionTooOldException(after, prunedThrough);
            if (reader.IsDBNull(1))
                continue;
            changes.Add(new ContentChange(reader.GetInt64(1), reader.GetGuid(2), reader.GetString(3), ParseKind(reader.GetString(4)),
                reader.GetFieldValue<string[]>(5), reader.GetBoolean(6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8)));
        }
        return changes;
    }

    /// <summary>The number of the last committed change (0 when there is none), pruned ones included.</summary>
    public async Task<long> LatestAsync(NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        var own = connection is null ? await _database.DataSource.OpenConnectionAsync(cancellationToken) : null;
        try
        {
            await using var command = new NpgsqlCommand(LatestSql, connection ?? own, transaction);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        finally
        {
            if (own is not null)
                await own.DisposeAsync();
        }
    }

    /// <summary>The last committed number: the highest row, or the pruned-through mark when every row is pruned.</summary>
    internal const string LatestSql = "select greatest((select coalesce(max(seq), 0) from cms_change), (select through from cms_change_pruned))";

    /// <summary>
    /// Deletes the changes committed before <paramref name="olderThan"/> and moves the pruned-through mark to the last of
    /// them, in one transaction. Only a run of the oldest numbers is pruned (a change that committed late, in a long
    /// transaction, keeps the ones after it), so "pruned through N" always means every change up to N is gone.
    /// </summary>
    /// <returns>How many changes were deleted.</returns>
    public async Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            with bound as (
                select coalesce((select min(seq) - 1 from cms_change where seq is not null and at >= @cutoff),
                                (select max(seq) from cms_change where seq is not null)) as through),
            gone as (
                delete from cms_change where seq <= (select through from bound) returning seq),
            marked as (
                update cms_change_pruned set through = greatest(through, coalesce((select max(seq) from gone), 0)) returning through)
            select count(*)::int from gone, marked
            """, connection, transaction);
        command.Parameters.AddWithValue("cutoff", olderThan);
        var deleted = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private static string KindName(ContentChangeKind kind) => kind switch
    {
        ContentChangeKind.Save => "save",
        ContentChangeKind.Publish => "publish",
        ContentChangeKind.Unpublish => "unpublish",
        ContentChangeKind.Move => "move",
        _ => "delete",
    };

    private static ContentChangeKind ParseKind(string kind) => kind switch
    {
        "save" => ContentChangeKind.Save,
        "publish" => ContentChangeKind.Publish,
        "unpublish" => ContentChangeKind.Unpublish,
        "move" => ContentChangeKind.Move,
        _ => ContentChangeKind.Delete,
    };
}
