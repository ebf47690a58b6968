using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>The analysis the index and the queries share: its faster parts must give exactly what Lucene's own give.</summary>
[Category("Unit")]
public sealed class AnalysisTests
{
    [TestCase("Community-led MENTORING Hub in Mombasa")]
    [TestCase("Suivi et ÉVALUATION à Montréal, L'ÉTÉ")]
    [TestCase("ÆSIR Œuvre STRASSE İstanbul ΣΊΣΥΦΟΣ")]
    [TestCase("مدينة قويّة الشبـاب KELVIN \u212A")]
    [TestCase("Mixed ÀSCII and plain WORDS 2024 x\U0001D400y")]
    public void Lower_casing_gives_what_Lucene_gives(string text)
    {
        Terms(source => new InvariantLowerCaseFilter(source), text)
            .ShouldBe(Terms(source => new LowerCaseFilter(SearchSchema.Version, source), text));
    }

    [Test]
    public void English_function_words_are_dropped_whatever_their_case()
    {
        CultureAnalyzer.Terms(CultureAnalyzer.For("en"), "name.en", "The HOW and Into Mentoring THEIR hubs")
            .ShouldBe(["mentor", "hub"]);
    }

    private static List<string> Terms(Func<TokenStream, TokenStream> lowerCase, string text)
    {
        using var analyzer = Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new StandardTokenizer(SearchSchema.Version, reader);
            return new TokenStreamComponents(source, lowerCase(source));
        });
        return CultureAnalyzer.Terms(analyzer, "text", text);
    }
}
