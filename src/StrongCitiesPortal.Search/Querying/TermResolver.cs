using System.Text;
using Npgsql;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>A query term as the index knows it: a tsquery over its stems, the word pairs a phrase needs, and how common it is.</summary>
/// <param name="Frequency">The share of rows it is estimated to match, from the index's statistics (for choosing how to run the query).</param>
/// <param name="Share">The share of rows its rarest word is in, from the word list (for weighing words against each other).</param>
/// <param name="Variants">Without a prefix: the lexeme sets it stands for, any one of which (all its lexemes) will do.</param>
/// <param name="HasBitmaps">Every lexeme of every variant has a bitmap of its rows, so the term can be matched without touching rows.</param>
public sealed record ResolvedTerm(QueryTerm Term, string? TsQuery, int[] Pairs, double Frequency, IReadOnlyList<string> Lexemes, double Share = 0,
    IReadOnlyList<string[]>? Variants = null, bool HasBitmaps = false)
{
    /// <summary>No row holds one of its lexemes or word pairs.</summary>
    public bool MatchesNothing { get; init; }
}

public sealed record ResolvedClause(ClauseKind Kind, IReadOnlyList<ResolvedTerm> Alternatives);

public sealed record ResolvedQuery(IReadOnlyList<ResolvedClause> Clauses, IReadOnlyList<string> Notices);

/// <summary>
/// Turns query terms into lexemes with PostgreSQL's own stemmers (every content language's, so a query
/// finds English, French and Arabic items alike), corrects words the index has never seen, and
/// completes the word being typed. One round trip.
/// </summary>
public sealed class TermResolver(SearchStatistics statistics, SearchOptions options)
{
    private const int Completions = 32;

