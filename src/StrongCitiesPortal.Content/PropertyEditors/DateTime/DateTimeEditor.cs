using System.Globalization;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>A moment, stored as an ISO 8601 date and time with its offset.</summary>
public sealed class DateTimeEditor : PropertyEditor
{
    public override string Alias => "dateTime";

    public override void Validate(PropertyValueCheck check)
    {
        if (check.Value.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(check.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            check.Fail("Expected a date and time such as 2026-03-01T09:30:00Z.");
    }

    public override IEnumerable<FacetEntry> FacetValues(JsonElement value, Func<Guid, PublishedNode?> picked) => Facets.Year(value);

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell) => CellText.Trimmed(value);
}
