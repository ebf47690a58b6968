using Microsoft.AspNetCore.Html;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.Shared;

/// <summary>A linked summary of one item, as lists and grids show it.</summary>
public sealed record CardModel(string? Url, string Title, string? Meta, string? Summary, string? Lang, string? Badge = null, IHtmlContent? Snippet = null)
{
    /// <summary>The level of the card's heading: 3 under a section's h2, 2 directly under the page's h1.</summary>
    public int HeadingLevel { get; init; } = 3;

    /// <summary>A practice's optional cover image (decorative: the card's title says what it is).</summary>
    public string? ImageUrl { get; init; }
}

/// <summary>The first few of a list as cards, how many it has in all, and where to see them all (when there are more).</summary>
public sealed record CappedCards(IReadOnlyList<CardModel> Items, int Total, string? MoreUrl)
{
    public static readonly CappedCards None = new([], 0, null);
}

/// <summary>Builds cards for any live item in a reader's culture, marking text shown in another language.</summary>
public sealed class Cards(ContentRouter router, Practices.IPracticeAttachments attachments)
{
    public CardModel For(PublishedContent item, string culture, int summaryLength = 240, IHtmlContent? snippet = null)
    {
        var shown = router.Shown(item, culture)!;
        var facts = PortalContent.Facts(item);
        var text = new SiteText(culture);
        var date = PortalContent.DateOf(item);
        var meta = item.ContentType switch
        {
            PortalContent.Practice => Join(text[facts.Text("kind") ?? ""], facts.Strings("countries").Select(text.Country), Year(facts)),
            PortalContent.City => Join(text.Country(facts.Text("country") ?? ""), [], text[facts.Text("region") ?? ""]),
            PortalContent.Event => Join(text[facts.Text("kind") ?? ""], [], PortalFormats.Date(date, culture)),
            PortalContent.Report => Join(text["Workshop report"], [], PortalFormats.Date(date, culture)),
            PortalContent.News => PortalFormats.Date(date, culture),
            _ => null,
        };
        var badge = item.ContentType == PortalContent.Practice && facts.Text("evaluationStatus") is { } status && status != "Not evaluated" ? text[status] : null;
        return new CardModel(
            router.Url(item.Key, culture),
            shown.Name,
            meta,
            Shorten(shown.Text("summary"), summaryLength),
            shown.Culture != culture && item.VariesByCulture ? shown.Culture : null,
            badge,
            snippet)
        {
            ImageUrl = item.ContentType == PortalContent.Practice ? CoverOf(facts) : null,
        };
    }

    // Only an approved image: the attachments source leaves out uploads still awaiting review.
    private string? CoverOf(PublishedVariant facts) =>
        Guid.TryParse(facts.Strings("coverImage").FirstOrDefault(), out var key) && attachments.Find(key) is { MediaType: { } type } cover
            && type.StartsWith("image/", StringComparison.Ordinal)
            ? cover.Url
            : null;

    private static string? Year(PublishedVariant facts) =>
        PortalFormats.ParseDate(facts.Text("publicationDate")) is { } d ? d.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    private static string Join(string first, IEnumerable<string> middle, string? last) =>
        string.Join(" · ", new[] { first }.Concat(middle).Append(last ?? "").Where(s => !string.IsNullOrWhiteSpace(s)));

    public static string? Shorten(string? text, int length)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length <= length)
            return text;
        var cut = text.LastIndexOf(' ', length);
        return text[..(cut > length / 2 ? cut : length)].TrimEnd(',', ';', ':', '.') + "…";
    }
}
