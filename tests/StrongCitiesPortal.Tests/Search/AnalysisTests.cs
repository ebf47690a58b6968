using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Ar;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>The analysis the index and the queries share: its faster parts must give exactly what Lucene's own give.</summary>
[Category("Unit")]
public sealed class AnalysisTests
{
    private static readonly string[] Texts =
    [
        "Community-led MENTORING Hub in Mombasa: THE youth and THEIR families",
        "Suivi et ÉVALUATION à Montréal, L'ÉTÉ DES écoles, Qu'ELLES AVAIENT",
        "ÆSIR Œuvre STRASSE İstanbul ΣΊΣΥΦΟΣ Ÿ µ ß ×÷",
        "مدينة قويّة الشبـاب في المدن وهي KELVIN \u212A",
        "Mixed ÀSCII and plain WORDS 2024 x\U0001D400y",
    ];

    [Test]
    public void Lower_casing_in_place_gives_what_ICU_gives_for_every_character()
    {
        var utils = CharacterUtils.GetInstance(SearchSchema.Version);
        var differing = new List<string>();
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (char.IsSurrogate((char)c))
                continue;
            var fast = new[] { (char)c };
            if (!InvariantLowerCaseFilter.TryLowerInPlace(fast))
                continue;
            var lucene = new[] { (char)c };
            utils.ToLower(lucene, 0, 1);
            if (fast[0] != lucene[0])
                differing.Add($"U+{c:X4}");
        }

        differing.ShouldBeEmpty();
        InvariantLowerCaseFilter.TryLowerInPlace("Αθήνα".ToCharArray()).ShouldBeFalse();
    }

    [TestCase("en")]
    [TestCase("fr")]
    [TestCase("ar")]
    public void Each_culture_analyses_as_with_Lucene_own_filters(string culture)
    {
        using var reference = Reference(culture);
        var analyzer = CultureAnalyzer.For(culture);

        foreach (var text in Texts)
            CultureAnalyzer.Terms(analyzer, "body." + culture, text).ShouldBe(CultureAnalyzer.Terms(reference, "body." + culture, text), text);
    }

    [Test]
    public void English_function_words_are_dropped_whatever_their_case()
    {
        CultureAnalyzer.Terms(CultureAnalyzer.For("en"), "name.en", "The HOW and Into Mentoring THEIR hubs")
            .ShouldBe(["mentor", "hub"]);
    }

    /// <summary>The chains as they were built from Lucene's LowerCaseFilter and stop sets (English's folding case itself).</summary>
    private static Analyzer Reference(string culture) => Analyzer.NewAnonymous((_, reader) =>
    {
        var source = new StandardTokenizer(SearchSchema.Version, reader);
        TokenStream stream = culture switch
        {
            "en" => new PorterStemFilter(new ASCIIFoldingFilter(new StopFilter(SearchSchema.Version,
                new LowerCaseFilter(SearchSchema.Version, new EnglishPossessiveFilter(SearchSchema.Version, source)), EnglishStopWords()))),
            "fr" => new ASCIIFoldingFilter(new SnowballFilter(new StopFilter(SearchSchema.Version,
                new LowerCaseFilter(SearchSchema.Version, new ElisionFilter(source, FrenchAnalyzer.DEFAULT_ARTICLES)), FrenchAnalyzer.DefaultStopSet),
                new Lucene.Net.Tartarus.Snowball.Ext.FrenchStemmer())),
            _ => new ArabicStemFilter(new ArabicNormalizationFilter(new StopFilter(SearchSchema.Version,
                new LowerCaseFilter(SearchSchema.Version, source), ArabicAnalyzer.DefaultStopSet))),
        };
        return new TokenStreamComponents(source, stream);
    });

    private static CharArraySet EnglishStopWords() => new(SearchSchema.Version, CultureAnalyzer.EnglishStopWords, ignoreCase: true);
}
