using Npgsql;
using NpgsqlTypes;

namespace StrongCitiesPortal.Search.Querying;

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
public sealed class MatchPlan
{
    public required string Where { get; init; }
    public required bool HasText { get; init; }
    public string? RankQuery { get; init; }
    public string? HeadQuery { get; init; }
    public double EstimatedShare { get; init; } = 1;

    /// <summary>When the query has this many plain words or more, an item needs only most of them (a question, not a list of keywords).</summary>
    public const int MostWordsFrom = 3;

    /// <summary>A word in more than this share of rows says little about an item: it does not weigh in the ranking.</summary>
    public const double CommonShare = 0.25;

    private const int MostWordsLimit = 8;

    /// <summary>All the plain words together, when an item needs only most of them: items with all of them rank higher.</summary>
    public string? AllWordsQuery { get; init; }

    public static MatchPlan Build(ResolvedQuery? query, int[] required, IReadOnlyList<int[]> anyOf, Guid? exclude, SqlParameters sql)
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
        if (mainQuery is not null)
            conditions.Insert(0, $"document @@ {sql.Text(mainQuery)}::tsquery");

        conditions.Add($"facets @> {sql.Ints(required)}");
        foreach (var group in anyOf)
            conditions.Add($"facets && {sql.Ints(group)}");
        if (exclude is { } key)
            conditions.Add($"node_key <> {sql.Add(key, NpgsqlDbType.Uuid)}");

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
            Where = string.Join(" and ", conditions),
            HasText = must.Count > 0,
            RankQuery = rankQuery,
            HeadQuery = main.Count > 0 ? string.Join(" & ", main) : rankQuery,
            AllWordsQuery = allWords,
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
