using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.Practices;

/// <summary>
/// The whole state of a library search as its URL carries it: <c>?q=&amp;theme=&amp;kind=&amp;region=&amp;country=&amp;language=&amp;year=&amp;evaluation=&amp;sort=&amp;page=</c>.
/// Themes travel by their default-culture URL segment; the other facets by the content model's values.
/// Anything unknown is dropped and said so, never an error.
/// </summary>
public sealed class PracticeSearchState
{
    public const int MaxTextLength = 200;
    public const int MaxValuesPerFacet = 20;
    public const int MaxPage = 500;

    private readonly SortedDictionary<string, List<string>> _filters;

    private PracticeSearchState(string text, SortedDictionary<string, List<string>> filters, PracticeSort? sort, int page, IReadOnlyList<string> messages)
    {
        Text = text;
        _filters = filters;
        ExplicitSort = sort;
        Page = page;
        Messages = messages;
    }

    public string Text { get; }
    public PracticeSort? ExplicitSort { get; }

    /// <summary>Relevance when there are words to rank by, newest first when browsing.</summary>
    public PracticeSort Sort => ExplicitSort ?? (Text.Length > 0 ? PracticeSort.Relevance : PracticeSort.Date);

    public int Page { get; }
    public IReadOnlyList<string> Messages { get; }

    public IReadOnlyList<string> Values(string facet) => _filters.TryGetValue(facet, out var v) ? v : [];

    public bool IsSelected(string facet, string value) => Values(facet).Contains(value, StringComparer.Ordinal);

    public bool HasFilters => _filters.Values.Any(v => v.Count > 0);

    public bool IsEmpty => Text.Length == 0 && !HasFilters;

    public IEnumerable<(string Facet, string Value)> Selected => PracticeFacets.All.SelectMany(f => Values(f).Select(v => (f, v)));

    public static PracticeSearchState Parse(IQueryCollection query, PracticeVocabulary vocabulary)
    {
        var messages = new List<string>();
        var text = string.Join(' ', query["q"].ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        text = new string(text.Where(c => !char.IsControl(c)).ToArray());
        if (text.Length > MaxTextLength)
        {
            text = text[..MaxTextLength];
            messages.Add("Your search was shortened to {0} characters.");
        }

        var filters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var ignored = false;
        foreach (var facet in PracticeFacets.All)
        {
            var values = new List<string>();
            foreach (var raw in query[facet])
            {
                var value = vocabulary.Normalise(facet, raw?.Trim() ?? "");
                if (value is null)
                    ignored = true;
                else if (!values.Contains(value) && values.Count < MaxValuesPerFacet)
                    values.Add(value);
            }
            if (values.Count > 0)
                filters[facet] = values;
        }
        if (ignored)
            messages.Add("Some filters were not recognised and were left out.");

        PracticeSort? sort = query["sort"].ToString() switch
        {
            "relevance" => PracticeSort.Relevance,
            "date" => PracticeSort.Date,
            "name" => PracticeSort.Name,
            _ => null,
        };
        var page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, MaxPage) : 1;
        return new PracticeSearchState(text, filters, sort, page, messages);
    }

    public PracticeSearchState Toggle(string facet, string value)
    {
        var filters = Copy();
        if (!filters.TryGetValue(facet, out var values))
            filters[facet] = values = [];
        if (!values.Remove(value))
            values.Add(value);
        if (values.Count == 0)
            filters.Remove(facet);
        return new PracticeSearchState(Text, filters, ExplicitSort, 1, []);
    }

    public PracticeSearchState WithPage(int page) => new(Text, Copy(), ExplicitSort, page, []);

    public PracticeSearchState WithoutText() => new("", Copy(), ExplicitSort == PracticeSort.Relevance ? null : ExplicitSort, 1, []);

    /// <summary>The query string for this state ("?q=...&amp;theme=..."), empty when it is the plain library.</summary>
    public string QueryString()
    {
        var parts = new List<KeyValuePair<string, string?>>();
        if (Text.Length > 0)
            parts.Add(new("q", Text));
        foreach (var facet in PracticeFacets.All)
            parts.AddRange(Values(facet).Select(v => new KeyValuePair<string, string?>(facet, v)));
        if (ExplicitSort is { } sort)
            parts.Add(new("sort", sort.ToString().ToLowerInvariant()));
        if (Page > 1)
            parts.Add(new("page", Page.ToString(CultureInfo.InvariantCulture)));
        return parts.Count == 0 ? "" : QueryHelpers.AddQueryString("", parts);
    }

