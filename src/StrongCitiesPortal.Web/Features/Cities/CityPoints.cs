using System.Text.Json;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Cities;

public static class CityPoints
{
    public static MapPoint? Of(PublishedContent city, string culture, ContentRouter router)
    {
        var facts = PortalContent.Facts(city);
        if (facts.Value("location") is not { ValueKind: JsonValueKind.Object } location
            || !location.TryGetProperty("lat", out var lat) || !location.TryGetProperty("lng", out var lng))
            return null;
        var shown = router.Shown(city, culture)!;
        return new MapPoint(router.Url(city.Key, culture), shown.Name, lat.GetDouble(), lng.GetDouble(), shown.Culture != culture ? shown.Culture : null);
    }
}
