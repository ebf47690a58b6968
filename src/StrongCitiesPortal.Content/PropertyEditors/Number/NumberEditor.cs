using System.Globalization;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>A number, whole if <c>integer</c>, within <c>min</c> and <c>max</c>.</summary>
public sealed class NumberEditor : PropertyEditor
{
    public override string Alias => "number";

    public override void Validate(PropertyValueCheck check)
    {
        var property = check.Property;
        var value = check.Value;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            check.Fail("Expected a number.");
            return;
        }
        if (property.Integer && Math.Abs(number % 1) > 0)
            check.Fail("Expected a whole number.");
        if (property.Min is { } min && number < min)
            check.Fail($"Must be at least {min.ToString(CultureInfo.InvariantCulture)}.");
        if (property.Max is { } max && number > max)
            check.Fail($"Must be at most {max.ToString(CultureInfo.InvariantCulture)}.");
    }

    public override IEnumerable<FacetEntry> FacetValues(JsonElement value, Func<Guid, PublishedNode?> picked) =>
        value.ValueKind == JsonValueKind.Number ? [FacetEntry.Plain(value.GetRawText())] : [];

    public override object? DeliveryValue(PropertyType property, JsonElement? value, IDeliveryValues delivery) =>
        value is { ValueKind: JsonValueKind.Number } number
            ? (number.TryGetInt64(out var whole) ? whole : number.GetDecimal())
            : null;

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell)
    {
        if (value.ValueKind != JsonValueKind.String)
            return value;
        if (double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return JsonValues.Element(number);
        cell.Fail($"'{value.GetString()!.Trim()}' is not a number.");
        return null;
    }
}
