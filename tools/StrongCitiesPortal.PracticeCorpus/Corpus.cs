using System.Globalization;
using System.Text;

namespace StrongCitiesPortal.PracticeCorpus;

/// <summary>
/// Plausible good practices built from the starter content's vocabulary: themes and cities by name (so
/// the import resolves them), countries by ISO code, a Markdown body, a French translation for some.
/// </summary>
public sealed class Corpus(int seed)
{
    public static readonly string[] Columns =
    [
        "externalId", "name", "summary", "body", "kind", "themes", "cities", "countries", "organisations",
        "language", "publicationDate", "externalLink", "evaluationStatus", "name:fr", "summary:fr",
    ];

    private static readonly string[] Kinds = ["Case study", "Toolkit, guide or template", "Evaluation", "Training", "Initiative", "Policy", "Research"];
    private static readonly string[] Languages = ["English", "English", "English", "French", "Arabic", "German", "Swedish", "Other"];
    private static readonly string[] Evaluations = ["Not evaluated", "Evaluated", "Peer-reviewed"];

    private static readonly string[] Themes =
    [
        "National-local cooperation", "Monitoring and evaluation", "Private sector and tech partnerships", "Grassroots and civil society",
        "Online harms and disinformation", "Hate crime", "Safeguarding", "Youth", "Social cohesion and resilience",
        "City-to-city cooperation", "Women and communities", "Prevention frameworks and whole-of-society approaches",
        "Understanding the threat landscape",
    ];

    private static readonly (string City, string Country)[] Cities =
    [
        ("London", "GB"), ("Paris", "FR"), ("Birmingham", "GB"), ("Leicester", "GB"), ("Luton", "GB"), ("Manchester", "GB"),
    ];

    private static readonly string[] OtherCountries = ["DE", "SE", "DK", "NO", "NL", "BE", "KE", "NG", "JO", "LB", "TN", "US", "CA", "AU", "ID", "PK"];

    private static readonly string[] Adjectives =
    [
        "Community-led", "Multi-agency", "School-based", "Online", "Neighbourhood", "Faith-based", "Youth-led", "City-wide",
        "Cross-border", "Women-led", "Sports-based", "Restorative", "Early-intervention", "Digital", "Participatory", "Local",
    ];

    private static readonly string[] Topics =
    [
        "mentoring", "hate crime reporting", "disinformation literacy", "family support", "exit work", "dialogue circles",
        "frontline training", "counter-narrative campaigns", "safeguarding referrals", "victim support", "street outreach",
        "prison aftercare", "social media monitoring", "interfaith dialogue", "resilience building", "risk assessment",
    ];

    private static readonly string[] Formats =
    [
        "programme", "toolkit", "pilot", "partnership", "network", "hub", "handbook", "evaluation", "strategy", "workshop series",
    ];

    private static readonly string[] Sentences =
    [
        "It brings together municipal staff, police, schools and civil society around a shared referral process.",
        "Practitioners meet every month to review cases and agree who acts next.",
        "The approach was adapted from a neighbouring city and tested with two districts first.",
        "Young people helped design the materials, which are available in several languages.",
        "An independent evaluation found fewer repeat incidents in the areas it covered.",
        "Funding comes from the city budget with support from a national prevention fund.",
        "Trained mentors work with each participant for six to twelve months.",
        "Local businesses and tech companies contribute expertise and meeting space.",
        "The guidance explains roles, data sharing and safeguarding duties in plain language.",
        "Results are shared with other member cities through the network's working groups.",
        "Residents can report concerns online or in person at community centres.",
        "The team tracks outcomes with a small set of indicators agreed with partners.",
    ];

    private static readonly string[] PhrasesFr =
    [
        "Une approche locale de prévention menée avec les acteurs de terrain.",
        "Un dispositif qui réunit la ville, l'école, la police et les associations.",
        "Des mentors accompagnent chaque participant pendant plusieurs mois.",
        "Une évaluation indépendante a mesuré ses effets dans deux quartiers.",
    ];

    private readonly Random _random = new(seed);

    public Dictionary<string, object?> Next(int n)
    {
        var title = $"{Pick(Adjectives)} {Pick(Topics)} {Pick(Formats)}";
        var cities = Enumerable.Range(0, _random.Next(0, 3)).Select(_ => Pick(Cities)).DistinctBy(c => c.City).ToList();
        var place = cities.Count > 0 ? cities[0].City : "member cities";
        var countries = cities.Select(c => c.Country).Concat(cities.Count == 0 ? [Pick(OtherCountries)] : []).Distinct().ToList();
        var year = 2012 + _random.Next(0, 14);
        var record = new Dictionary<string, object?>
        {
            ["externalId"] = $"corpus-{n:D6}",
            ["name"] = $"{title} in {place} ({year}) #{n}",
            ["summary"] = string.Join(' ', Enumerable.Range(0, 2 + _random.Next(0, 3)).Select(_ => Pick(Sentences))),
            ["body"] = Body(title, place),
            ["kind"] = Pick(Kinds),
            ["themes"] = Enumerable.Range(0, 1 + _random.Next(0, 3)).Select(_ => Pick(Themes)).Distinct().ToList(),
            ["cities"] = cities.Select(c => c.City).ToList(),
            ["countries"] = countries,
            ["organisations"] = new List<string> { $"{place} City Council", Pick(["Strong Cities Network", "RAN Practitioners", "GCTF", "Local police", "Youth services"]) },
            ["language"] = Pick(Languages),
            ["publicationDate"] = new DateOnly(year, 1 + _random.Next(0, 12), 1 + _random.Next(0, 28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["externalLink"] = $"https://example.org/practices/{n}",
            ["evaluationStatus"] = Pick(Evaluations),
        };
        if (_random.Next(0, 5) == 0)
        {
            record["name:fr"] = $"Pratique {n} : {Pick(Topics)} à {place}";
            record["summary:fr"] = Pick(PhrasesFr);
        }
        return record;
    }

    private string Body(string title, string place)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"## About the {title.ToLowerInvariant()}\n\n");
        body.AppendJoin(' ', Enumerable.Range(0, 3).Select(_ => Pick(Sentences))).Append("\n\n");
        body.Append(CultureInfo.InvariantCulture, $"## What {place} learned\n\n");
        foreach (var _ in Enumerable.Range(0, 2 + _random.Next(0, 3)))
            body.Append("- ").Append(Pick(Sentences)).Append('\n');
        return body.ToString().TrimEnd();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
