using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

public sealed record ContentQuery(string? Fetch, IReadOnlyList<string> Filters, IReadOnlyList<string> Sorts, int Skip, int Take);

/// <summary>
/// Runs <c>/content</c> queries over a picture of the content: the selector picks the starting set
/// (everything, or below the Start-Item, when there is none), filters narrow it, sorts order it
/// (tree order when none is given), and the page is built from what is left.
/// </summary>
public sealed class ContentQueryService(
    IEnumerable<IContentSelector> selectors,
    IEnumerable<IContentFilter> filters,
    IEnumerable<IContentSort> sorts,
    DeliveryContentBuilder builder)
{
    private readonly IReadOnlyList<IContentSelector> _selectors = selectors.ToList();
    private readonly IReadOnlyList<IContentFilter> _filters = filters.ToList();
    private readonly IReadOnlyList<IContentSort> _sorts = sorts.ToList();

    public PagedViewModel<ApiContentResponse> Execute(ContentQuery query, DeliveryRequest request)
    {
        var context = new QueryContext(request, builder);

        // Every option is checked before any work, so a bad one always fails the same way.
        var selector = string.IsNullOrWhiteSpace(query.Fetch)
            ? null
            : _selectors.FirstOrDefault(s => s.CanHandle(query.Fetch)) ?? throw DeliveryApiException.SelectorNotFound();
        var tests = query.Filters
            .Where(f => !string.IsNullOrWhiteSpace(f))
            .Select(f => (_filters.FirstOrDefault(h => h.CanHandle(f)) ?? throw DeliveryApiException.FilterNotFound()).Build(f, context))
            .ToList();
        var comparisons = query.Sorts
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => (_sorts.FirstOrDefault(h => h.CanHandle(s)) ?? throw DeliveryApiException.SortNotFound()).Build(s, context))
            .ToList();

        IEnumerable<PublishedContent> candidates = selector is not null
            ? selector.Select(query.Fetch!, context)
            : request.StartItem is { } start
                ? request.View.Descendants(start.Key)
                : OfTypes(query.Filters, request.View) ?? request.View.TreeOrder;

        var matches = candidates
            .Where(item => builder.IsDeliverable(item, request) && tests.TrueForAll(test => test(item)))
            .ToList();
        var view = request.View;
        matches.Sort((a, b) =>
        {
            foreach (var comparison in comparisons)
            {
                var result = comparison(a, b);
                if (result != 0)
                    return result;
            }
            return view.TreeIndex(a.Key).CompareTo(view.TreeIndex(b.Key));
        });

        var page = matches
            .Skip(query.Skip)
            .Take(query.Take)
            .Select(item => builder.Build(item, request))
            .OfType<ApiContentResponse>()
            .ToList();
        return new PagedViewModel<ApiContentResponse>(matches.Count, page);
    }

    /// <summary>
    /// When a filter keeps only some document types, start from those types' items rather than from everything
    /// (the filter still runs, so this only narrows the scan).
    /// </summary>
    private static List<PublishedContent>? OfTypes(IReadOnlyList<string> filters, DeliveryContentView view)
    {
        var typeFilter = filters.FirstOrDefault(f => f.StartsWith(ContentTypeFilter.Specifier, StringComparison.OrdinalIgnoreCase)
            && !f.AsSpan(ContentTypeFilter.Specifier.Length).StartsWith("!"));
        if (typeFilter is null)
            return null;
        var items = QueryValue.List(typeFilter[ContentTypeFilter.Specifier.Length..])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .SelectMany(view.OfType)
            .ToList();
        items.Sort((a, b) => view.TreeIndex(a.Key).CompareTo(view.TreeIndex(b.Key)));
        return items;
    }
}
