using StrongCitiesPortal.Search.Querying;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Practices;

/// <summary>
/// The practice library's search, answered by the portal's one search service: good practices only, with the
/// library's facets, order and page. Facet values travel as the index's keys (theme keys, country codes, option strings).
/// </summary>
public sealed class SearchServicePracticeSearch(SearchAnswers search) : IPracticeSearch
{
    private const string TypeFacet = "type";

    public async Task<PracticeSearchResult> SearchAsync(PracticeQuery query, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [TypeFacet] = [PortalContent.Practice],
        };
        foreach (var (facet, values) in query.Filters)
        {
            if (values.Count > 0 && facet != TypeFacet)
                filters[facet] = values;
        }

        SearchResult result;
        try
        {
            result = await search.SearchAsync(new SearchRequest
            {
                Query = query.Text,
                Culture = query.Culture,
                Filters = filters,
                Sort = query.Sort switch
                {
                    PracticeSort.Date => SearchSort.Date,
                    PracticeSort.Name => SearchSort.Name,
                    _ => SearchSort.Relevance,
                },
                Skip = query.Skip,
                Take = query.Take,
            }, cancellationToken);
        }
        catch (SearchRequestException e)
        {
            return new PracticeSearchResult(0, [], new Dictionary<string, IReadOnlyList<FacetCount>>(), e.Message);
        }

        var withText = !string.IsNullOrWhiteSpace(query.Text);
        var hits = result.Items.Select(h => new PracticeHit(h.Id, withText && h.Snippet.Length > 0 ? h.Snippet : null, h.Score)).ToList();
        var facets = PracticeFacets.All.ToDictionary(
            f => f,
            f => (IReadOnlyList<FacetCount>)(result.Facets.GetValueOrDefault(f) ?? []).Select(c => new FacetCount(c.Key, c.Count)).ToList(),
            StringComparer.Ordinal);
        return new PracticeSearchResult(result.Total, hits, facets, result.Notices.Count > 0 ? string.Join(" ", result.Notices) : null);
    }
}
