using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>One or several content items, stored by key; <c>allowedTypes</c> limits which.</summary>
public sealed class ContentPickerEditor : PropertyEditor
{
    public override string Alias => "contentPicker";

    public override bool TakesMultiple => true;

    public override bool IsPicker => true;

    public override void Validate(PropertyValueCheck check)
    {
        var property = check.Property;
        foreach (var item in check.OneOrMany())
        {
            if (item.ValueKind != JsonValueKind.String || !Guid.TryParse(item.GetString(), out var key))
            {
                check.Fail($"'{item}' is not a content key.");
                continue;
            }
            if (!check.ReferencedTypes.TryGetValue(key, out var alias))
                check.Fail($"There is no content item {key}.");
            else if (property.AllowedTypes.Count > 0 && !property.AllowedTypes.Contains(alias, StringComparer.Ordinal))
                check.Fail($"Item {key} is a '{alias}'; this picker takes {string.Join(" or ", property.AllowedTypes)}.");
        }
        check.CheckCount();
    }

    public override IEnumerable<Guid> ContentKeys(JsonElement value) => JsonValues.Keys(value);

    public override SearchTextRole SearchRole => SearchTextRole.Other;

    public override IEnumerable<string> IndexText(JsonElement value, IIndexTextSource source) => JsonValues.Keys(value).SelectMany(source.PickedText);

    public override IEnumerable<FacetEntry> FacetValues(JsonElement value, Func<Guid, PublishedNode?> picked)
    {
        foreach (var key in JsonValues.Keys(value))
        {
            if (picked(key) is { } item)
                yield return new FacetEntry(key.ToString(), item.Cultures.ToDictionary(c => c.Culture, c => c.Name, StringComparer.Ordinal));
        }
    }

    public override object? DeliveryValue(PropertyType property, JsonElement? value, IDeliveryValues delivery)
    {
        var picked = delivery.Content(JsonValues.Keys(value));
        return property.Multiple ? picked : picked.FirstOrDefault();
    }

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell) =>
        CellText.OneOrMany(property, value, v =>
        {
            if (v.ValueKind != JsonValueKind.String)
            {
                cell.Fail($"'{CellText.Describe(v)}' is not a key, external id or name.");
                return null;
            }
            var (key, problem) = cell.ResolveContent(v.GetString()!, property);
            if (problem is not null)
                cell.Fail(problem);
            return key is null ? null : JsonValues.Element(key.Value.ToString());
        });

    public override string DiffText(PropertyType property, JsonElement value, IDiffNames names) =>
        string.Join("\n", JsonValues.Strings(value).Select(s => Guid.TryParse(s, out var key) ? names.ContentName(key) : s));
}
