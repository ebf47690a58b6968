using System.Buffers;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;

namespace StrongCitiesPortal.Search.Index;

/// <summary>
/// Lower-cases each term exactly as Lucene's <c>LowerCaseFilter</c> does, but plain ASCII terms (most of the text) in
/// place: Lucene's asks ICU for every term, which was about a tenth of analysing a document.
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
        var length = _term.Length;
        // Stops at the first character that is not ASCII (having lowered those before it, which lowering again keeps).
        if (Ascii.ToLowerInPlace(_term.Buffer.AsSpan(0, length), out _) != OperationStatus.Done)
            Characters.ToLower(_term.Buffer, 0, length);
        return true;
    }
}
