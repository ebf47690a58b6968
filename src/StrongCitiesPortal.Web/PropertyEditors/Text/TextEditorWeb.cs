using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>One line of text: a text box.</summary>
public sealed class TextEditorWeb : PropertyEditorWeb
{
    public override string Alias => "text";

    public override string EditPartial => "~/PropertyEditors/Text/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form) => FormReading.TextOrNull(form.Form[field].ToString().Trim());
}
