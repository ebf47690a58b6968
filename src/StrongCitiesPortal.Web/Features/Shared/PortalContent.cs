using System.Text.Json;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.Shared;

/// <summary>The network's content as the public pages ask for it: practices of a city, events on a theme, and so on.</summary>
public sealed class PortalContent(PublishedContentCache cache, ContentRouter router)
{
    public const string Practice = "goodPractice";
    public const string City = "memberCity";
    public const string Theme = "theme";
    public const string Event = "event";
    public const string Report = "workshopReport";
    public const string News = "newsArticle";
    public const string Seat = "steeringCommitteeMember";

    public PublishedContentCache Cache => cache;

    public PublishedContent? Get(Guid key) => cache.Get(key);

    /// <summary>The facts every culture shares (dates, pickers, options): the default culture's values, else any.</summary>
    public static PublishedVariant Facts(PublishedContent item) =>
        item.Variant(item.DefaultCulture) ?? item.Variants.Values.First();

    public IReadOnlyList<PublishedContent> OfType(string type) =>
        cache.OfType(type).OrderBy(i => i.SortOrder).ThenBy(i => i.Id).ToList();

    public IReadOnlyList<PublishedContent> Themes => OfType(Theme);

    public IReadOnlyList<PublishedContent> Cities => cache.OfType(City).OrderBy(c => router.NameOf(c.Key, router.DefaultCulture), StringComparer.CurrentCulture).ToList();

    /// <summary>The date an item is filed under: publication, start or publish date, else when it was created.</summary>
    public static DateOnly DateOf(PublishedContent item)
    {
        var facts = Facts(item);
        foreach (var alias in new[] { "publishDate", "startDate", "publicationDate" })
        {
            if (PortalFormats.ParseDate(facts.Text(alias)) is { } date)
                return date;
        }
        return DateOnly.FromDateTime(item.CreateDate.UtcDateTime);
    }

    public static DateOnly? Date(PublishedContent item, string alias) => PortalFormats.ParseDate(Facts(item).Text(alias));

    public IReadOnlyList<PublishedContent> Newest(string type, int take = int.MaxValue) =>
        cache.OfType(type).OrderByDescending(DateOf).ThenByDescending(i => i.CreateDate).Take(take).ToList();

    public IReadOnlyList<PublishedContent> Referring(string type, string alias, Guid key) =>
        cache.OfType(type).Where(i => Facts(i).Keys(alias).Contains(key)).OrderByDescending(DateOf).ToList();

    public IReadOnlyList<PublishedContent> PracticesOfCity(Guid city) => Referring(Practice, "cities", city);

    public IReadOnlyList<PublishedContent> OnTheme(string type, Guid theme) => Referring(type, "themes", theme);

    public IReadOnlyList<PublishedContent> EventsOfCity(Guid city) =>
        Referring(Event, "hostCities", city).Concat(Referring(Report, "hostCity", city)).OrderByDescending(DateOf).ToList();

    public PublishedContent? SeatOf(Guid city) => cache.OfType(Seat).FirstOrDefault(s => Facts(s).Keys("city").Contains(city));

    /// <summary>The regions of the cities behind a practice (practices carry cities, cities carry regions).</summary>
    public IReadOnlyList<string> RegionsOf(PublishedContent practice) =>
        Facts(practice).Keys("cities").Select(cache.Get).OfType<PublishedContent>()
            .Select(c => Facts(c).Text("region")).OfType<string>().Distinct().ToList();

    /// <summary>Practices sharing the most themes, cities and kind with this one.</summary>
    public IReadOnlyList<PublishedContent> RelatedPractices(PublishedContent practice, int take)
    {
        var facts = Facts(practice);
        var themes = facts.Keys("themes").ToHashSet();
        var cities = facts.Keys("cities").ToHashSet();
        var kind = facts.Text("kind");
        return cache.OfType(Practice)
            .Where(p => p.Key != practice.Key)
            .Select(p =>
            {
                var other = Facts(p);
                var score = other.Keys("themes").Count(themes.Contains) * 3 + other.Keys("cities").Count(cities.Contains) * 2 + (other.Text("kind") == kind ? 1 : 0);
                return (Practice: p, Score: score);
            })
            .Where(x => x.Score > 1)
            .OrderByDescending(x => x.Score).ThenByDescending(x => DateOf(x.Practice))
            .Take(take).Select(x => x.Practice).ToList();
    }

    /// <summary>The workshop reports that recommend a practice among their resources.</summary>
    public IReadOnlyList<PublishedContent> ReportsRecommending(Guid practice) =>
        cache.OfType(Report).Where(r => r.Variants.Values.Any(v => Blocks(v, "recommendedResources").Any(b => Keys(b, "resource").Contains(practice))))
            .OrderByDescending(DateOf).ToList();

    /// <summary>The values of each block of a block-list property.</summary>
    public static IReadOnlyList<JsonElement> Blocks(PublishedVariant variant, string alias) =>
        variant.Value(alias) is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object).Select(b => b.GetProperty("values")).ToList()
            : [];

    public static string? BlockText(JsonElement values, string alias) =>
        values.TryGetProperty(alias, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static IReadOnlyList<Guid> Keys(JsonElement values, string alias) =>
        !values.TryGetProperty(alias, out var v) ? []
        : v.ValueKind == JsonValueKind.String ? (Guid.TryParse(v.GetString(), out var one) ? [one] : [])
        : v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => Guid.TryParse(e.GetString(), out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList()
        : [];

    /// <summary>The resource group a practice falls in on a theme page, the way workshop reports group recommendations.</summary>
    public static string ResourceGroup(string? kind) => kind switch
    {
        "Toolkit, guide or template" or "Training" or "Policy" => "Tools, templates and guides",
        "Evaluation" or "Research" => "Evaluations",
        _ => "Specific initiatives",
    };

    public static readonly string[] ResourceGroups = ["Tools, templates and guides", "Specific initiatives", "Evaluations"];
}
