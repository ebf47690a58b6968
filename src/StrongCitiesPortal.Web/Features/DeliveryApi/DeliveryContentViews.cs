using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Content.Reading;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// Hands out the content a request reads: the live cache as it is (nothing is rebuilt when content changes), and for
/// preview the engine's drafts laid over it.
/// </summary>
public sealed class DeliveryContentViews(PublishedContentCache cache, DraftContentReader drafts)
{
    public DeliveryContentView Published => DeliveryContentView.Live(cache);

    public async Task<DeliveryContentView> PreviewAsync(CancellationToken cancellationToken)
    {
        var read = new List<PublishedContent>();
        await foreach (var draft in drafts.ReadDraftsAsync(cancellationToken))
            read.Add(draft);
        return DeliveryContentView.Preview(cache, read);
    }
}
