using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.PropertyEditors;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>Free tags: one per line in a text area, shown as a list.</summary>
public sealed class TagsEditorWeb : PropertyEditorWeb
{
    public override string Alias => "tags";

    public override string EditPartial => "~/PropertyEditors/Tags/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form)
    {
        var tags = form.Form[field].ToString().Split('\n').Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return tags.Count == 0 ? null : ContentForm.Json(tags);
    }

    public override void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page) =>
        html.Append(Encoder.Encode(string.Join(", ", JsonValues.Strings(value))));
}
