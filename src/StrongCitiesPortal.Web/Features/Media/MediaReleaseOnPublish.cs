using StrongCitiesPortal.Content.Notifications;

namespace StrongCitiesPortal.Web.Features.Media;

/// <summary>
/// A city editor's upload waits for review: publishing an item whose published version uses it makes it public,
/// in the publish's own transaction.
/// </summary>
public sealed class MediaReleaseOnPublish(TimeProvider clock) : IContentNotificationHandler<ContentPublishedNotification>
{
    public async Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken)
    {
        var scope = notification.Scope;
        await using var release = scope.Command("""
            update media_item m set awaiting_review = false, updated_at = @now, updated_by = @user
            from cms_version v join cms_node n on n.id = v.node_id
            where n.key = @key and v.version = @version and m.awaiting_review and strpos(v.data::text, m.key::text) > 0
            """);
        release.Parameters.AddWithValue("now", clock.GetUtcNow());
        release.Parameters.AddWithValue("user", scope.UserName);
        release.Parameters.AddWithValue("key", notification.Item.Key);
        release.Parameters.AddWithValue("version", notification.PublishedVersion);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }
}
