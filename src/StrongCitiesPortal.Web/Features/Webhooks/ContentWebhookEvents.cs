using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Webhooks;

/// <summary>
/// Queues <c>Umbraco.ContentPublish</c>, <c>ContentUnpublish</c> and <c>ContentDelete</c> deliveries inside
/// the change's own transaction. Payloads are Umbraco's minimal ones: the item's id, and for (un)publishing its cultures.
/// </summary>
public sealed class ContentWebhookEvents(IOptionsMonitor<WebhookOptions> options) :
    IContentNotificationHandler<ContentPublishedNotification>,
    IContentNotificationHandler<ContentUnpublishedNotification>,
    IContentNotificationHandler<ContentDeletedNotification>
{
    public Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken) =>
        !options.CurrentValue.Enabled ? Task.CompletedTask : WebhookQueue.EnqueueAsync(notification.Scope.Database(),
            WebhookEvents.ContentPublish, notification.Item.Key, notification.Item.ContentType,
            new
            {
                Id = notification.Item.Key,
                Cultures = notification.Cultures.Select(culture => new
                {
                    Culture = culture,
                    Date = notification.Item.Publishing.GetValueOrDefault(culture)?.PublishedAt,
                }),
            },
            cancellationToken);

    public Task HandleAsync(ContentUnpublishedNotification notification, CancellationToken cancellationToken) =>
        !options.CurrentValue.Enabled ? Task.CompletedTask : WebhookQueue.EnqueueAsync(notification.Scope.Database(),
            WebhookEvents.ContentUnpublish, notification.Item.Key, notification.Item.ContentType,
            new { Id = notification.Item.Key, Cultures = notification.Cultures.Select(culture => new { Culture = culture }) },
            cancellationToken);

    public async Task HandleAsync(ContentDeletedNotification notification, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Enabled)
            return;
        foreach (var item in notification.Items)
        {
            await WebhookQueue.EnqueueAsync(notification.Scope.Database(),
                WebhookEvents.ContentDelete, item.Key, item.ContentType, new { Id = item.Key }, cancellationToken);
        }
    }
}
