using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// Abbreviations and other names for the same thing (M&amp;E = monitoring and evaluation), from
/// <c>umbraco/search/synonyms.json</c>. A query term that is one of them finds any of them; terms of
/// several words must be found as phrases.
/// </summary>
public sealed class Synonyms
{
    private readonly Dictionary<string, IReadOnlyList<string>> _groups = new(StringComparer.Ordinal);
    private readonly int _longest;

    public Synonyms(SearchModel model)
    {
        // Groups that share a term are one group (PPP is both "public-private partnership" and "partenariat public-privé").
        var merged = new List<HashSet<string>>();
        foreach (var group in model.SynonymGroups)
        {
            var terms = new HashSet<string>(group, StringComparer.OrdinalIgnoreCase);
            var keys = terms.Select(Key).ToHashSet(StringComparer.Ordinal);
            foreach (var other in merged.Where(m => m.Select(Key).Any(keys.Contains)).ToList())
            {
                terms.UnionWith(other);
                merged.Remove(other);
            }
            merged.Add(terms);
        }
        foreach (var group in merged)
        {
            var terms = group.OrderBy(t => t, StringComparer.OrdinalIgnoreCase).ToList();
            foreach (var term in terms)
            {
                var key = Key(term);
                if (key.Length > 0)
                    _groups[key] = terms;
            }
        }
        _longest = _groups.Keys.Select(k => k.Split(' ').Length).DefaultIfEmpty(0).Max();
    }

    private static string Key(string term) => string.Join(' ', TextTokens.Words(term));

    /// <summary>The other names of a term, itself included, or null when it has none.</summary>
    public IReadOnlyList<string>? Of(string term) => _groups.GetValueOrDefault(Key(term));

    /// <summary>
    /// Replaces runs of plain words that spell a synonym ("monitoring and evaluation", "M&amp;E") with one
    /// clause that accepts any name of it. Quoted phrases and exclusions of several words are left as typed.
    /// </summary>
    public ParsedQuery Expand(ParsedQuery query)
    {
        if (_groups.Count == 0)
            return query;
        var clauses = query.Clauses;
        var expanded = new List<QueryClause>();
        var i = 0;
        while (i < clauses.Count)
        {
            var match = LongestMatch(clauses, i);
            if (match is { } found)
            {
                var kind = clauses[i].Kind;
                var alternatives = found.Terms.Select(t => QueryTerm.Of(t, quoted: TextTokens.Words(t).Count > 1) with { IsQuoted = false }).ToList();
                expanded.Add(new QueryClause(kind, alternatives));
                i += found.Length;
            }
            else
            {
                expanded.Add(clauses[i]);
                i++;
            }
        }
        return query with { Clauses = expanded };
    }

    private (IReadOnlyList<string> Terms, int Length)? LongestMatch(IReadOnlyList<QueryClause> clauses, int start)
    {
        var words = new List<string>();
        (IReadOnlyList<string>, int)? best = null;
        for (var end = start; end < clauses.Count && words.Count < _longest; end++)
        {
            var clause = clauses[end];
            if (clause.Alternatives.Count != 1 || clause.Alternatives[0].IsQuoted || clause.Kind != clauses[start].Kind)
                break;
            // Exclusions are matched one clause at a time: "-M&E" leaves out every name of it.
            if (clause.Kind == ClauseKind.MustNot && end > start)
                break;
            words.AddRange(clause.Alternatives[0].Words);
            if (_groups.TryGetValue(string.Join(' ', words), out var terms))
                best = (terms, end - start + 1);
        }
        return best;
    }
}
