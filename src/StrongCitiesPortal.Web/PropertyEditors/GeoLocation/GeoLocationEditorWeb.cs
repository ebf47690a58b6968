using System.Globalization;
using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>A point: latitude and longitude boxes.</summary>
public sealed class GeoLocationEditorWeb : PropertyEditorWeb
{
    public override string Alias => "geoLocation";

    public override string EditPartial => "~/PropertyEditors/GeoLocation/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form)
    {
        var lat = form.Form[field + ".lat"].ToString().Trim();
        var lng = form.Form[field + ".lng"].ToString().Trim();
        if (lat.Length == 0 && lng.Length == 0)
            return null;
        object Coordinate(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : s;
        return ContentForm.Json(new Dictionary<string, object> { ["lat"] = Coordinate(lat), ["lng"] = Coordinate(lng) });
    }

    public override void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            base.Render(property, value, culture, html, page);
            return;
        }
        html.Append(Encoder.Encode($"{value.GetProperty("lat").GetDouble().ToString(CultureInfo.InvariantCulture)}, {value.GetProperty("lng").GetDouble().ToString(CultureInfo.InvariantCulture)}"));
    }
}
