using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>One or several countries, stored as ISO 3166 two-letter codes.</summary>
public sealed class CountryEditor : PropertyEditor
{
    public override string Alias => "country";

    public override bool TakesMultiple => true;

    public override bool IsPicker => true;

    public override void Validate(PropertyValueCheck check)
    {
        foreach (var code in check.OneOrMany())
        {
            if (code.ValueKind != JsonValueKind.String || !Countries.IsCode(code.GetString()!))
                check.Fail($"'{code}' is not an ISO 3166 two-letter country code such as GB or FR.");
        }
    }

    public override IEnumerable<string> CountryCodes(JsonElement value) => JsonValues.Strings(value);

    public override SearchTextRole SearchRole => SearchTextRole.Other;

    public override IEnumerable<string> IndexText(JsonElement value, IIndexTextSource source) => JsonValues.Strings(value).Select(Countries.EnglishName);

    public override IEnumerable<FacetEntry> FacetValues(JsonElement value, Func<Guid, PublishedNode?> picked) => Facets.Texts(value);

    public override object? DeliveryValue(PropertyType property, JsonElement? value, IDeliveryValues delivery) =>
        property.Multiple ? JsonValues.Strings(value) : JsonValues.Strings(value).FirstOrDefault();

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell) =>
        CellText.OneOrMany(property, value, v =>
        {
            if (v.ValueKind == JsonValueKind.String && Countries.Code(v.GetString()!) is { } code)
                return JsonValues.Element(code);
            cell.Fail($"'{CellText.Describe(v)}' is not a country name or ISO 3166 code.");
            return null;
        });

    public override string DiffText(PropertyType property, JsonElement value, IDiffNames names) =>
        string.Join("\n", JsonValues.Strings(value).Select(c => $"{Countries.EnglishName(c)} ({c})"));
}
