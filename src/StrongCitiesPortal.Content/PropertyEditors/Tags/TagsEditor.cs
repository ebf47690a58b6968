using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>A list of free tags.</summary>
public sealed class TagsEditor : PropertyEditor
{
    public override string Alias => "tags";

    public override void Validate(PropertyValueCheck check)
    {
        var value = check.Value;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(t.GetString())))
            check.Fail("Expected a list of non-empty tags.");
        else if (value.EnumerateArray().Any(t => t.GetString()!.Length > 100))
            check.Fail("A tag may be at most 100 characters long.");
        check.CheckCount();
    }

    public override SearchTextRole SearchRole => SearchTextRole.Keywords;

    public override IEnumerable<string> IndexText(JsonElement value, IIndexTextSource source) => JsonValues.Strings(value);

    public override IEnumerable<FacetEntry> FacetValues(JsonElement value, Func<Guid, PublishedNode?> picked) => Facets.Texts(value);

    public override object? DeliveryValue(PropertyType property, JsonElement? value, IDeliveryValues delivery) => JsonValues.Strings(value);

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell) => TrimmedList(value);

    public override string DiffText(PropertyType property, JsonElement value, IDiffNames names) => string.Join("\n", JsonValues.Strings(value));

    /// <summary>A list from a cell, each text entry trimmed.</summary>
    internal static JsonElement TrimmedList(JsonElement value) =>
        JsonValues.Element(CellText.Items(value).Select(v => v.ValueKind == JsonValueKind.String ? (object?)v.GetString()!.Trim() : v).ToList());
}
