using System.Globalization;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>A moment: a date and time box in UTC.</summary>
public sealed class DateTimeEditorWeb : PropertyEditorWeb
{
    public override string Alias => "dateTime";

    public override string EditPartial => "~/PropertyEditors/DateTime/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form)
    {
        var local = form.Form[field].ToString().Trim();
        if (local.Length == 0)
            return null;
        // datetime-local has no offset: the form labels it UTC.
        return System.DateTime.TryParseExact(local, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? ContentForm.Json(new DateTimeOffset(at, TimeSpan.Zero).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            : ContentForm.Json(local);
    }
}
