using System.Buffers;
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
        var sorts = query.Sorts
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => (_sorts.FirstOrDefault(h => h.CanHandle(s)) ?? throw DeliveryApiException.SortNotFound()).Build(s, context))
            .ToList();

        IEnumerable<PublishedContent> candidates = selector is not null
            ? selector.Select(query.Fetch!, context)
            : request.StartItem is { } start
                ? request.View.Descendants(start.Key)
                : OfTypes(query.Filters, request.View) ?? request.View.TreeOrder;

        tests.Insert(0, request.View.DeliverableIn(request.Culture, builder.IsAllowedType));
        return sorts.Count == 0
            ? InTreeOrder(candidates, tests, query, request)
            : Sorted(candidates, tests, sorts, query, request);
    }

    /// <summary>Without sorts the selectors' own (tree) order stands: count every match, keep only the page.</summary>
    private PagedViewModel<ApiContentResponse> InTreeOrder(IEnumerable<PublishedContent> candidates, List<Func<PublishedContent, bool>> tests,
        ContentQuery query, DeliveryRequest request)
    {
        var total = 0;
        var page = new List<ApiContentResponse>(Math.Min(query.Take, 100));
        foreach (var item in candidates)
        {
            if (!Passes(item, tests))
                continue;
            if (total >= query.Skip && page.Count < query.Take && builder.Build(item, request) is { } response)
                page.Add(response);
            total++;
        }
        return new PagedViewModel<ApiContentResponse>(total, page);
    }

    /// <summary>
    /// Sorts every match by keys read once per item (ties keep tree order), in pooled buffers, so a query over
    /// the whole corpus compares numbers and makes no garbage the size of the corpus.
    /// </summary>
    private PagedViewModel<ApiContentResponse> Sorted(IEnumerable<PublishedContent> candidates, List<Func<PublishedContent, bool>> tests,
        List<ContentSortKey> sorts, ContentQuery query, DeliveryRequest request)
    {
        var width = sorts.Count;
        var items = ArrayPool<PublishedContent>.Shared.Rent(256);
        var keys = ArrayPool<long>.Shared.Rent(256 * width);
        int[]? order = null;
        var count = 0;
        try
        {
            foreach (var item in candidates)
            {
                if (!Passes(item, tests))
                    continue;
                if (count == items.Length)
                {
                    items = Grow(items, count);
                    keys = Grow(keys, count * width);
                }
                items[count] = item;
                for (var s = 0; s < width; s++)
                    keys[count * width + s] = sorts[s].Key(item);
                count++;
            }
            order = ArrayPool<int>.Shared.Rent(Math.Max(1, count));
            for (var i = 0; i < count; i++)
                order[i] = i;
            var sortKeys = keys;
            Array.Sort(order, 0, count, Comparer<int>.Create((a, b) =>
            {
                for (var s = 0; s < width; s++)
                {
                    var result = sortKeys[a * width + s].CompareTo(sortKeys[b * width + s]);
                    if (result != 0)
                        return sorts[s].Descending ? -result : result;
                }
                return a.CompareTo(b);
            }));
            var page = new List<ApiContentResponse>(Math.Min(query.Take, 100));
            for (var i = query.Skip; i < count && page.Count < query.Take; i++)
            {
                if (builder.Build(items[order[i]], request) is { } response)
                    page.Add(response);
            }
            return new PagedViewModel<ApiContentResponse>(count, page);
        }
        finally
        {
            ArrayPool<PublishedContent>.Shared.Return(items, clearArray: true);
            ArrayPool<long>.Shared.Return(keys);
            if (order is not null)
                ArrayPool<int>.Shared.Return(order);
        }
    }

    private static T[] Grow<T>(T[] buffer, int used)
    {
        var larger = ArrayPool<T>.Shared.Rent(Math.Max(buffer.Length * 2, 256));
        Array.Copy(buffer, larger, used);
        ArrayPool<T>.Shared.Return(buffer, clearArray: RuntimeHelpersIsReference<T>());
        return larger;
    }

    private static bool RuntimeHelpersIsReference<T>() => System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>();

    private static bool Passes(PublishedContent item, List<Func<PublishedContent, bool>> tests)
    {
        foreach (var test in tests)
        {
            if (!test(item))
                return false;
        }
        return true;
    }

    /// <summary>
    /// When a filter keeps only some document types, start from those types' items rather than from everything
    /// (the filter still runs, so this only narrows the scan).
    /// </summary>
    private static IReadOnlyList<PublishedContent>? OfTypes(IReadOnlyList<string> filters, DeliveryContentView view)
    {
        var typeFilter = filters.FirstOrDefault(f => f.StartsWith(ContentTypeFilter.Specifier, StringComparison.OrdinalIgnoreCase)
            && !f.AsSpan(ContentTypeFilter.Specifier.Length).StartsWith("!"));
        if (typeFilter is null)
            return null;
        var types = QueryValue.List(typeFilter[ContentTypeFilter.Specifier.Length..]).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        // Each type's list is in tree order already; several are merged back into it.
        return types.Count == 1
            ? view.OfType(types[0])
            : [.. types.SelectMany(view.OfType).OrderBy(item => view.TreeIndex(item.Key))];
    }
}
