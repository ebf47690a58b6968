using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Delivery;

namespace StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

public sealed record ContentQuery(string? Fetch, IReadOnlyList<string> Filters, IReadOnlyList<string> Sorts, int Skip, int Take);

/// <summary>
/// Runs <c>/content</c> queries on the index: the selector picks the starting set (everything, or below the
/// Start-Item, when there is none), filters narrow it, sorts order it (tree order when none is given, and between
/// equals), and only the page's items are read, in one query, through the published cache. Preview answers the
/// live part the same way and tests its drafts (and what lies below unpublished ones) in memory.
/// </summary>
public sealed class ContentQueryService(
    IEnumerable<IContentSelector> selectors,
    IEnumerable<IContentFilter> filters,
    IEnumerable<IContentSort> sorts,
    DeliveryContentBuilder builder,
    DeliveryQueryService index,
    DocumentTypeRegistry types,
    IOptionsMonitor<DeliveryApiOptions> options)
{
    private readonly IReadOnlyList<IContentSelector> _selectors = selectors.ToList();
    private readonly IReadOnlyList<IContentFilter> _filters = filters.ToList();
    private readonly IReadOnlyList<IContentSort> _sorts = sorts.ToList();

    public async Task<PagedViewModel<ApiContentResponse>> ExecuteAsync(ContentQuery query, DeliveryRequest request, CancellationToken cancellationToken)
    {
        var context = new QueryContext(request, builder, types);

        // Every option is checked before any work, so a bad one always fails the same way.
        var selector = string.IsNullOrWhiteSpace(query.Fetch)
            ? null
            : _selectors.FirstOrDefault(s => s.CanHandle(query.Fetch)) ?? throw DeliveryApiException.SelectorNotFound();
        var conditions = query.Filters
            .Where(f => !string.IsNullOrWhiteSpace(f))
            .Select(f => (_filters.FirstOrDefault(h => h.CanHandle(f)) ?? throw DeliveryApiException.FilterNotFound()).Build(f, context))
            .ToList();
        var order = query.Sorts
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => (_sorts.FirstOrDefault(h => h.CanHandle(s)) ?? throw DeliveryApiException.SortNotFound()).Build(s, context))
            .ToList();

        if (selector is not null)
            conditions.Insert(0, selector.Select(query.Fetch!, context));
        else if (request.StartItem is { } start)
            conditions.Insert(0, DescendantsSelector.Below(start.Key, context));

        return request.IsPreview
            ? await PreviewAsync(query, request, context, conditions, order, cancellationToken)
            : await LiveAsync(query, request, conditions, order, cancellationToken);
    }

    private async Task<PagedViewModel<ApiContentResponse>> LiveAsync(ContentQuery query, DeliveryRequest request, List<ContentCondition> conditions,
        List<DeliverySort> order, CancellationToken cancellationToken)
    {
        var result = await AskIndexAsync(request, conditions, order, query.Skip, query.Take, [], cancellationToken);
        var items = result.Keys.Select(request.View.Get).OfType<PublishedContent>().ToList();
        return new PagedViewModel<ApiContentResponse>(result.Total, await BuildAsync(items, request, cancellationToken));
    }

    /// <summary>
    /// Live items from the index (those with drafts left out), merged with the drafts, and what lies below drafts that
    /// are not live, tested in memory: the index gives the first skip + take of its part, which is all a page can need.
    /// </summary>
    private async Task<PagedViewModel<ApiContentResponse>> PreviewAsync(ContentQuery query, DeliveryRequest request, QueryContext context,
        List<ContentCondition> conditions, List<DeliverySort> order, CancellationToken cancellationToken)
    {
        var view = request.View;
        var overlay = Overlay(view, request.Culture);
        var fromCache = overlay.Where(k => !view.Drafts.ContainsKey(k)).Select(view.Cache.Get).OfType<PublishedContent>().ToList();
        await view.Cache.PrefetchAsync(fromCache, cancellationToken: cancellationToken);
        var matches = overlay.Select(view.Get).OfType<PublishedContent>()
            .Where(item => builder.IsDeliverable(item, request) && conditions.All(c => c.Test(item)))
            .ToList();

        var wanted = (int)Math.Min((long)query.Skip + query.Take, int.MaxValue);
        var live = await AskIndexAsync(request, conditions, order, 0, wanted, overlay, cancellationToken);
        var merged = live.Keys.Select(view.Get).OfType<PublishedContent>().Concat(matches).ToList();
        merged.Sort(DeliveryOrder.For(order, request.Culture, view.Get));
        var page = merged.Skip(query.Skip).Take(query.Take).ToList();
        return new PagedViewModel<ApiContentResponse>(live.Total + matches.Count, await BuildAsync(page, request, cancellationToken));
    }

    /// <summary>The drafts, and everything the cache holds below a draft not live in the culture (the index leaves those out).</summary>
    private static HashSet<Guid> Overlay(DeliveryContentView view, string culture)
    {
        var overlay = new HashSet<Guid>(view.Drafts.Keys);
        var stack = new Stack<Guid>(view.Drafts.Keys.Where(k => !view.Cache.IsLive(k, culture)));
        while (stack.Count > 0)
        {
            foreach (var child in view.ChildKeys(stack.Pop()))
            {
                if (overlay.Add(child))
                    stack.Push(child);
            }
        }
        return overlay;
    }

    private async Task<DeliveryQueryResult> AskIndexAsync(DeliveryRequest request, List<ContentCondition> conditions, List<DeliverySort> order,
        int skip, int take, IReadOnlyCollection<Guid> exclude, CancellationToken cancellationToken)
    {
        var result = await index.QueryAsync(new DeliveryQuery
        {
            Culture = request.Culture,
            Conditions = [.. conditions.Select(c => c.Index)],
            Sorts = order,
            Skip = skip,
            Take = take,
            ExcludeTypes = options.CurrentValue.DisallowedContentTypeAliases,
            ExcludeKeys = exclude,
        }, cancellationToken);
        return result ?? throw DeliveryApiException.IndexNotReady();
    }

    /// <summary>The page's items with their values read in one query.</summary>
    private async Task<List<ApiContentResponse>> BuildAsync(IReadOnlyList<PublishedContent> items, DeliveryRequest request, CancellationToken cancellationToken)
    {
        await request.View.Cache.PrefetchAsync(items, request.Culture, cancellationToken);
        return items.Select(item => builder.Build(item, request)).OfType<ApiContentResponse>().ToList();
    }
}
