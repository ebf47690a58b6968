using Npgsql;
using NpgsqlTypes;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>Chosen values of one facet (any of them will do), and how many rows carry any of them.</summary>
public sealed record FilterGroup(int[] Ids, long Rows);

/// <summary>Collects the parameters of one SQL statement as it is written.</summary>
public sealed class SqlParameters
{
    private readonly List<NpgsqlParameter> _parameters = [];

    public IReadOnlyList<NpgsqlParameter> All => _parameters;

    public string Add(object value, NpgsqlDbType type)
    {
        var name = "p" + _parameters.Count;
        _parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        return "@" + name;
    }

    public string Text(string value) => Add(value, NpgsqlDbType.Text);

    public string Ints(int[] value) => Add(value, NpgsqlDbType.Array | NpgsqlDbType.Integer);

    public void CopyTo(NpgsqlParameterCollection target)
    {
        foreach (var parameter in _parameters)
            target.Add(parameter.Clone());
    }
}

/// <summary>
/// A query as SQL over <c>search_item</c>: the condition a row must meet (text and filters), the tsquery
/// that ranks and highlights, the one that picks title-and-summary candidates, and how many rows it will
/// likely match.
/// </summary>
public sealed record MatchPlan
{
    public required string Where { get; init; }

    /// <summary>The condition without the main text test (phrases, exclusions and filters stay).</summary>
    public required string WhereBesidesText { get; init; }

    /// <summary>Whether matching <see cref="HeadQuery"/> in the title and summary is enough to match the main text test.</summary>
    public bool HeadImpliesText { get; init; }
    public required bool HasText { get; init; }
    public string? RankQuery { get; init; }
    public string? HeadQuery { get; init; }
    public double EstimatedShare { get; init; } = 1;

    /// <summary>When the query has this many plain words or more, an item needs only most of them (a question, not a list of keywords).</summary>
    public const int MostWordsFrom = 3;

    /// <summary>A word in more than this share of rows says little about an item: it does not weigh in the ranking.</summary>
    public const double CommonShare = 0.25;

    private const int MostWordsLimit = 8;

    /// <summary>The text part of the match set as an expression over lexeme bitmaps, when every word of the query has one.</summary>
    public string? TermBitmap { get; init; }

    /// <summary>All the plain words together, when an item needs only most of them: items with all of them rank higher.</summary>
    public string? AllWordsQuery { get; init; }

