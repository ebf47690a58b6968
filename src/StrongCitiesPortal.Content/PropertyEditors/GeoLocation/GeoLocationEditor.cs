using System.Globalization;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>A point on the map: <c>{ "lat": …, "lng": … }</c>.</summary>
public sealed class GeoLocationEditor : PropertyEditor
{
    public override string Alias => "geoLocation";

    public override void Validate(PropertyValueCheck check)
    {
        var value = check.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("lat", out var lat) || !lat.TryGetDouble(out var la) || la is < -90 or > 90
            || !value.TryGetProperty("lng", out var lng) || !lng.TryGetDouble(out var lo) || lo is < -180 or > 180)
            check.Fail("Expected { \"lat\": -90..90, \"lng\": -180..180 }.");
    }

    public override object? DeliveryValue(PropertyType property, JsonElement? value, IDeliveryValues delivery) =>
        value is { ValueKind: JsonValueKind.Object } location ? location.Clone() : null;

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell)
    {
        if (value.ValueKind != JsonValueKind.String)
            return value;
        var text = value.GetString()!.Trim();
        if (text.StartsWith('{'))
            return CellText.ParseJson(text, cell);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lng))
            return JsonValues.Element(new { lat, lng });
        cell.Fail($"'{text}' is not a location written as 'latitude, longitude'.");
        return null;
    }

    /// <summary>"latitude, longitude", as an import reads it back.</summary>
    public override string ExportText(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("lat", out var lat) && value.TryGetProperty("lng", out var lng)
            ? $"{lat.GetRawText()}, {lng.GetRawText()}"
            : base.ExportText(value);

    public override string DiffText(PropertyType property, JsonElement value, IDiffNames names)
    {
        var (lat, lng) = Coordinates(value);
        return $"{lat}, {lng}";
    }

    /// <summary>The latitude and longitude as written (empty when the value is no location).</summary>
    public static (string Lat, string Lng) Coordinates(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } v
            ? (v.TryGetProperty("lat", out var lat) ? JsonValues.Text(lat) : "", v.TryGetProperty("lng", out var lng) ? JsonValues.Text(lng) : "")
            : ("", "");
}
