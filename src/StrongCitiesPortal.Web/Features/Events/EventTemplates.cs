using System.Globalization;
using System.Text.Json.Nodes;
using StrongCitiesPortal.Content.Markdown;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Querying;
using StrongCitiesPortal.Web.Features.Content;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Events;

public sealed record EventListModel(string Title, string? Introduction, IReadOnlyList<CardModel> Upcoming, IReadOnlyList<CardModel> Past, IReadOnlyList<CardModel> Reports);

public sealed record EventModel(
    string Name,
    string? Kind,
    DateOnly Start,
    DateOnly? End,
    string? Location,
    IReadOnlyList<Link> HostCities,
    string? Summary,
    string? Outcomes,
    IReadOnlyList<Link> Reports,
    IReadOnlyList<Link> Themes);

public sealed record ReportSection(string Id, string Heading, string? Body, IReadOnlyList<Link> Themes, IReadOnlyList<Link> Practices, string? MoreUrl);
public sealed record RecommendedItem(string Title, string? Url, string? Kind, string? Note, bool InLibrary);
public sealed record RecommendedGroup(Link Theme, IReadOnlyList<RecommendedItem> Items);

public sealed record WorkshopReportModel(
    string Name,
    DateOnly Start,
    DateOnly? End,
    Link? HostCity,
    IReadOnlyList<string> Partners,
    int? Participants,
    IReadOnlyList<string> Countries,
    string? Summary,
    string? Introduction,
    IReadOnlyList<ReportSection> Takeaways,
    IReadOnlyList<ReportSection> NextSteps,
    IReadOnlyList<RecommendedGroup> Resources,
    string? ChathamHouseNote,
    IReadOnlyList<Link> Themes,
    IReadOnlyList<Link> Events);

/// <summary>Upcoming and past events and the workshop reports, newest first.</summary>
public sealed class EventListTemplate(PortalContent content, Cards cards, TimeProvider clock) : IContentTemplate
{
    public string ContentType => "eventList";
    public string View => "/Features/Events/EventList.cshtml";

    public ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var events = content.Newest(PortalContent.Event);
        DateOnly EndOf(PublishedContent e) => PortalContent.Date(e, "endDate") ?? PortalContent.DateOf(e);
        request.Site.Description = Cards.Shorten(request.Variant.Text("introduction"), 200);
        return ValueTask.FromResult<object?>(new EventListModel(
            request.Variant.Name,
            request.Variant.Text("introduction"),
            events.Where(e => EndOf(e) >= today).Reverse().Select(e => cards.For(e, culture, 220)).ToList(),
            events.Where(e => EndOf(e) < today).Select(e => cards.For(e, culture, 220)).ToList(),
            content.Newest(PortalContent.Report).Select(r => cards.For(r, culture, 220)).ToList()));
    }
}

/// <summary>An event: when, where, who hosted it, what came of it and its reports.</summary>
public sealed class EventTemplate(ContentRouter router) : IContentTemplate
{
    public string ContentType => PortalContent.Event;
    public string View => "/Features/Events/Event.cshtml";

    public ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var facts = PortalContent.Facts(request.Item);
        var variant = request.Variant;
        var start = PortalContent.DateOf(request.Item);
        var end = PortalContent.Date(request.Item, "endDate");
        request.Site.Description = Cards.Shorten(variant.Text("summary"), 200);
        var data = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Event",
            ["name"] = variant.Name,
            ["description"] = variant.Text("summary"),
            ["startDate"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode",
            ["eventStatus"] = "https://schema.org/EventScheduled",
            ["organizer"] = new JsonObject { ["@type"] = "Organization", ["name"] = "Strong Cities Network" },
        };
        if (end is { } e)
            data["endDate"] = e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (facts.Text("location") is { } location)
            data["location"] = new JsonObject { ["@type"] = "Place", ["name"] = location, ["address"] = location };
        request.Site.StructuredData.Add(data);
        return ValueTask.FromResult<object?>(new EventModel(
            variant.Name,
            facts.Text("kind") is { } kind ? request.Site.Text[kind] : null,
            start,
            end,
            facts.Text("location"),
            Links(facts.Keys("hostCities"), culture),
            variant.Text("summary"),
            variant.Text("outcomes"),
            Links(facts.Keys("linkedReports"), culture),
            Links(facts.Keys("themes"), culture)));
    }

    private List<Link> Links(IEnumerable<Guid> keys, string culture) => keys.Select(k => router.LinkTo(k, culture)).OfType<Link>().ToList();
}

/// <summary>A workshop report: its takeaways and next steps as sections, each linked to practices on its themes, and resources by theme.</summary>
public sealed class WorkshopReportTemplate(PortalContent content, ContentRouter router) : IContentTemplate
{
    public string ContentType => PortalContent.Report;
    public string View => "/Features/Events/WorkshopReport.cshtml";

