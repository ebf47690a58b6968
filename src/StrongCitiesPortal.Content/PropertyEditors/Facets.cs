using System.Globalization;
using System.Text.Json;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>Facet values several editors give the same way.</summary>
internal static class Facets
{
    /// <summary>Each text, as its own label (very long texts are no facet).</summary>
    public static IEnumerable<FacetEntry> Texts(JsonElement value) =>
        JsonValues.Strings(value).Where(t => t.Length is > 0 and <= 200).Select(FacetEntry.Plain);

    /// <summary>The year of a date or a date and time.</summary>
    public static IEnumerable<FacetEntry> Year(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? [FacetEntry.Plain(date.Year.ToString(CultureInfo.InvariantCulture))]
            : [];
}
