using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>Picked media: a searchable list of the library with an upload.</summary>
public sealed class MediaPickerEditorWeb : PropertyEditorWeb
{
    public override string Alias => "mediaPicker";

    public override string EditPartial => "~/PropertyEditors/MediaPicker/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form)
    {
        var chosen = FormReading.Chosen(form.Form[field]);
        if (property.Multiple)
            return chosen.Count == 0 ? null : ContentForm.Json(chosen);
        return chosen.Count == 0 ? null : ContentForm.Json(chosen[0]);
    }
}
