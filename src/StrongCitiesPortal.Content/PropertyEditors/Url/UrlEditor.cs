using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>An absolute http:// or https:// address.</summary>
public sealed class UrlEditor : PropertyEditor
{
    public override string Alias => "url";

    public override bool TakesMaxLength => true;

    public override void Validate(PropertyValueCheck check)
    {
        var value = check.Value;
        if (value.ValueKind != JsonValueKind.String)
        {
            check.Fail("Expected a URL.");
            return;
        }
        check.CheckLength(value.GetString()!);
        if (!Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            check.Fail("Must be an absolute http:// or https:// address.");
    }

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell) => CellText.Trimmed(value);
}
