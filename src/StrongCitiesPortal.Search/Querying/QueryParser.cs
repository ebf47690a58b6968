using System.Text;
using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// A word or phrase to look for: its text as typed (PostgreSQL stems it) and its folded words. A phrase
/// must be found as written; a quoted word is never corrected or completed.
/// </summary>
public sealed record QueryTerm(string Text, IReadOnlyList<string> Words, bool IsPhrase, bool IsQuoted = false)
{
    public static QueryTerm Of(string text, bool quoted)
    {
        var words = TextTokens.Words(text);
        return new QueryTerm(text, words, quoted && words.Count > 1, quoted);
    }
}

public enum ClauseKind
{
    Must,
    MustNot,
}

/// <summary>One part of a query: any of its alternatives must (or must not) be found.</summary>
public sealed record QueryClause(ClauseKind Kind, IReadOnlyList<QueryTerm> Alternatives, bool IsPrefix = false);

public sealed record ParsedQuery(IReadOnlyList<QueryClause> Clauses, IReadOnlyList<string> Notices)
{
    public bool IsEmpty => Clauses.Count == 0;
    public bool HasPositive => Clauses.Any(c => c.Kind == ClauseKind.Must);
}

/// <summary>
/// The query language people use: plain words (all must be found), "exact phrases", OR between two
/// words or phrases, -word or -"phrase" to leave out, and the last word completed as a prefix while
/// typing. Anything else (stray quotes, punctuation, a dangling OR) is read leniently, never an error.
/// </summary>
public sealed class QueryParser(int maxTerms)
{
    private enum TokenKind
    {
        Word,
        Phrase,
        Or,
    }

    private sealed record Token(TokenKind Kind, string Text, bool Negated);

    public ParsedQuery Parse(string? query)
    {
        var notices = new List<string>();
        if (string.IsNullOrWhiteSpace(query))
            return new ParsedQuery([], notices);
        var text = Clean(query);
        var tokens = Tokenise(text, notices);
        var clauses = new List<QueryClause>();
        var pendingOr = false;
        foreach (var token in tokens)
        {
            if (token.Kind == TokenKind.Or)
            {
                pendingOr = clauses.Count > 0 && clauses[^1].Kind == ClauseKind.Must;
                continue;
            }
            var term = QueryTerm.Of(token.Text, token.Kind == TokenKind.Phrase);
            if (term.Words.Count == 0)
            {
                pendingOr = false;
                continue;
            }
            if (token.Negated)
            {
                clauses.Add(new QueryClause(ClauseKind.MustNot, [term]));
                pendingOr = false;
            }
            else if (pendingOr)
            {
                var previous = clauses[^1];
                clauses[^1] = previous with { Alternatives = [.. previous.Alternatives, term] };
                pendingOr = false;
            }
            else
            {
                clauses.Add(new QueryClause(ClauseKind.Must, [term]));
            }
        }

        var count = 0;
        var truncated = false;
        var kept = new List<QueryClause>();
        foreach (var clause in clauses)
        {
            count += clause.Alternatives.Count;
            if (count > maxTerms)
            {
                notices.Add($"Only the first {maxTerms} words and phrases of the query were used.");
                truncated = true;
                break;
            }
            kept.Add(clause);
        }

        // Search as you type: the last plain word, still being typed, also finds words it begins.
        if (kept.Count > 0 && !truncated && !char.IsWhiteSpace(query[^1]) && tokens.Count > 0 && tokens[^1] is { Kind: TokenKind.Word, Negated: false }
            && kept[^1] is { Kind: ClauseKind.Must } last && last.Alternatives[^1] is { IsPhrase: false, Words.Count: 1 })
            kept[^1] = last with { IsPrefix = true };
        return new ParsedQuery(kept, notices);
    }

    /// <summary>Control characters and look-alike quotes are normalised before reading.</summary>
    private static string Clean(string query)
    {
        var clean = new StringBuilder(query.Length);
        foreach (var c in query)
        {
            clean.Append(c switch
            {
                '\u201C' or '\u201D' or '\u201E' or '\u00AB' or '\u00BB' => '"',
                '\u2212' or '\u2013' => '-',
                _ when char.IsControl(c) => ' ',
                _ => c,
            });
        }
        return clean.ToString();
    }

    private static List<Token> Tokenise(string text, List<string> notices)
    {
        var tokens = new List<Token>();
        var quotes = text.Count(c => c == '"');
        var ignoreLastQuote = quotes % 2 == 1;
        if (ignoreLastQuote)
            notices.Add("An unmatched quote was ignored.");
        var lastQuote = text.LastIndexOf('"');
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var negated = false;
            if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && text[i + 1] != '-')
            {
                negated = true;
                i++;
            }
            if (text[i] == '"' && !(ignoreLastQuote && i == lastQuote))
            {
                var end = text.IndexOf('"', i + 1);
                var inner = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
                tokens.Add(new Token(TokenKind.Phrase, inner, negated));
                i = end < 0 ? text.Length : end + 1;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && !(text[i] == '"' && !(ignoreLastQuote && i == lastQuote)))
                i++;
            var word = text[start..i].Replace("\"", "", StringComparison.Ordinal);
            if (!negated && (word == "OR" || word == "|"))
                tokens.Add(new Token(TokenKind.Or, word, false));
            else if (word.Length > 0)
                tokens.Add(new Token(TokenKind.Word, word, negated));
        }
        return tokens;
    }
}