    public static MatchPlan Build(ResolvedQuery? query, IReadOnlyList<FilterGroup> filters, double rows, int[] exclude, SqlParameters sql)
    {
        var conditions = new List<string>();
        var main = new List<string>();
        var exclusions = new List<string>();
        var share = 1.0;
        var clauses = query?.Clauses ?? [];
        var must = clauses.Where(c => c.Kind == ClauseKind.Must).ToList();
        var plain = must.Where(c => c.Alternatives.All(a => a.Pairs.Length == 0 && a.TsQuery is not null)).ToList();
        string? allWords = null;

        if (plain.Count >= MostWordsFrom)
        {
            // A question: "how did a city bring the private sector into prevention" needs most of its words, the rarest counted first.
            var kept = plain.OrderBy(ClauseShare).Take(MostWordsLimit).ToList();
            var needed = kept.Count - kept.Count / 3;
            var subsets = Combinations(kept, needed).ToList();
            main.Add("(" + string.Join(" | ", subsets.Select(set => "(" + string.Join(" & ", set.Select(Fragment)) + ")")) + ")");
            allWords = string.Join(" & ", kept.Select(Fragment));
            share = Math.Min(1, subsets.Sum(set => set.Min(c => ClauseFrequency(c))));
        }
        else
        {
            foreach (var clause in plain)
            {
                main.Add(Fragment(clause));
                share = Math.Min(share, ClauseFrequency(clause));
            }
        }

        foreach (var clause in must.Except(plain))
        {
            share = Math.Min(share, ClauseFrequency(clause));
            if (clause.Alternatives.Count == 1)
            {
                var only = clause.Alternatives[0];
                if (only.TsQuery is not null)
                    main.Add(only.TsQuery);
                if (only.Pairs.Length > 0)
                    conditions.Add($"phrases @> {sql.Ints(only.Pairs)}");
            }
            else
            {
                conditions.Add("(" + string.Join(" or ", clause.Alternatives.Select(a => Alternative(a, sql))) + ")");
            }
        }

        foreach (var clause in clauses.Where(c => c.Kind == ClauseKind.MustNot))
        {
            foreach (var alternative in clause.Alternatives)
            {
                if (alternative.Pairs.Length == 0 && alternative.TsQuery is not null)
                    exclusions.Add(alternative.TsQuery);
                else
                    conditions.Add("not " + Alternative(alternative, sql));
            }
        }

        string? mainQuery = main.Count == 0 ? null : string.Join(" & ", main);
        if (exclusions.Count > 0)
        {
            if (mainQuery is not null)
                mainQuery += " & " + string.Join(" & ", exclusions.Select(e => "!" + e));
            else
                conditions.Add($"not (document @@ {sql.Text(string.Join(" | ", exclusions))}::tsquery)");
        }
        string? textCondition = mainQuery is null ? null : $"document @@ {sql.Text(mainQuery)}::tsquery";

        // A filter goes through the facet index only when it is much more selective than the text (or there is no text):
        // otherwise the text index leads and the filter is checked on the row, where the facets are at hand.
        var textRows = must.Count > 0 ? share * rows : double.MaxValue;
        var leading = filters.Count == 0 ? null : filters.MinBy(g => g.Rows);
        var indexable = filters.Where(g => must.Count > 0 ? g.Rows * 4 < textRows : g == leading || filters.Count == 1).ToList();
        var required = filters.Where(g => g.Ids.Length == 1).ToList();
        if (required.Intersect(indexable).Select(g => g.Ids[0]).ToArray() is { Length: > 0 } indexed)
            conditions.Add($"facets @> {sql.Ints(indexed)}");
        // "= any" is not something the facet index serves, and PostgreSQL estimates it from the column's statistics.
        foreach (var id in required.Except(indexable).Select(g => g.Ids[0]))
            conditions.Add($"{sql.Add(id, NpgsqlDbType.Integer)} = any(facets)");
        foreach (var group in filters.Where(g => g.Ids.Length > 1))
            conditions.Add(indexable.Contains(group) ? $"facets && {sql.Ints(group.Ids)}" : $"(facets || '{{}}'::int[]) && {sql.Ints(group.Ids)}");
        if (exclude.Length > 0)
            conditions.Add($"slot <> all({sql.Ints(exclude)})");

        // Common words have bitmaps of their rows: then the match set is a few ANDs and ORs of bitmaps, and no row is read to count it.
        string? termBitmap = null;
        var negative = clauses.Where(c => c.Kind == ClauseKind.MustNot).ToList();
        if (must.Count > 0 && plain.Count < MostWordsFrom
            && must.Concat(negative).All(c => c.Alternatives.All(a => a.HasBitmaps))
            && must.All(c => c.Alternatives.Any(a => !a.MatchesNothing)))
        {
            string Term(string lexeme) => $"(select bits from search_term_bits where lexeme = {sql.Text(lexeme)})";
            string Alternative(ResolvedTerm term)
            {
                var parts = new List<string>();
                if (term.Variants is { Count: > 0 } variants)
                    parts.Add("(" + string.Join(" | ", variants.Select(v => "(" + string.Join(" & ", v.Select(Term)) + ")")) + ")");
                parts.AddRange(term.Pairs.Select(p => Term(TermResolver.PairKey(p))));
                return "(" + string.Join(" & ", parts) + ")";
            }
            termBitmap = string.Join(" & ", must.Select(c => "(" + string.Join(" | ", c.Alternatives.Where(a => !a.MatchesNothing).Select(Alternative)) + ")")
                .Concat(negative.SelectMany(c => c.Alternatives).Where(a => !a.MatchesNothing).Select(a => "~" + Alternative(a))));
        }

        // Words in most items would swamp the ranking (PostgreSQL's rank does not weigh words by rarity): rank by the telling ones.
        var telling = must.Where(c => ClauseShare(c) <= CommonShare).ToList();
        var ranking = (telling.Count > 0 ? telling : must)
            .SelectMany(c => c.Alternatives)
            .Where(a => a.TsQuery is not null)
            .Select(a => a.TsQuery!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var rankQuery = ranking.Count == 0 ? null : string.Join(" | ", ranking);
        return new MatchPlan
        {
            Where = string.Join(" and ", textCondition is null ? conditions : conditions.Prepend(textCondition)),
            // Head is part of the document, so a row whose head has every word needs no second test on its document.
            WhereBesidesText = conditions.Count == 0 ? "true" : string.Join(" and ", conditions),
            HeadImpliesText = textCondition is not null && exclusions.Count == 0 && main.Count > 0,
            HasText = must.Count > 0,
            RankQuery = rankQuery,
            HeadQuery = main.Count > 0 ? string.Join(" & ", main) : rankQuery,
            AllWordsQuery = allWords,
            TermBitmap = termBitmap,
            EstimatedShare = must.Count > 0 ? share : 1,
        };
    }

    private static string Fragment(ResolvedClause clause) =>
        clause.Alternatives.Count == 1 ? clause.Alternatives[0].TsQuery! : "(" + string.Join(" | ", clause.Alternatives.Select(a => a.TsQuery)) + ")";

    private static double ClauseShare(ResolvedClause clause) => Math.Min(1, clause.Alternatives.Sum(a => a.Share));

    private static double ClauseFrequency(ResolvedClause clause) => Math.Min(1, clause.Alternatives.Sum(a => a.Frequency));

    private static IEnumerable<List<T>> Combinations<T>(IReadOnlyList<T> items, int size)
    {
        if (size == 0)
        {
            yield return [];
            yield break;
        }
        for (var i = 0; i <= items.Count - size; i++)
        {
            foreach (var rest in Combinations(items.Skip(i + 1).ToList(), size - 1))
                yield return [items[i], .. rest];
        }
    }

    private static string Alternative(ResolvedTerm term, SqlParameters sql)
    {
        var parts = new List<string>();
        if (term.TsQuery is not null)
            parts.Add($"document @@ {sql.Text(term.TsQuery)}::tsquery");
        if (term.Pairs.Length > 0)
            parts.Add($"phrases @> {sql.Ints(term.Pairs)}");
        return "(" + string.Join(" and ", parts) + ")";
    }
}