    /// <summary>The query handed to search: themes turned from URL segments into keys.</summary>
    public PracticeQuery ToQuery(string culture, int pageSize, PracticeVocabulary vocabulary) => new(
        culture,
        Text,
        _filters.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value.Select(v => vocabulary.SearchValue(f.Key, v)).ToList()),
        Sort,
        (Page - 1) * pageSize,
        pageSize);

    private SortedDictionary<string, List<string>> Copy() =>
        new(_filters.ToDictionary(f => f.Key, f => f.Value.ToList()), StringComparer.Ordinal);
}

/// <summary>The values each facet accepts, from the document types and the live themes.</summary>
public sealed class PracticeVocabulary(DocumentTypeRegistry types, PublishedContentCache cache, StrongCitiesPortal.Web.Features.Shared.SiteOutline outline)
{
    public IReadOnlyList<string> Options(string facet) => facet switch
    {
        PracticeFacets.Kind => types.Find("goodPractice")?.FindProperty("kind")?.Options ?? [],
        PracticeFacets.Language => types.Find("goodPractice")?.FindProperty("language")?.Options ?? [],
        PracticeFacets.Evaluation => types.Find("goodPractice")?.FindProperty("evaluationStatus")?.Options ?? [],
        PracticeFacets.Region => types.Find("memberCity")?.FindProperty("region")?.Options ?? [],
        _ => [],
    };

    /// <summary>The canonical URL value for what a visitor sent, or null when it is not a value of the facet.</summary>
    public string? Normalise(string facet, string raw)
    {
        if (raw.Length is 0 or > 200)
            return null;
        switch (facet)
        {
            case PracticeFacets.Theme or PracticeFacets.City:
                return PickedBySegment(facet, raw) is { } picked ? picked.Variant(cache.DefaultCulture)!.Segment : null;
            case PracticeFacets.Country:
                var code = raw.ToUpperInvariant();
                return code.Length == 2 && Countries.IsCode(code) ? code : null;
            case PracticeFacets.Year:
                return raw.Length == 4 && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2200 ? raw : null;
            default:
                return Options(facet).FirstOrDefault(o => string.Equals(o, raw, StringComparison.OrdinalIgnoreCase));
        }
    }

    public string SearchValue(string facet, string urlValue) =>
        PickedBySegment(facet, urlValue) is { } picked ? picked.Key.ToString() : urlValue;

    public string UrlValue(string facet, string searchValue) =>
        facet is PracticeFacets.Theme or PracticeFacets.City && Guid.TryParse(searchValue, out var key) && cache.Get(key)?.Variant(cache.DefaultCulture) is { } v ? v.Segment : searchValue;

    /// <summary>A theme or a member city by its URL segment in any culture (themes and cities are chosen by segment in the URL).</summary>
    public PublishedContent? PickedBySegment(string facet, string segment) => facet switch
    {
        PracticeFacets.Theme => ThemeBySegment(segment),
        PracticeFacets.City => BySegment("memberCity", segment),
        _ => null,
    };

    public PublishedContent? ThemeBySegment(string segment) => BySegment("theme", segment);

    // Themes and cities are tens to hundreds: the outline lists them without walking the library, and the lookup by
    // segment is made once per cache generation (a library page looks up every facet option's label).
    private readonly StrongCitiesPortal.Web.Features.Shared.PerGeneration<Dictionary<string, Dictionary<string, Guid>>> _bySegment =
        new(cache, () => new[] { "theme", "memberCity" }.ToDictionary(type => type, type => Segments(outline.ItemsOf(type)), StringComparer.Ordinal));

    private PublishedContent? BySegment(string type, string segment) =>
        _bySegment.Value.TryGetValue(type, out var keys) && keys.TryGetValue(segment, out var key) ? cache.Get(key) : null;

    // The first item in tree order wins a segment, in any of its cultures.
    private static Dictionary<string, Guid> Segments(IReadOnlyList<PublishedContent> items)
    {
        var keys = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            foreach (var variant in item.Variants.Values)
                keys.TryAdd(variant.Segment, item.Key);
        }
        return keys;
    }
}
