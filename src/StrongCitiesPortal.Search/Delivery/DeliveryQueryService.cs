using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Search.Delivery;

/// <summary>
/// Answers the Delivery API's content queries from this instance's index, as Umbraco answers them from its Delivery
/// API index (in Lucene: the conditions as filters, the sorts from doc values with tree order last). Only the page's
/// keys come back; the caller reads those items through the published cache.
/// </summary>
public sealed class DeliveryQueryService(
    ISearchIndex index,
    ContentChangeFeed feed,
    PublishedContentCache cache,
    IOptions<SearchOptions> options,
    ILogger<DeliveryQueryService> logger)
{
    /// <summary>The page of keys and the total; null while there is no index to ask (it is being built).</summary>
    public async Task<DeliveryQueryResult?> QueryAsync(DeliveryQuery query, CancellationToken cancellationToken = default)
    {
        // The index has what this instance committed and what its published cache shows: a query right after a publish
        // sees it, and an answer cached under the cache's generation is never older than that generation.
        var wanted = Math.Max(feed.LastCommittedHere, cache.ChangeFeedPosition);
        if (!await index.WaitForAsync(wanted, options.Value.ReadYourWritesTimeout, cancellationToken))
            logger.LogWarning("The search index is behind (at {Applied}, wanted {Wanted}); the Delivery API answers from it anyway", index.Sequence, wanted);
        return index.Deliver(query);
    }
}
