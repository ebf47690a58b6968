using System.Text.Json.Nodes;
using StrongCitiesPortal.Web.Features.Content;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Practices;

public sealed record GoodPracticeModel(
    string Name,
    string? Summary,
    string? Body,
    string? Kind,
    string? KindUrl,
    string? Evaluation,
    string? EvaluationUrl,
    IReadOnlyList<Link> Themes,
    IReadOnlyList<Link> Cities,
    IReadOnlyList<Link> Countries,
    IReadOnlyList<string> Organisations,
    string? Language,
    DateOnly? Published,
    string? ExternalLink,
    IReadOnlyList<Attachment> Attachments,
    IReadOnlyList<Link> RecommendedIn,
    IReadOnlyList<CardModel> Related);

/// <summary>A practice: what it is, its themes, cities, organisations, attachments, evaluation status and related practices.</summary>
public sealed class GoodPracticeTemplate(PortalContent content, ContentRouter router, Cards cards, IPracticeAttachments attachments) : IContentTemplate
{
    public string ContentType => PortalContent.Practice;
    public string View => "/Features/Practices/GoodPractice.cshtml";

    public async ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var text = request.Site.Text;
        var variant = request.Variant;
        var facts = PortalContent.Facts(request.Item);
        var library = router.SectionUrl("practiceLibrary", culture);
        string? Filter(string facet, string? value) => library is null || value is null ? null : $"{library}?{facet}={Uri.EscapeDataString(value)}";

        var themes = facts.Keys("themes").Select(k => router.LinkTo(k, culture)).OfType<Link>().ToList();
        var cities = facts.Keys("cities").Select(k => router.LinkTo(k, culture)).OfType<Link>().ToList();
        var countries = facts.Strings("countries").Select(c => new Link(text.Country(c), Filter(PracticeFacets.Country, c))).ToList();
        var kind = facts.Text("kind");
        var evaluation = facts.Text("evaluationStatus");
        var external = facts.Text("externalLink");
        var published = PortalContent.Date(request.Item, "publicationDate");

        request.Site.Description = Cards.Shorten(variant.Text("summary"), 200);
        request.Site.OpenGraphType = "article";
        var data = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "CreativeWork",
            ["name"] = variant.Name,
            ["description"] = variant.Text("summary"),
            ["url"] = request.Site.Absolute(router.Url(request.Item.Key, variant.Culture) ?? ""),
            ["inLanguage"] = variant.Culture,
            ["genre"] = kind,
            ["keywords"] = string.Join(", ", themes.Select(t => t.Text)),
            ["author"] = new JsonArray(facts.Strings("organisations").Select(o => (JsonNode)new JsonObject { ["@type"] = "Organization", ["name"] = o }).ToArray()),
            ["spatialCoverage"] = new JsonArray(cities.Select(c => (JsonNode)new JsonObject { ["@type"] = "City", ["name"] = c.Text }).ToArray()),
        };
        if (published is { } date)
            data["datePublished"] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (external is not null)
            data["sameAs"] = external;
        request.Site.StructuredData.Add(data);

        var related = await content.RelatedPracticesAsync(request.Item, culture, 4, cancellationToken);
        return new GoodPracticeModel(
            variant.Name,
            variant.Text("summary"),
            variant.Text("body"),
            kind is null ? null : text[kind],
            Filter(PracticeFacets.Kind, kind),
            evaluation is null ? null : text[evaluation],
            Filter(PracticeFacets.Evaluation, evaluation),
            themes,
            cities,
            countries,
            facts.Strings("organisations"),
            facts.Text("language") is { } language ? text[language] : null,
            published,
            StrongCitiesPortal.Content.Markdown.MarkdownRenderer.IsSafeUrl(external) ? external : null,
            facts.Keys("attachments").Select(attachments.Find).OfType<Attachment>().ToList(),
            content.ReportsRecommending(request.Item.Key).Select(r => router.LinkTo(r.Key, culture)).OfType<Link>().ToList(),
            related.Select(p => cards.For(p, culture, 160)).ToList());
    }
}
