using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Markdown;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>An address: a URL box, shown as a link when it is safe.</summary>
public sealed class UrlEditorWeb : PropertyEditorWeb
{
    public override string Alias => "url";

    public override string EditPartial => "~/PropertyEditors/Url/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form) => FormReading.TextOrNull(form.Form[field].ToString().Trim());

    public override void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page)
    {
        if (value.ValueKind != JsonValueKind.String || !MarkdownRenderer.IsSafeUrl(value.GetString()))
        {
            base.Render(property, value, culture, html, page);
            return;
        }
        html.Append("<a href=\"").Append(Encoder.Encode(value.GetString()!)).Append("\" rel=\"noopener\">")
            .Append(Encoder.Encode(value.GetString()!)).Append("</a>");
    }
}
