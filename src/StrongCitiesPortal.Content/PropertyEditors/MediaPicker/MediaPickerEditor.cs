using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>One or several media items, stored by key.</summary>
public sealed class MediaPickerEditor : PropertyEditor
{
    public override string Alias => "mediaPicker";

    public override bool TakesMultiple => true;

    public override bool IsPicker => true;

    public override void Validate(PropertyValueCheck check)
    {
        foreach (var item in check.OneOrMany())
        {
            if (item.ValueKind != JsonValueKind.String || !Guid.TryParse(item.GetString(), out _))
                check.Fail($"'{item}' is not a media key.");
        }
        check.CheckCount();
    }

    public override IEnumerable<Guid> MediaKeys(JsonElement value) => JsonValues.Keys(value);

    // Umbraco's media picker always answers with a list.
    public override object? DeliveryValue(PropertyType property, JsonElement? value, IDeliveryValues delivery) =>
        delivery.Media(JsonValues.Keys(value));

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell) =>
        property.Multiple ? TagsEditor.TrimmedList(value) : value;

    public override string DiffText(PropertyType property, JsonElement value, IDiffNames names) =>
        string.Join("\n", JsonValues.Strings(value).Select(s => Guid.TryParse(s, out var key) && names.KnowsMedia ? names.MediaName(key) ?? $"(missing file {s})" : s));
}
