using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>One or several of the property's options.</summary>
public sealed class DropdownEditor : PropertyEditor
{
    public override string Alias => "dropdown";

    public override bool TakesMultiple => true;

    public override IEnumerable<string> DefinitionProblems(PropertyType property) =>
        property.Options.Count == 0 ? ["a dropdown needs options."] : [];

    public override void Validate(PropertyValueCheck check)
    {
        var options = check.Property.Options;
        foreach (var option in check.OneOrMany())
        {
            if (option.ValueKind != JsonValueKind.String || !options.Contains(option.GetString()!, StringComparer.Ordinal))
                check.Fail($"'{option}' is not one of: {string.Join(", ", options)}.");
        }
    }

    public override IEnumerable<string> ChosenOptions(JsonElement value) => JsonValues.Strings(value);

    public override SearchTextRole SearchRole => SearchTextRole.Other;

    public override IEnumerable<string> IndexText(JsonElement value, IIndexTextSource source) => JsonValues.Strings(value);

    public override IEnumerable<FacetEntry> FacetValues(JsonElement value, Func<Guid, PublishedNode?> picked) => Facets.Texts(value);

    public override object? DeliveryValue(PropertyType property, JsonElement? value, IDeliveryValues delivery) =>
        property.Multiple ? JsonValues.Strings(value) : JsonValues.Strings(value).FirstOrDefault();

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell) =>
        CellText.OneOrMany(property, value, v => v.ValueKind == JsonValueKind.String
            ? JsonValues.Element(property.Options.FirstOrDefault(o => string.Equals(o, v.GetString()!.Trim(), StringComparison.OrdinalIgnoreCase)) ?? v.GetString()!.Trim())
            : v);

    public override string DiffText(PropertyType property, JsonElement value, IDiffNames names) => string.Join("\n", JsonValues.Strings(value));
}
