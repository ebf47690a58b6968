using System.Text.Json;
using System.Text.RegularExpressions;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Tests.Web.Features;

[Category("Database")]
public sealed partial class SiteTextTests
{
    private static readonly string Features = Path.Combine(TestPostgres.RepositoryRoot, "src", "StrongCitiesPortal.Web", "Features");

    // Each notice exists in the one language it is shown in.
    private static readonly string[] OneLanguageOnly =
    [
        "This page has not been translated into French yet; it is shown in English.",
        "This page has not been translated into Arabic yet; it is shown in English.",
    ];

    [GeneratedRegex("""\b(?:T|text|Text)(?:\[|\.Format\()"((?:[^"\\]|\\.)*)"|messages\.Add\("((?:[^"\\]|\\.)*)"\)""")]
    private static partial Regex Lookup();

    [Test]
    public void Every_word_the_pages_look_up_has_a_french_and_an_arabic_translation()
    {
        var words = Directory.EnumerateFiles(Features, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => Lookup().Matches(File.ReadAllText(f)))
            .Select(m => (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).Replace("\\\"", "\"", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        words.Count.ShouldBeGreaterThan(100);
        var missing = words.Where(w => !new SiteText("fr").Has(w) || !new SiteText("ar").Has(w)).ToList();
        missing.ShouldBeEmpty();
    }

    [Test]
    public void Every_option_value_shown_on_the_pages_is_translated()
    {
        var shown = new[] { ("goodPractice", "kind"), ("goodPractice", "evaluationStatus"), ("goodPractice", "language"), ("memberCity", "region"), ("event", "kind"), ("steeringCommitteeMember", "role"), ("recommendedResource", "kind") };
        var missing = new List<string>();
        foreach (var (type, property) in shown)
        {
            using var definition = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPostgres.ModelPath, "document-types", type + ".json")));
            var options = definition.RootElement.GetProperty("properties").EnumerateArray()
                .Single(p => p.GetProperty("alias").GetString() == property).GetProperty("options").EnumerateArray().Select(o => o.GetString()!);
            missing.AddRange(options.Where(o => !new SiteText("fr").Has(o) || !new SiteText("ar").Has(o)));
        }
        missing.ShouldBeEmpty();
    }

    [Test]
    public void Words_without_a_translation_are_shown_in_english()
    {
        SiteText.Translate("A sentence nobody translated", "ar").ShouldBe("A sentence nobody translated");
        SiteText.Translate(OneLanguageOnly[0], "ar").ShouldBe(OneLanguageOnly[0]);
        SiteText.Translate("Search", "fr").ShouldBe("Rechercher");
    }

    [TestCase("GB", "fr", "Royaume-Uni")]
    [TestCase("GB", "ar", "المملكة المتحدة")]
    [TestCase("GB", "en", "United Kingdom")]
    [TestCase("IS", "fr", "Iceland")]
    public void Countries_are_named_in_the_readers_language_where_known(string code, string culture, string expected) =>
        CountryNames.Name(code, culture).ShouldBe(expected);

    [Test]
    public void Arabic_dates_stay_on_the_gregorian_calendar()
    {
        var date = new DateOnly(2022, 6, 1);

        PortalFormats.Date(date, "ar").ShouldContain("2022");
        PortalFormats.Date(date, "fr").ShouldBe("1 juin 2022");
        PortalFormats.Date(date, "en").ShouldBe("1 June 2022");
    }
}
