using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Reading;

namespace StrongCitiesPortal.Web.Features.Media;

/// <summary>
/// A city editor's upload waits for review: publishing an item whose published version uses it makes it public,
/// in the publish's own transaction.
/// </summary>
public sealed class MediaReleaseOnPublish(ContentReferenceReader references, TimeProvider clock) : IContentNotificationHandler<ContentPublishedNotification>
{
    public async Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken)
    {
        var scope = notification.Scope;
        // media_item is the media library's own table, written in the publish's transaction.
        var database = scope.Database();
        var waiting = new List<Guid>();
        await using (var pending = database.Command("select key from media_item where awaiting_review"))
        await using (var reader = await pending.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                waiting.Add(reader.GetGuid(0));
        }
        var used = await references.MentionedInVersionAsync(scope, notification.Item.Key, notification.PublishedVersion, waiting, cancellationToken);
        if (used.Count == 0)
            return;
        await using var release = database.Command("""
            update media_item set awaiting_review = false, updated_at = @now, updated_by = @user
            where key = any (@keys) and awaiting_review
            """);
        release.Parameters.AddWithValue("now", clock.GetUtcNow());
        release.Parameters.AddWithValue("user", scope.UserName);
        release.Parameters.AddWithValue("keys", used.ToArray());
        await release.ExecuteNonQueryAsync(cancellationToken);
    }
}
