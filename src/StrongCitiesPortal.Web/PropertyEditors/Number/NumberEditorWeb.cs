using System.Globalization;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>A number: a number box.</summary>
public sealed class NumberEditorWeb : PropertyEditorWeb
{
    public override string Alias => "number";

    public override string EditPartial => "~/PropertyEditors/Number/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form)
    {
        var number = form.Form[field].ToString().Trim();
        if (number.Length == 0)
            return null;
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? ContentForm.Json(n) : ContentForm.Json(number);
    }
}
