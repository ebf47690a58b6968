using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;

namespace StrongCitiesPortal.Search.Index;

/// <summary>
/// Lower-cases each term exactly as Lucene's <c>LowerCaseFilter</c> does (the invariant culture's mapping, through ICU),
/// but terms made only of Latin-1 and Arabic letters in place: asking ICU for every term was about a fifth of indexing
/// a document.
/// </summary>
public sealed class InvariantLowerCaseFilter : TokenFilter
{
    private static readonly CharacterUtils Characters = CharacterUtils.GetInstance(SearchSchema.Version);
    private readonly ICharTermAttribute _term;

    public InvariantLowerCaseFilter(TokenStream input)
        : base(input) => _term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
            return false;
        var term = _term.Buffer.AsSpan(0, _term.Length);
        if (!TryLowerInPlace(term))
            Characters.ToLower(_term.Buffer, 0, term.Length);
        return true;
    }

    /// <summary>
    /// Lowers a term whose characters are all Latin-1 or Arabic (Arabic has no case); false, leaving the rest to ICU,
    /// at the first other character. Lowering again what was lowered already changes nothing.
    /// </summary>
    internal static bool TryLowerInPlace(Span<char> term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            var c = term[i];
            if (c <= '\u00FF')
            {
                // A-Z, and À-Þ but for the multiplication sign: the Latin-1 capitals, 32 below their small letters.
                if (c is (>= 'A' and <= 'Z') or (>= '\u00C0' and <= '\u00DE' and not '\u00D7'))
                    term[i] = (char)(c + 32);
            }
            else if (!IsArabic(c))
                return false;
        }
        return true;
    }

    private static bool IsArabic(char c) =>
        c is (>= '\u0600' and <= '\u06FF') or (>= '\u0750' and <= '\u077F') or (>= '\u08A0' and <= '\u08FF')
            or (>= '\uFB50' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF');
}