    private readonly string[] _configurations = options.TextConfigurations.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    public async Task<ResolvedQuery> ResolveAsync(NpgsqlConnection connection, ParsedQuery query, CancellationToken cancellationToken)
    {
        var notices = new List<string>(query.Notices);
        var terms = query.Clauses.SelectMany(c => c.Alternatives).ToList();
        var texts = terms.Select(t => t.Text).Distinct(StringComparer.Ordinal).ToArray();
        var typos = terms
            .Where(t => !t.IsQuoted && !t.IsPhrase && t.Words.Count == 1 && t.Words[0].Length >= options.TypoMinLength && t.Words[0].Any(char.IsLetter))
            .Select(t => t.Words[0]).Distinct(StringComparer.Ordinal).ToArray();
        var prefixClause = query.Clauses.LastOrDefault(c => c.IsPrefix);
        var prefix = prefixClause?.Alternatives[^1].Words[0] is { Length: >= 3 } p && p.Any(char.IsLetter) ? p : null;

        var lexemes = new Dictionary<string, string[][]>(StringComparer.Ordinal);
        var corrections = new Dictionary<string, List<(string Word, int Ndoc, string[][] Lexemes)>>(StringComparer.Ordinal);
        var completions = new Dictionary<string, (int Ndoc, string[][] Lexemes)>(StringComparer.Ordinal);
        var ndocs = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = 0;

        await using (var batch = new NpgsqlBatch(connection))
        {
            var counts = new NpgsqlBatchCommand("""
                select s.rows, w.word, w.ndoc from search_state s left join search_word w on w.word = any(@words) where s.id = 1
                """);
            counts.Parameters.AddWithValue("words", terms.SelectMany(t => t.Words).Distinct(StringComparer.Ordinal).ToArray());
            batch.BatchCommands.Add(counts);
            var first = new NpgsqlBatchCommand("""
                select x.i::int, c.n::int, tsvector_to_array(to_tsvector(c.cfg::regconfig, x.t))
                from unnest(@texts::text[]) with ordinality x(t, i) cross join unnest(@configs::text[]) with ordinality c(cfg, n)
                """);
            first.Parameters.AddWithValue("texts", texts);
            first.Parameters.AddWithValue("configs", _configurations);
            batch.BatchCommands.Add(first);
            var second = new NpgsqlBatchCommand("""
                select t.word, w.word, w.ndoc, c.n::int, tsvector_to_array(to_tsvector(c.cfg::regconfig, w.word))
                from unnest(@typos::text[]) t(word)
                cross join lateral (select v.word, v.ndoc from search_word v where v.word % t.word
                                    order by v.word <-> t.word, v.ndoc desc limit 8) w
                cross join unnest(@configs::text[]) with ordinality c(cfg, n)
                where not exists (select 1 from search_word k where k.word = t.word)
                """);
            second.Parameters.AddWithValue("typos", typos);
            second.Parameters.AddWithValue("configs", _configurations);
            batch.BatchCommands.Add(second);
            var third = new NpgsqlBatchCommand("""
                select w.word, w.ndoc, c.n::int, tsvector_to_array(to_tsvector(c.cfg::regconfig, w.word))
                from (select word, ndoc from search_word where @prefix::text is not null and word like @pattern escape '\' and word <> @prefix
                      order by ndoc desc limit @limit) w
                cross join unnest(@configs::text[]) with ordinality c(cfg, n)
                """);
            third.Parameters.AddWithValue("prefix", NpgsqlTypes.NpgsqlDbType.Text, (object?)prefix ?? DBNull.Value);
            third.Parameters.AddWithValue("pattern", LikePrefix(prefix ?? ""));
            third.Parameters.AddWithValue("limit", Completions);
            third.Parameters.AddWithValue("configs", _configurations);
            batch.BatchCommands.Add(third);

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows = reader.GetInt32(0);
                if (!reader.IsDBNull(1))
                    ndocs[reader.GetString(1)] = reader.GetInt32(2);
            }
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var text = texts[reader.GetInt32(0) - 1];
                if (!lexemes.TryGetValue(text, out var perConfig))
                    lexemes[text] = perConfig = new string[_configurations.Length][];
                perConfig[reader.GetInt32(1) - 1] = reader.GetFieldValue<string[]>(2);
            }
            await reader.NextResultAsync(cancellationToken);
            var candidateLexemes = new Dictionary<(string, string), string[][]>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var typed = reader.GetString(0);
                var word = reader.GetString(1);
                if (!candidateLexemes.TryGetValue((typed, word), out var perConfig))
                {
                    candidateLexemes[(typed, word)] = perConfig = new string[_configurations.Length][];
                    if (!corrections.TryGetValue(typed, out var list))
                        corrections[typed] = list = [];
                    list.Add((word, reader.GetInt32(2), perConfig));
                }
                perConfig[reader.GetInt32(3) - 1] = reader.GetFieldValue<string[]>(4);
            }
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var word = reader.GetString(0);
                if (!completions.TryGetValue(word, out var entry))
                    completions[word] = entry = (reader.GetInt32(1), new string[_configurations.Length][]);
                entry.Lexemes[reader.GetInt32(2) - 1] = reader.GetFieldValue<string[]>(3);
            }
        }

        var drafts = new List<(ClauseKind Kind, List<(QueryTerm Term, string? TsQuery, int[] Pairs, double Frequency, List<string> Lexemes, double Share, List<string[]> Variants)> Alternatives)>();
        var ignored = new List<string>();
        foreach (var clause in query.Clauses)
        {
            var alternatives = new List<(QueryTerm, string?, int[], double, List<string>, double, List<string[]>)>();
            var dropped = false;
            for (var a = 0; a < clause.Alternatives.Count; a++)
            {
                var term = clause.Alternatives[a];
                var isPrefix = clause.IsPrefix && a == clause.Alternatives.Count - 1 && prefix is not null;
                var own = lexemes.GetValueOrDefault(term.Text) ?? [];
                var parts = new List<(string Query, double Frequency, IEnumerable<string> Lexemes, IReadOnlyList<string[]> Variants)>();

                if (!term.IsPhrase && term.Words.Count == 1 && corrections.TryGetValue(term.Words[0], out var candidates)
                    && !(isPrefix && completions.Count > 0)
                    && Closest(term.Words[0], candidates) is { } correction)
                {
                    notices.Add($"Showing results for \u2018{correction.Word}\u2019 (the index has no \u2018{term.Words[0]}\u2019).");
                    own = correction.Lexemes;
                    isPrefix = false;
                }

                if (Words(own, stopwordDrops: !term.IsPhrase) is { } words)
                    parts.Add(words);
                if (isPrefix)
                {
                    // The word being typed stands for the commonest words of the index that it begins.
                    foreach (var (_, completion) in completions)
                    {
                        if (Words(completion.Lexemes, stopwordDrops: true) is { } completed)
                            parts.Add(completed);
                    }
                }
                var pairs = term.IsPhrase ? Indexing.TextTokens.Pairs(term.Words).Distinct().ToArray() : [];
                if (parts.Count == 0 && pairs.Length == 0)
                {
                    // A word every language ignores (the, le, de): an OR with it is no constraint at all.
                    dropped = true;
                    continue;
                }
                var tsquery = parts.Count == 0 ? null : string.Join(" | ", parts.Select(p => p.Query).Distinct(StringComparer.Ordinal));
                if (parts.Count > 1)
                    tsquery = "(" + tsquery + ")";
                var frequency = parts.Count == 0 ? 1 : Math.Min(1, parts.Sum(p => p.Frequency));
                var share = isPrefix || rows == 0 ? 1 : term.Words.Select(w => ndocs.GetValueOrDefault(w) / (double)rows).DefaultIfEmpty(1).Min();
                alternatives.Add((term, tsquery, pairs, frequency, parts.SelectMany(p => p.Lexemes).Distinct(StringComparer.Ordinal).ToList(), share,
                    parts.SelectMany(p => p.Variants).DistinctBy(v => string.Join('\u0001', v)).ToList()));
            }
            if (alternatives.Count == 0 || (dropped && clause.Kind == ClauseKind.Must))
            {
                if (clause.Kind == ClauseKind.Must && clause.Alternatives.Count == 1)
                    ignored.Add(clause.Alternatives[0].Text);
                continue;
            }
            drafts.Add((clause.Kind, alternatives));
        }

        var keys = drafts.SelectMany(d => d.Alternatives)
            .SelectMany(a => a.Variants.SelectMany(v => v).Concat(a.Pairs.Select(PairKey)))
            .Distinct(StringComparer.Ordinal).ToArray();
        var (withBitmaps, absent) = await ClassifyAsync(connection, keys, cancellationToken);
        var clauses = drafts.Select(d => new ResolvedClause(d.Kind, d.Alternatives.Select(a =>
        {
            // A variant with a lexeme no row holds matches nothing, and leaves the others to decide.
            var variants = a.Variants.Where(v => !v.Any(absent.Contains)).ToList();
            var matchesNothing = (a.Variants.Count > 0 && variants.Count == 0) || a.Pairs.Any(p => absent.Contains(PairKey(p)));
            var hasBitmaps = matchesNothing
                || ((variants.Count > 0 || a.Pairs.Length > 0)
                    && variants.All(v => v.All(withBitmaps.Contains))
                    && a.Pairs.All(p => withBitmaps.Contains(PairKey(p))));
            return new ResolvedTerm(a.Term, a.TsQuery, a.Pairs, a.Frequency, a.Lexemes, a.Share, variants, hasBitmaps) { MatchesNothing = matchesNothing };
        }).ToList())).ToList();
        if (ignored.Count > 0 && clauses.Any(c => c.Kind == ClauseKind.Must))
            notices.Add($"Very common words were left out: {string.Join(", ", ignored.Select(w => $"\u2018{w}\u2019"))}.");
        return new ResolvedQuery(clauses, notices);
    }

    /// <summary>
    /// The stems of a term in every configuration: all stems of one configuration must be found, any configuration may match.
    /// A single word that one language drops as too common is dropped altogether.
    /// </summary>
    /// <summary>The key of a phrase's word pair among the lexeme bitmaps.</summary>
    public static string PairKey(int pair) => "#" + pair.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Which keys (lexemes, word pairs) have a bitmap of their rows, and which lexemes are in no row at all.</summary>
    private static async Task<(HashSet<string> WithBitmaps, HashSet<string> Absent)> ClassifyAsync(NpgsqlConnection connection, string[] keys, CancellationToken cancellationToken)
    {
        var withBitmaps = new HashSet<string>(StringComparer.Ordinal);
        var absent = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Length == 0)
            return (withBitmaps, absent);
        // The existence tests must go through the indexes (see SearchService.PlannerSettings): one batch, one implicit transaction.
        await using var batch = new NpgsqlBatch(connection);
        foreach (var setting in SearchService.PlannerSettings)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
        var command = new NpgsqlBatchCommand("""
            select k, b.lexeme is not null,
                   case when b.lexeme is not null then true
                        when k like '#%' then exists (select 1 from search_item where phrases @> array[substr(k, 2)::int])
                        else exists (select 1 from search_item where document @@ quote_literal(k)::tsquery) end
            from unnest(@keys::text[]) k left join search_term_bits b on b.lexeme = k
            """);
        command.Parameters.AddWithValue("keys", keys);
        batch.BatchCommands.Add(command);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetBoolean(1))
                withBitmaps.Add(reader.GetString(0));
            else if (!reader.GetBoolean(2))
                absent.Add(reader.GetString(0));
        }
        return (withBitmaps, absent);
    }

    private (string Query, double Frequency, IEnumerable<string> Lexemes, IReadOnlyList<string[]> Variants)? Words(string[][] perConfig, bool stopwordDrops)
    {
        var variants = new List<string[]>();
        foreach (var stems in perConfig)
        {
            if (stems is null || stems.Length == 0)
            {
                if (stopwordDrops)
                    return null;
                continue;
            }
            variants.Add(stems.Order(StringComparer.Ordinal).ToArray());
        }
        if (variants.Count == 0)
            return null;
        var distinct = variants.DistinctBy(v => string.Join('\u0001', v)).ToList();
        var query = string.Join(" | ", distinct.Select(v => v.Length == 1 ? $"'{Escape(v[0])}'" : "(" + string.Join(" & ", v.Select(l => $"'{Escape(l)}'")) + ")"));
        if (distinct.Count > 1)
            query = "(" + query + ")";
        var frequency = Math.Min(1, distinct.Sum(v => v.Min(l => statistics.Frequency(l, prefix: false))));
        return (query, frequency, distinct.SelectMany(v => v), distinct);
    }

    private static (string Word, string[][] Lexemes)? Closest(string typed, List<(string Word, int Ndoc, string[][] Lexemes)> candidates)
    {
        var best = candidates
            .Select(c => (c.Word, c.Ndoc, c.Lexemes, Distance: EditDistance(typed, c.Word)))
            .Where(c => c.Distance <= (typed.Length >= 10 ? 2 : 1))
            .OrderBy(c => c.Distance).ThenByDescending(c => c.Ndoc).ThenBy(c => c.Word, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Word is null ? null : (best.Word, best.Lexemes);
    }

    /// <summary>Letters inserted, deleted, replaced or swapped with a neighbour, each counting one.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>A lexeme inside a tsquery literal: quotes doubled, backslashes escaped.</summary>
    public static string Escape(string lexeme) =>
        lexeme.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal);

    private static string LikePrefix(string prefix)
    {
        var escaped = new StringBuilder(prefix.Length + 1);
        foreach (var c in prefix)
        {
            if (c is '%' or '_' or '\\')
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.Append('%').ToString();
    }
}
