using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Web.Features.Shared;

/// <summary>
/// The search service as the public pages ask it, remembering its answers until the site changes: a listing, its
/// facet counts or a practice's related practices change only when something is published, so the same question
/// asked again under the same <see cref="SiteState"/> is answered from memory (bounded: the most recently used
/// <see cref="PortalSiteOptions.RememberedSearches"/> answers).
/// </summary>
public sealed class SearchAnswers
{
    private readonly SearchService _search;
    private readonly SiteStates _states;
    private readonly StateMemo<SearchResult> _memo;

    public SearchAnswers(SearchService search, SiteStates states, IOptions<PortalSiteOptions> options)
    {
        _search = search;
        _states = states;
        _memo = new StateMemo<SearchResult>(options.Value.RememberedSearches, () => states.Current);
    }

    /// <summary>The notice of an answer given while this instance builds its first search index (after its first start on a site).</summary>
    public const string BeingIndexed = "The library is being indexed; lists and search fill in within a few minutes.";

    /// <summary>How many answers are remembered now.</summary>
    public int Remembered => _memo.Count;

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        // Pages answer at once while the first index is built, rather than waiting on an index that is not there yet.
        if (!_states.IndexOpen)
            return SearchResult.Empty([BeingIndexed]);
        if (!_states.Settled)
            return await _search.SearchAsync(request, cancellationToken);
        var state = _states.Current;
        var key = Key(request);
        if (_memo.TryGet(state, key, out var remembered))
            return remembered;
        var result = await _search.SearchAsync(request, cancellationToken);
        _memo.Set(state, key, result);
        return result;
    }

    /// <summary>Every part of the request, each length-prefixed so no two requests share a key.</summary>
    public static string Key(SearchRequest request)
    {
        var key = new StringBuilder(128);
        void Add(string? part) => key.Append((part?.Length ?? -1).ToString(CultureInfo.InvariantCulture)).Append(':').Append(part).Append('|');
        void AddFacets(IReadOnlyDictionary<string, IReadOnlyList<string>> facets)
        {
            Add(facets.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var (facet, values) in facets.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                Add(facet);
                Add(values.Count.ToString(CultureInfo.InvariantCulture));
                foreach (var value in values)
                    Add(value);
            }
        }
        Add(request.Query);
        Add(request.Culture);
        Add(request.Sort.ToString());
        Add(request.Skip.ToString(CultureInfo.InvariantCulture));
        Add(request.Take.ToString(CultureInfo.InvariantCulture));
        Add(request.WithoutFacets ? "1" : "0");
        Add(request.Exclude?.ToString());
        Add(request.ExcludeTypes.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var type in request.ExcludeTypes.Order(StringComparer.Ordinal))
            Add(type);
        AddFacets(request.Filters);
        AddFacets(request.Without);
        Add(request.Affinity.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var affinity in request.Affinity)
        {
            Add(affinity.Facet);
            Add(affinity.Key);
            Add(affinity.Weight.ToString("R", CultureInfo.InvariantCulture));
        }
        Add(request.AffinityFloor.ToString("R", CultureInfo.InvariantCulture));
        return key.ToString();
    }
}
