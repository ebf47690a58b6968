using System.Globalization;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>A calendar date, stored as yyyy-MM-dd.</summary>
public sealed class DateEditor : PropertyEditor
{
    public override string Alias => "date";

    public override void Validate(PropertyValueCheck check)
    {
        if (check.Value.ValueKind != JsonValueKind.String || !DateOnly.TryParseExact(check.Value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            check.Fail("Expected a date as yyyy-MM-dd.");
    }

    public override IEnumerable<FacetEntry> FacetValues(JsonElement value, Func<Guid, PublishedNode?> picked) => Facets.Year(value);

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell) => CellText.Trimmed(value);
}
