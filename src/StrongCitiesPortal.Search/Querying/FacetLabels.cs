using System.Globalization;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.PropertyEditors;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// What a facet value is called for a reader: picked items (themes, cities) by their name in the reader's
/// culture, document types by their name, countries by their English name, anything else as it is. Filters
/// may name a value by its key or by any of its labels.
/// </summary>
public sealed class FacetLabels
{
    private readonly SearchModel _model;
    private readonly DocumentTypeRegistry _types;
    private readonly PublishedContentCache _cache;
    private readonly string _defaultCulture;
    private readonly HashSet<string> _countryFacets;

    public FacetLabels(SearchModel model, DocumentTypeRegistry types, PublishedContentCache cache, IOptions<PortalContentOptions> options)
    {
        _model = model;
        _types = types;
        _cache = cache;
        _defaultCulture = options.Value.DefaultCulture;
        var countryAliases = types.All.SelectMany(t => t.Properties).Where(p => p.PropertyEditor is CountryEditor).Select(p => p.Alias).ToHashSet(StringComparer.Ordinal);
        _countryFacets = model.Facets
            .Where(f => f.Properties.Concat(f.Through?.Properties ?? []).Any(countryAliases.Contains))
            .Select(f => f.Name)
            .ToHashSet(StringComparer.Ordinal);
    }

    public string Label(string facet, string key, string culture)
    {
        if (_model.FindFacet(facet)?.From == FacetSource.DocumentType)
            return _types.Find(key)?.Name ?? key;
        if (Guid.TryParse(key, out var picked) && _cache.Get(picked) is { } item)
            return (item.Variant(culture) ?? item.Variant(_defaultCulture) ?? item.Variants.Values.FirstOrDefault())?.Name ?? key;
        if (_countryFacets.Contains(facet) && Countries.IsCode(key))
            return Countries.EnglishName(key);
        return key;
    }

    /// <summary>The key a filter value names (the key itself, or a label in any culture, ignoring case), or null when no item has it.</summary>
    public string? Resolve(string facet, string value, ISearchIndex index)
    {
        var trimmed = value.Trim();
        if (index.HasFacetKey(facet, trimmed))
            return trimmed;
        var cultures = _cache.Cultures;
        foreach (var key in index.FacetKeys(facet))
        {
            if (string.Equals(key, trimmed, StringComparison.OrdinalIgnoreCase)
                || cultures.Any(c => CultureInfo.GetCultureInfo(c).CompareInfo.Compare(Label(facet, key, c), trimmed, CompareOptions.IgnoreCase) == 0))
                return key;
        }
        return null;
    }
}
