using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>The query language, as a table: what people type, and the clauses it becomes.</summary>
[Category("Unit")]
public sealed class QueryParserTests
{
    private static readonly QueryParser Parser = new(maxTerms: 12);

    // + must, - must not, | between alternatives, "…" a phrase, * completed as a prefix.
    [TestCase("private sector", "+private +sector*")]
    [TestCase("private sector ", "+private +sector")]
    [TestCase("\"hate crime\" london", "+\"hate crime\" +london*")]
    [TestCase("youth OR women", "+youth|women*")]
    [TestCase("youth | women ", "+youth|women")]
    [TestCase("prevention -london ", "+prevention -london")]
    [TestCase("prevention -\"hate crime\"", "+prevention -\"hate crime\"")]
    [TestCase("\"unclosed phrase", "+unclosed +phrase*")]
    [TestCase("a \"b c\" \"d", "+a +\"b c\" +d*")]
    [TestCase("OR youth OR", "+youth")]
    [TestCase("-- !!! ??? ", "")]
    [TestCase("well-being ", "+well-being")]
    [TestCase("M&E", "+M&E")]
    [TestCase("“smart quotes”", "+\"smart quotes\"")]
    [TestCase("\"single\"", "+single")]
    [TestCase("-", "")]
    [TestCase("", "")]
    public void A_query_becomes_its_clauses(string query, string expected)
    {
        Describe(Parser.Parse(query)).ShouldBe(expected);
    }

    [Test]
    public void A_query_of_more_terms_than_allowed_keeps_the_first_and_says_so()
    {
        var parsed = new QueryParser(maxTerms: 3).Parse("one two three four five");

        Describe(parsed).ShouldBe("+one +two +three");
        parsed.Notices.ShouldHaveSingleItem().ShouldContain("first 3");
    }

    [Test]
    public void An_unmatched_quote_is_ignored_with_a_notice()
    {
        Parser.Parse("\"hate crime").Notices.ShouldHaveSingleItem().ShouldContain("unmatched quote");
    }

    private static string Describe(ParsedQuery query) => string.Join(" ", query.Clauses.Select(c =>
        (c.Kind == ClauseKind.Must ? "+" : "-")
        + string.Join("|", c.Alternatives.Select(a => a.IsPhrase ? $"\"{a.Text}\"" : a.Text))
        + (c.IsPrefix ? "*" : "")));
}
