using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>Picked media: a searchable list of the library with an upload.</summary>
public sealed class MediaPickerEditorWeb : PropertyEditorWeb
{
    public override string Alias => "mediaPicker";

    public override string EditPartial => "~/PropertyEditors/MediaPicker/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form) => ReadChosen(property, field, form);
}
