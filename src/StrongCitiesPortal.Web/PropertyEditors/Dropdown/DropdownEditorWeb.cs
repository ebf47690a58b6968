using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.PropertyEditors;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>Options: a select of the property's options.</summary>
public sealed class DropdownEditorWeb : PropertyEditorWeb
{
    public override string Alias => "dropdown";

    public override string EditPartial => "~/PropertyEditors/Dropdown/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form) => ReadChosen(property, field, form);

    public override void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page) =>
        html.Append(Encoder.Encode(string.Join(", ", JsonValues.Strings(value))));
}
