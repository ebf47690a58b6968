using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Html;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.PropertyEditors;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>Markdown: a text area with a live preview, shown as safe HTML.</summary>
public sealed class MarkdownEditorWeb : PropertyEditorWeb
{
    public override string Alias => "markdown";

    public override string EditPartial => "~/PropertyEditors/Markdown/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form) =>
        FormReading.TextOrNull(form.Form[field].ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd());

    public override void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page) =>
        html.Append(page.ToHtml(value.ValueKind == JsonValueKind.String ? value.GetString() : ""));

    public override IHtmlContent English(PropertyType property, JsonElement english, EditorContext context) =>
        new HtmlString($"<div class=\"bo-preview\">{context.Markdown.ToHtml(JsonValues.Text(english))}</div>");
}