    /// <summary>Practices linked from each takeaway or next step; the library link has them all.</summary>
    public const int PracticesPerSection = 5;

    public async ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var facts = PortalContent.Facts(request.Item);
        var variant = request.Variant;
        var library = router.SectionUrl("practiceLibrary", culture);

        // Practices on a section's themes, those on the most of them first, newest first among equals.
        async Task<IReadOnlyList<Link>> PracticesOn(IReadOnlyList<Guid> themes)
        {
            if (themes.Count == 0)
                return [];
            var listing = await content.ListAsync(new ListingQuery(culture, PortalContent.Practice)
            {
                Affinity = themes.Select(t => new FacetAffinity(PortalContent.ThemeFacet, t.ToString(), 1)).ToList(),
                AffinityFloor = 0,
                Take = PracticesPerSection,
            }, cancellationToken);
            return listing.Items.Select(p => router.LinkTo(p.Key, culture)).OfType<Link>().ToList();
        }

        async Task<ReportSection> Section(string prefix, int number, System.Text.Json.JsonElement block)
        {
            var themes = PortalContent.Keys(block, "themes");
            var practices = await PracticesOn(themes);
            var segments = themes.Select(t => content.Get(t)?.Variant(router.DefaultCulture)?.Segment).OfType<string>().ToList();
            var more = library is null || segments.Count == 0 ? null : library + "?" + string.Join('&', segments.Select(s => "theme=" + Uri.EscapeDataString(s)));
            return new ReportSection(
                $"{prefix}-{number}",
                PortalContent.BlockText(block, "heading") ?? "",
                PortalContent.BlockText(block, "body"),
                themes.Select(t => router.LinkTo(t, culture)).OfType<Link>().ToList(),
                practices,
                more);
        }

        var takeaways = new List<ReportSection>();
        foreach (var (block, i) in PortalContent.Blocks(variant, "keyTakeaways").Select((b, i) => (b, i)))
            takeaways.Add(await Section("takeaway", i + 1, block));
        var nextSteps = new List<ReportSection>();
        foreach (var (block, i) in PortalContent.Blocks(variant, "nextSteps").Select((b, i) => (b, i)))
            nextSteps.Add(await Section("next-step", i + 1, block));
        var resources = PortalContent.Blocks(variant, "recommendedResources")
            .Select(b =>
            {
                var theme = PortalContent.Keys(b, "theme").FirstOrDefault();
                var resource = PortalContent.Keys(b, "resource").FirstOrDefault();
                var inLibrary = resource != Guid.Empty ? router.Url(resource, culture) : null;
                var external = PortalContent.BlockText(b, "url");
                var kind = PortalContent.BlockText(b, "kind");
                return (Theme: theme, Item: new RecommendedItem(
                    PortalContent.BlockText(b, "title") ?? router.NameOf(resource, culture),
                    inLibrary ?? (MarkdownRenderer.IsSafeUrl(external) ? external : null),
                    kind is null ? null : request.Site.Text[kind],
                    PortalContent.BlockText(b, "note"),
                    inLibrary is not null));
            })
            .GroupBy(r => r.Theme)
            .Select(g => new RecommendedGroup(router.LinkTo(g.Key, culture) ?? new Link("", null), g.Select(x => x.Item).ToList()))
            .ToList();

        var start = PortalContent.DateOf(request.Item);
        request.Site.Description = Cards.Shorten(variant.Text("summary"), 200);
        request.Site.OpenGraphType = "article";
        request.Site.StructuredData.Add(new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Report",
            ["name"] = variant.Name,
            ["headline"] = variant.Name,
            ["description"] = variant.Text("summary"),
            ["inLanguage"] = variant.Culture,
            ["datePublished"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = "Strong Cities Network" },
        });

        var hostCity = facts.Keys("hostCity").FirstOrDefault();
        return new WorkshopReportModel(
            variant.Name,
            start,
            PortalContent.Date(request.Item, "endDate"),
            hostCity == Guid.Empty ? null : router.LinkTo(hostCity, culture),
            facts.Strings("partners"),
            facts.Value("participantCount") is { } count ? count.GetInt32() : null,
            facts.Strings("countriesRepresented").Select(c => request.Site.Text.Country(c)).ToList(),
            variant.Text("summary"),
            variant.Text("introduction"),
            takeaways,
            nextSteps,
            resources,
            variant.Text("chathamHouseNote"),
            facts.Keys("themes").Select(t => router.LinkTo(t, culture)).OfType<Link>().ToList(),
            content.Referring(PortalContent.Event, "linkedReports", request.Item.Key).Select(e => router.LinkTo(e.Key, culture)).OfType<Link>().ToList());
    }
}
