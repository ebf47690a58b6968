using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>Yes or no; absent reads as no.</summary>
public sealed class BooleanEditor : PropertyEditor
{
    public override string Alias => "boolean";

    public override void Validate(PropertyValueCheck check)
    {
        if (check.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            check.Fail("Expected true or false.");
    }

    public override IEnumerable<FacetEntry> FacetValues(JsonElement value, Func<Guid, PublishedNode?> picked) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? [FacetEntry.Plain(value.ValueKind == JsonValueKind.True ? "true" : "false")] : [];

    public override object? DeliveryValue(PropertyType property, JsonElement? value, IDeliveryValues delivery) =>
        value is { ValueKind: JsonValueKind.True };

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell)
    {
        if (value.ValueKind != JsonValueKind.String)
            return value;
        switch (value.GetString()!.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "1": return JsonValues.Element(true);
            case "false" or "no" or "0": return JsonValues.Element(false);
            default:
                cell.Fail($"'{value.GetString()!.Trim()}' is not true or false.");
                return null;
        }
    }

    public override string DiffText(PropertyType property, JsonElement value, IDiffNames names) =>
        value.ValueKind == JsonValueKind.True ? "Yes" : "No";
}
