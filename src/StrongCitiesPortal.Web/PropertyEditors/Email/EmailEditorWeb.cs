using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>An e-mail address: an e-mail box, shown as a mailto link.</summary>
public sealed class EmailEditorWeb : PropertyEditorWeb
{
    public override string Alias => "email";

    public override string EditPartial => "~/PropertyEditors/Email/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form) => FormReading.TextOrNull(form.Form[field].ToString().Trim());

    public override void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            base.Render(property, value, culture, html, page);
            return;
        }
        html.Append("<a href=\"mailto:").Append(Encoder.Encode(value.GetString()!)).Append("\">")
            .Append(Encoder.Encode(value.GetString()!)).Append("</a>");
    }
}
