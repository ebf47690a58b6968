using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>Plain text in paragraphs: a text area, shown as paragraphs.</summary>
public sealed class TextAreaEditorWeb : PropertyEditorWeb
{
    public override string Alias => "textarea";

    public override string EditPartial => "~/PropertyEditors/TextArea/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form) =>
        FormReading.TextOrNull(form.Form[field].ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd());

    public override void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page)
    {
        foreach (var paragraph in (value.GetString() ?? "").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            html.Append("<p>").Append(Encoder.Encode(paragraph.Trim())).Append("</p>");
    }
}
