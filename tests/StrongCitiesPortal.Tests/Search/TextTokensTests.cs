using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Tests.Search;

/// <summary>The word list an item is indexed with (typos and prefixes look there), made in place for plain text.</summary>
[Category("Unit")]
public sealed class TextTokensTests
{
    [TestCase("Community-led MENTORING hub, 2024: mentoring for families!", "2024,community,families,for,hub,led,mentoring")]
    [TestCase("Suivi et Évaluation à Montréal", "a,et,evaluation,montreal,suivi")]
    [TestCase("Cœur de la ville — l’été 2023, Straße", "2023,coeur,de,ete,l,la,strasse,ville")]
    [TestCase("مدينة قويّة ـ الشبـاب", "الشباب,قوية,مدينة")]
    [TestCase("é-Pneumonoultramicroscopicsilicovolcanoconiosisxxxxxxxxx court", "court,e")]
    [TestCase("", "")]
    [TestCase("a-very-long-word-that-goes-on Pneumonoultramicroscopicsilicovolcanoconiosisxxxxxxxxx", "a,goes,long,on,that,very,word")]
    public void Adding_words_gives_the_distinct_folded_words(string text, string expected)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);

        TextTokens.AddWords(text, words);

        string.Join(",", words.Order(StringComparer.Ordinal)).ShouldBe(expected);
        words.SetEquals(TextTokens.Words(text)).ShouldBeTrue();
    }
}
