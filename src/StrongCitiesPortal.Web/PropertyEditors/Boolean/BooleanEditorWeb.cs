using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>Yes or no: a tick box.</summary>
public sealed class BooleanEditorWeb : PropertyEditorWeb
{
    public override string Alias => "boolean";

    public override string EditPartial => "~/PropertyEditors/Boolean/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form) => ContentForm.Json(form.Form[field].Any(v => v == "true"));

    // An unticked box on an item that never had the value stays without it (absent reads as "no").
    public override JsonElement? Settle(JsonElement? posted, JsonElement? saved) =>
        posted?.ValueKind == JsonValueKind.False && saved is null ? null : posted;

    public override void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page) =>
        html.Append(value.ValueKind == JsonValueKind.True ? "Yes" : "No");
}
