using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.PropertyEditors;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>Picked items: a searchable list of candidates, shown as links.</summary>
public sealed class ContentPickerEditorWeb : PropertyEditorWeb
{
    public override string Alias => "contentPicker";

    public override string EditPartial => "~/PropertyEditors/ContentPicker/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form) => ReadChosen(property, field, form);

    public override void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page)
    {
        html.Append("<ul class=\"links\">");
        foreach (var key in JsonValues.Keys(value))
        {
            var url = page.UrlOf(key, culture);
            var name = Encoder.Encode(page.NameOf(key, culture));
            if (name.Length == 0)
                continue;
            html.Append("<li>");
            html.Append(url is null ? name : $"<a href=\"{Encoder.Encode(url)}\">{name}</a>");
            html.Append("</li>");
        }
        html.Append("</ul>");
    }
}
