using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;

namespace StrongCitiesPortal.Web.Features.Backoffice.Reviews;

public static class ReviewStatus
{
    public const string Pending = "pending";
    public const string Published = "published";
    public const string Returned = "returned";
    public const string Superseded = "superseded";
}

/// <summary>A version of an item sent for review, and what became of it.</summary>
public sealed record Review(
    long Id, Guid NodeKey, int Version, IReadOnlyList<string> Cultures, string SubmittedBy, DateTimeOffset SubmittedAt, string? Note,
    string Status, string? DecidedBy, DateTimeOffset? DecidedAt, string? Comment)
{
    public bool IsPending => Status == ReviewStatus.Pending;
}

/// <summary>
/// Send for review, publish or return with a comment. A save made through <see cref="SaveForReviewAsync"/>
/// records its review inside the save's own transaction. A review is settled only by what decides it: its own
/// publish or return, a newer submission that supersedes it, or a publish of exactly its version. Publishing
/// another version (older or newer) leaves it pending in the queue.
/// </summary>
public sealed class ReviewService(PortalDatabase database, IContentService content, LatestVersionLock latestVersion, AuditLog audit, TimeProvider clock, IServiceScopeFactory scopes)
    : IContentNotificationHandler<ContentSavedNotification>, IContentNotificationHandler<ContentPublishedNotification>
{
    /// <summary>What a save sent for review carries to <see cref="HandleAsync(ContentSavedNotification, CancellationToken)"/> in its change context.</summary>
    private sealed class Submission(IReadOnlyList<string> cultures, string? note)
    {
        public IReadOnlyList<string> Cultures { get; } = cultures;
        public string? Note { get; } = note;
        public long? ReviewId { get; set; }
    }

    /// <summary>Saves a new version and sends it for review, as one change.</summary>
    public async Task<(ContentResult Result, long? ReviewId)> SaveForReviewAsync(ContentDraft draft, IReadOnlyList<string> cultures, string user, CancellationToken cancellationToken = default)
    {
        var submission = new Submission(cultures, draft.Note);
        var result = await content.SaveAsync(draft, ChangeContext.For(user).With(submission), cancellationToken);
        return (result, result.Succeeded ? submission.ReviewId : null);
    }

    /// <summary>Sends the latest version, as it is, for review.</summary>
    public async Task<long?> SubmitLatestAsync(Guid key, IReadOnlyList<string> cultures, string user, string? note, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await latestVersion.AcquireAsync(connection, transaction, key, cancellationToken) is not { } version)
            return null;
        var id = await InsertAsync(connection, transaction, key, version, cultures, user, note, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task HandleAsync(ContentSavedNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Context.Get<Submission>() is not { ReviewId: null } submission)
            return;
        // The review is written in the save's own transaction: both are kept, or neither.
        var database = notification.Scope.Database();
        submission.ReviewId = await InsertAsync(database.Connection, database.Transaction, notification.Item.Key, notification.Item.Version,
            submission.Cultures, notification.Scope.UserName, submission.Note, cancellationToken);
    }

    private async Task<long> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid key, int version,
        IReadOnlyList<string> cultures, string user, string? note, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // A newer submission replaces a pending one and carries its cultures along (versions are cumulative).
        var all = new SortedSet<string>(cultures, StringComparer.Ordinal);
        await using (var supersede = new NpgsqlCommand("""
            update bo_review set status = 'superseded', decided_at = @now, decided_by = @user
            where node_key = @key and status = 'pending' returning cultures
            """, connection, transaction))
        {
            supersede.Parameters.AddWithValue("now", now);
            supersede.Parameters.AddWithValue("user", user);
            supersede.Parameters.AddWithValue("key", key);
            await using var reader = await supersede.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                all.UnionWith(reader.GetFieldValue<string[]>(0));
        }
        await using var insert = new NpgsqlCommand("""
            insert into bo_review (node_key, version, cultures, submitted_by, submitted_at, note, status)
            values (@key, @version, @cultures, @user, @now, @note, 'pending') returning id
            """, connection, transaction);
        insert.Parameters.AddWithValue("key", key);
        insert.Parameters.AddWithValue("version", version);
        insert.Parameters.AddWithValue("cultures", all.ToArray());
        insert.Parameters.AddWithValue("user", user);
        insert.Parameters.AddWithValue("now", now);
        insert.Parameters.Add(new NpgsqlParameter("note", NpgsqlDbType.Text) { Value = (object?)note ?? DBNull.Value });
        var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await audit.WriteAsync(connection, transaction, key, "review-submit", user, $"review {id}: {string.Join(", ", all)}" + (note is null ? "" : $": {note}"),
            to: version, cancellationToken: cancellationToken);
        return id;
    }

    public async Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken)
    {
        var scope = notification.Scope;
        var database = scope.Database();
        await using var settle = database.Command("""
            update bo_review set status = 'published', decided_by = @user, decided_at = @now
            where node_key = @key and status = 'pending' and version = @version and cultures && @cultures
            returning id
            """);
        settle.Parameters.AddWithValue("user", scope.UserName);
        settle.Parameters.AddWithValue("now", clock.GetUtcNow());
        settle.Parameters.AddWithValue("key", notification.Item.Key);
        settle.Parameters.AddWithValue("version", notification.PublishedVersion);
        settle.Parameters.AddWithValue("cultures", notification.Cultures.ToArray());
        var settled = new List<long>();
        await using (var reader = await settle.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                settled.Add(reader.GetInt64(0));
        }
        foreach (var id in settled)
            await audit.WriteAsync(database.Connection, database.Transaction, notification.Item.Key, "review-publish", scope.UserName,
                $"review {id}", to: notification.PublishedVersion, cancellationToken: cancellationToken);
        // However the reviewed version went live (the review page, "Save and publish" of that version, the scheduler,
        // an import), its submitter hears of it once the publish has committed.
        if (settled.Count > 0)
        {
            var actor = scope.UserName;
            scope.AfterCommit(async ct =>
            {
                await using var services = scopes.CreateAsyncScope();
                var mail = services.ServiceProvider.GetRequiredService<ReviewMail>();
                foreach (var id in settled)
                {
                    if (await GetAsync(id, ct) is { } review)
                        await mail.PublishedAsync(review, actor, ct);
                }
            });
        }
    }

    /// <summary>Publishes the reviewed version (not any newer draft) in the review's cultures; the review is settled by the publish itself.</summary>
    public async Task<ContentResult> PublishAsync(Review review, string user, CancellationToken cancellationToken = default) =>
        await content.PublishVersionAsync(review.NodeKey, review.Version, review.Cultures, user, cancellationToken);

    /// <summary>The pending review of exactly this version of an item, if it is waiting for one.</summary>
    public async Task<Review?> PendingForVersionAsync(Guid key, int version, CancellationToken cancellationToken = default) =>
        await FirstAsync("where node_key = @key and version = @version and status = 'pending'", c =>
        {
            c.Parameters.AddWithValue("key", key);
            c.Parameters.AddWithValue("version", version);
        }, cancellationToken);

    /// <summary>Sends the review back to its author with a comment; nothing goes live.</summary>
    public async Task<bool> ReturnAsync(long id, string user, string comment, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = new NpgsqlCommand("""
            update bo_review set status = 'returned', decided_by = @user, decided_at = @now, comment = @comment
            where id = @id and status = 'pending' returning node_key, version
            """, connection, transaction);
        update.Parameters.AddWithValue("user", user);
        update.Parameters.AddWithValue("now", clock.GetUtcNow());
        update.Parameters.AddWithValue("comment", comment);
        update.Parameters.AddWithValue("id", id);
        Guid key;
        int version;
        await using (var reader = await update.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return false;
            key = reader.GetGuid(0);
            version = reader.GetInt32(1);
        }
        await audit.WriteAsync(connection, transaction, key, "review-return", user, $"review {id}: {comment}", to: version, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public Task<Review?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        FirstAsync("where id = @id", c => c.Parameters.AddWithValue("id", id), cancellationToken);

    public Task<IReadOnlyList<Review>> PendingAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("where status = 'pending' order by submitted_at", _ => { }, cancellationToken);

    public Task<IReadOnlyList<Review>> ForItemsAsync(IReadOnlyCollection<Guid> keys, int take = 50, CancellationToken cancellationToken = default) =>
        QueryAsync("where node_key = any(@keys) order by submitted_at desc, id desc limit @take", c =>
        {
            c.Parameters.AddWithValue("keys", keys.ToArray());
            c.Parameters.AddWithValue("take", take);
        }, cancellationToken);

    private async Task<Review?> FirstAsync(string where, Action<NpgsqlCommand> bind, CancellationToken cancellationToken) =>
        (await QueryAsync(where, bind, cancellationToken)).FirstOrDefault();

    private async Task<IReadOnlyList<Review>> QueryAsync(string where, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select id, node_key, version, cultures, submitted_by, submitted_at, note, status, decided_by, decided_at, comment from bo_review " + where,
            connection);
        bind(command);
        var reviews = new List<Review>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reviews.Add(new Review(reader.GetInt64(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetFieldValue<string[]>(3),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(10) ? null : reader.GetString(10)));
        }
        return reviews;
    }
}
