using System.Globalization;
using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>A calendar date: a date box, shown in the reader's language.</summary>
public sealed class DateEditorWeb : PropertyEditorWeb
{
    public override string Alias => "date";

    public override string EditPartial => "~/PropertyEditors/Date/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form) => FormReading.TextOrNull(form.Form[field].ToString().Trim());

    public override void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page)
    {
        if (!DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            base.Render(property, value, culture, html, page);
            return;
        }
        html.Append("<time datetime=\"").Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\">")
            .Append(Encoder.Encode(date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo(culture)))).Append("</time>");
    }
}
