using System.Globalization;
using System.Text;

namespace StrongCitiesPortal.Search.Indexing;

/// <summary>
/// Words as people type them: runs of letters and digits, lower case, accents and Arabic vowel marks folded.
/// Used for the word list (typos, prefixes) and for phrase pairs; stemming is left to the culture's analyzer.
/// </summary>
public static class TextTokens
{
    public const int MaxWordLength = 40;

    public static string Fold(string text)
    {
        // Most text is plain ASCII: lower case is all folding does to it.
        if (Ascii.IsValid(text))
            return text.ToLowerInvariant();
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
                continue;
            // Arabic tatweel stretches a word without changing it.
            if (c == '\u0640')
                continue;
            switch (c)
            {
                case 'ß':
                    folded.Append("ss");
                    break;
                case 'œ':
                    folded.Append("oe");
                    break;
                case 'æ':
                    folded.Append("ae");
                    break;
                case 'ø':
                    folded.Append('o');
                    break;
                case 'ł':
                    folded.Append('l');
                    break;
                case 'đ':
                    folded.Append('d');
                    break;
                default:
                    folded.Append(c);
                    break;
            }
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The folded words of a text, in order.</summary>
    public static List<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text))
            return words;
        var folded = Fold(text);
        foreach (var word in WordsIn(folded))
            words.Add(folded[word]);
        return words;
    }

    /// <summary>Where the words of a folded text are: its runs of letters and digits, those longer than <see cref="MaxWordLength"/> left out.</summary>
    private static IEnumerable<Range> WordsIn(string folded)
    {
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var isWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (isWord && start < 0)
                start = i;
            else if (!isWord && start >= 0)
            {
                if (i - start <= MaxWordLength)
                    yield return start..i;
                start = -1;
            }
        }
    }

    /// <summary>
    /// Adds the folded words of a text to a set, as <see cref="Words"/> makes them. Plain ASCII text (most text) is
    /// read in place: a word is lower-cased into a buffer and becomes a string only the first time the set sees it.
    /// </summary>
    public static void AddWords(string? text, HashSet<string> into)
    {
        if (string.IsNullOrEmpty(text))
            return;
        var known = into.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!Ascii.IsValid(text))
        {
            // The words of the folded text, as Words makes them, each a string only the first time the set sees it.
            var folded = Fold(text);
            foreach (var found in WordsIn(folded))
                known.Add(folded.AsSpan(found));
            return;
        }
        Span<char> word = stackalloc char[MaxWordLength];
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && char.IsAsciiLetterOrDigit(text[i]);
            if (isWord && start < 0)
                start = i;
            else if (!isWord && start >= 0)
            {
                var length = i - start;
                if (length <= MaxWordLength)
                {
                    var lower = word[..length];
                    // The text is ASCII: lowering it needs no culture data (ToLowerInvariant would ask ICU).
                    Ascii.ToLower(text.AsSpan(start, length), lower, out _);
                    known.Add(lower);
                }
                start = -1;
            }
        }
    }

    /// <summary>A stable 32-bit hash of two neighbouring words: a phrase is found by its pairs.</summary>
    public static int PairHash(string first, string second)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var c in first)
                hash = (hash ^ c) * 16777619u;
            hash = (hash ^ 0x1Fu) * 16777619u;
            foreach (var c in second)
                hash = (hash ^ c) * 16777619u;
            return (int)hash;
        }
    }

    /// <summary>The pair hashes of a run of words (a phrase in a query, or one field of an item).</summary>
    public static IEnumerable<int> Pairs(IReadOnlyList<string> words)
    {
        for (var i = 1; i < words.Count; i++)
            yield return PairHash(words[i - 1], words[i]);
    }
}
