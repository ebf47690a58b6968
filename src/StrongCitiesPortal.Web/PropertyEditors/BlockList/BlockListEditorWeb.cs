using System.Globalization;
using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>Blocks: each block's properties with their own controls, and buttons to add, remove and move blocks.</summary>
public sealed class BlockListEditorWeb : PropertyEditorWeb
{
    public override string Alias => "blockList";

    public override string EditPartial => "~/PropertyEditors/BlockList/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form)
    {
        var blocks = new List<Dictionary<string, object?>>();
        foreach (var key in FormReading.Chosen(form.Form[field + ".key"]))
        {
            var blockField = $"{field}.{key}";
            var alias = form.Form[blockField + ".type"].ToString();
            if (!Guid.TryParse(key, out _) || form.Types.Find(alias) is not { IsElement: true } element)
                continue;
            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var inner in element.Properties)
            {
                if (form.Read(inner, $"{blockField}.{inner.Alias}") is { } value)
                    values[inner.Alias] = value;
            }
            blocks.Add(new Dictionary<string, object?> { ["key"] = key, ["contentType"] = alias, ["values"] = values });
        }
        return blocks.Count == 0 ? null : ContentForm.Json(blocks);
    }

    /// <summary>Each block as a section: a heading or title as a numbered heading, the other values labelled.</summary>
    public override void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            base.Render(property, value, culture, html, page);
            return;
        }
        var number = 0;
        foreach (var block in value.EnumerateArray())
        {
            number++;
            if (!block.TryGetProperty("contentType", out var alias) || page.Types.Find(alias.GetString() ?? "") is not { } element)
                continue;
            var values = block.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
            html.Append("<section class=\"block block-").Append(Encoder.Encode(element.Alias)).Append("\">");
            foreach (var inner in element.Properties)
            {
                if (values.ValueKind != JsonValueKind.Object || !values.TryGetProperty(inner.Alias, out var innerValue) || innerValue.ValueKind == JsonValueKind.Null)
                    continue;
                if (inner.Alias is "heading" or "title")
                {
                    html.Append("<h3>").Append(number.ToString(CultureInfo.InvariantCulture)).Append(". ")
                        .Append(Encoder.Encode(innerValue.GetString() ?? "")).Append("</h3>");
                    continue;
                }
                html.Append("<div class=\"block-property\"><span class=\"label\">").Append(Encoder.Encode(inner.Name)).Append("</span> ");
                page.Render(inner, innerValue, culture, html);
                html.Append("</div>");
            }
            html.Append("</section>");
        }
    }
}
