using System.Text.Json.Nodes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Web.Features.Content;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Cities;

public sealed record FilterOption(string Value, string Label, bool Selected);

public sealed record MemberDirectoryModel(
    string Title,
    string? Introduction,
    string BaseUrl,
    IReadOnlyList<FilterOption> Regions,
    IReadOnlyList<FilterOption> Countries,
    MapModel Map,
    IReadOnlyList<CardModel> Cities,
    bool Filtered);

public sealed record SeatModel(string Role, string Person, string? Url);

public sealed record MemberCityModel(
    string Name,
    string? Summary,
    string? Profile,
    string Country,
    string? Region,
    DateOnly? Joined,
    string? Website,
    string? ContactUrl,
    IReadOnlyList<Link> Themes,
    CappedCards Practices,
    CappedCards Events,
    SeatModel? Seat,
    bool SitsOnCommittee,
    string? CommitteeUrl,
    MapModel Map);

/// <summary>The member directory: every city on a map and in a list, filtered by region and country through the URL.</summary>
public sealed class MemberDirectoryTemplate(PortalContent content, ContentRouter router, Cards cards) : IContentTemplate
{
    public string ContentType => "memberDirectory";
    public string View => "/Features/Cities/MemberDirectory.cshtml";

    public ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var text = request.Site.Text;
        var all = content.Cities;
        string? Region(StrongCitiesPortal.Content.Publishing.PublishedContent c) => PortalContent.Facts(c).Text("region");
        string? Country(StrongCitiesPortal.Content.Publishing.PublishedContent c) => PortalContent.Facts(c).Text("country");

        // Only values some city has count as filters; anything else is ignored rather than refused.
        var region = request.Http.Query["region"].ToString();
        if (!all.Any(c => Region(c) == region))
            region = "";
        var country = request.Http.Query["country"].ToString().ToUpperInvariant();
        if (!all.Any(c => Country(c) == country))
            country = "";

        var shown = all.Where(c => (region.Length == 0 || Region(c) == region) && (country.Length == 0 || Country(c) == country))
            .OrderBy(c => router.NameOf(c.Key, culture), StringComparer.Create(PortalFormats.For(culture), true)).ToList();
        var comparer = StringComparer.Create(PortalFormats.For(culture), true);
        var regions = all.Select(Region).OfType<string>().Distinct()
            .Select(r => new FilterOption(r, text[r], r == region)).OrderBy(o => o.Label, comparer).ToList();
        var countries = all.Where(c => region.Length == 0 || Region(c) == region).Select(Country).OfType<string>().Distinct()
            .Select(c => new FilterOption(c, text.Country(c), c == country)).OrderBy(o => o.Label, comparer).ToList();

        var points = shown.Select(c => CityPoints.Of(c, culture, router)).OfType<MapPoint>().ToList();
        var filtered = region.Length > 0 || country.Length > 0;
        request.Site.Description = Cards.Shorten(request.Variant.Text("introduction"), 200);
        request.Site.NoIndex = filtered;
        return ValueTask.FromResult<object?>(new MemberDirectoryModel(
            request.Variant.Name,
            request.Variant.Text("introduction"),
            router.Url(request.Item.Key, culture)!,
            regions,
            countries,
            WorldMap.Frame(points, text.Format("{0} member cities shown", points.Count)),
            shown.Select(c => cards.For(c, culture, 200)).ToList(),
            filtered));
    }
}

/// <summary>A city's profile: what it does, its newest practices and events (each with a link to all of them) and steering-committee seat.</summary>
public sealed class MemberCityTemplate(PortalContent content, ContentRouter router, Cards cards) : IContentTemplate
{
    /// <summary>Practices and events shown on the profile; the library and the site-wide search have the rest.</summary>
    public const int ListSize = 6;

    public string ContentType => PortalContent.City;
    public string View => "/Features/Cities/MemberCity.cshtml";

    public async ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var text = request.Site.Text;
        var city = request.Item;
        var variant = request.Variant;
        var facts = PortalContent.Facts(city);
        var countryCode = facts.Text("country") ?? "";

        SeatModel? seat = null;
        if (content.SeatOf(city.Key) is { } member)
        {
            var memberFacts = PortalContent.Facts(member);
            seat = new SeatModel(text[memberFacts.Text("role") ?? "Member"], memberFacts.Text("person") ?? router.NameOf(member.Key, culture), router.Url(member.Key, culture));
        }
        var point = CityPoints.Of(city, culture, router);
        var website = facts.Text("website");
        var library = router.SectionUrl("practiceLibrary", culture);
        var segment = city.Variant(router.DefaultCulture)?.Segment ?? variant.Segment;
        var key = city.Key.ToString();
        var practices = await content.FirstAsync(
            new ListingQuery(culture, PortalContent.Practice) { Take = ListSize }.Where(PortalContent.CityFacet, key),
            p => cards.For(p, culture, 180),
            library is null ? null : $"{library}?city={Uri.EscapeDataString(segment)}",
            cancellationToken);
        var events = await content.FirstAsync(
            new ListingQuery(culture, PortalContent.Event, PortalContent.Report) { Take = ListSize }.Where(PortalContent.CityFacet, key),
            e => cards.For(e, culture, 160),
            null,
            cancellationToken);

        request.Site.Description = Cards.Shorten(variant.Text("summary"), 200);
        var place = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "City",
            ["name"] = variant.Name,
            ["description"] = variant.Text("summary"),
            ["containedInPlace"] = new JsonObject { ["@type"] = "Country", ["name"] = Countries.EnglishName(countryCode) },
        };
        if (point is not null)
            place["geo"] = new JsonObject { ["@type"] = "GeoCoordinates", ["latitude"] = point.Latitude, ["longitude"] = point.Longitude };
        if (StrongCitiesPortal.Content.Markdown.MarkdownRenderer.IsSafeUrl(website))
            place["sameAs"] = website;
        request.Site.StructuredData.Add(place);

        return new MemberCityModel(
            variant.Name,
            variant.Text("summary"),
            variant.Text("profile"),
            text.Country(countryCode),
            facts.Text("region") is { } region ? text[region] : null,
            PortalContent.Date(city, "dateJoined"),
            StrongCitiesPortal.Content.Markdown.MarkdownRenderer.IsSafeUrl(website) ? website : null,
            // The focal point's name and address are for staff (the backoffice); the public gets a form that relays.
            string.IsNullOrWhiteSpace(facts.Text("focalPointEmail")) ? null : $"/contact-city/{city.Key}" + (culture == router.DefaultCulture ? "" : $"?culture={culture}"),
            facts.Keys("themes").Select(k => router.LinkTo(k, culture)).OfType<Link>().ToList(),
            practices,
            events,
            seat,
            facts.Value("steeringCommitteeSeat") is { ValueKind: System.Text.Json.JsonValueKind.True } || seat is not null,
            router.SectionUrl("steeringCommittee", culture),
            WorldMap.Frame(point is null ? [] : [point], variant.Name));
    }
}
