using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Indexing;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Search;

/// <summary>
/// The one search of the portal, used by its pages and by the headless API: full text over every live
/// item in the visitor's culture, facet counts over the whole match set, filters, ranking and snippets.
/// </summary>
public sealed class SearchService(
    PortalDatabase database,
    SearchModel model,
    Synonyms synonyms,
    FacetDictionary facets,
    SearchStatistics statistics,
    PublishedContentCache cache,
    TimeProvider clock,
    IOptions<SearchOptions> searchOptions,
    IOptions<PortalContentOptions> contentOptions,
    ILogger<SearchService> logger)
{
    // Start and end of a highlight in ts_headline's output; control characters never reach the index.
    // D, C, B, A: the rest, body, summary and keywords, name.
    private const string RankWeights = "'{0.1, 0.2, 0.4, 1.0}'";
    private const char MarkStart = '\u0002';
    private const char MarkEnd = '\u0003';
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    private static readonly string HeadlineOptions = $"MaxFragments=2, MaxWords=30, MinWords=12, ShortWord=2, FragmentDelimiter=\" … \", StartSel={MarkStart}, StopSel={MarkEnd}";

    /// <summary>
    /// PostgreSQL does not count the cost of reading a large text vector back from TOAST, so on its own it
    /// may scan every row and test each one's vector. The text indexes are always the cheaper way in here;
    /// these settings last only for the statements of one search (one implicit transaction).
    /// </summary>
    internal static readonly string[] PlannerSettings = ["set local enable_seqscan = off", "set local enable_indexscan = off", "set local jit = off", "set local max_parallel_workers_per_gather = 0"];

    private readonly SearchOptions _options = searchOptions.Value;
    private readonly IReadOnlyList<string> _cultures = contentOptions.Value.EffectiveCultures;
    private readonly string _defaultCulture = contentOptions.Value.DefaultCulture;
    private readonly QueryParser _parser = new(searchOptions.Value.MaxQueryTerms);
    private readonly TermResolver _resolver = new(statistics, searchOptions.Value);

    /// <summary>The facet names, in the order pages show them.</summary>
    public IReadOnlyList<string> FacetNames => model.Facets.Select(f => f.Name).ToList();

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(request, cancellationToken);
        if (prepared.Filters is null)
            return SearchResult.Empty(prepared.Notices);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await RunAsync(connection, request, prepared, cancellationToken);
    }

    /// <summary>A request read, its words resolved and its SQL written, ready to run.</summary>
    /// <param name="Fallback">Hits from every match, for when the candidates of <see cref="Statements"/> were fewer than a page.</param>
    internal sealed record Prepared(Filters? Filters, MatchPlan? Plan, List<string> Notices, IReadOnlyList<(string Sql, SqlParameters Parameters)> Statements,
        double Estimate, (string Sql, SqlParameters Parameters)? Fallback = null);

    /// <summary>Everything before running the search proper: validation, parsing, synonyms, filters, word resolution and the SQL.</summary>
    internal async Task<Prepared> PrepareAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var dataSource = database.DataSource;
        await statistics.RefreshAsync(dataSource, cancellationToken);
        if (facets.Generation < 0)
            await facets.RefreshAsync(dataSource, null, cancellationToken);

        var parsed = synonyms.Expand(_parser.Parse(request.Query));
        var notices = new List<string>(parsed.Notices);
        if (!parsed.IsEmpty && !parsed.HasPositive)
        {
            notices.Add("Add a word to look for: words to leave out are only used next to words to find.");
            parsed = parsed with { Clauses = [] };
        }

        var filters = await ResolveFiltersAsync(request, notices, cancellationToken);
        if (filters is null)
            return new Prepared(null, null, notices, [], 0);

        ResolvedQuery? resolved = null;
        if (parsed.HasPositive)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            resolved = await _resolver.ResolveAsync(connection, parsed, cancellationToken);
            notices = [.. resolved.Notices];
            if (!resolved.Clauses.Any(c => c.Kind == ClauseKind.Must))
            {
                notices.Add("The query has only words too common to search for; showing everything instead.");
                resolved = null;
            }
        }

        int[] exclude = [];
        if (request.Exclude is { } excluded)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select coalesce(array_agg(slot), '{}') from search_document where node_key = @key", connection);
            command.Parameters.AddWithValue("key", excluded);
            exclude = (int[])(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        var sql = new SqlParameters();
        var plan = MatchPlan.Build(resolved, filters.Groups, statistics.Rows, exclude, sql);
        if (plan.TermBitmap is not null && request.WithoutFacets && request.Sort == SearchSort.Date)
            plan = plan with { TermBitmap = null };
        var estimate = plan.EstimatedShare * statistics.Rows;
        // Filters narrow the match set too (taken as independent of the words, which is rough but only steers the plan).
        var narrowed = filters.Groups.Skip(1).Aggregate(estimate, (rows, group) => statistics.Rows > 0 ? rows * Math.Min(1, group.Rows / statistics.Rows) : rows);
        var statements = new List<(string, SqlParameters)>();
        (string, SqlParameters)? fallback = null;
        if (plan.TermBitmap is not null)
        {
            if (!request.WithoutFacets)
                statements.Add((FacetRows(BitmapFacetSql(plan.TermBitmap, filters, sql)), sql));
            if (request.Sort == SearchSort.Relevance && plan.RankQuery is not null)
            {
                statements.Add(("set local enable_indexscan = on", new SqlParameters()));
                statements.Add((HeadTierHitsSql(plan, filters, request, sql), sql));
                var more = new SqlParameters();
                var again = MatchPlan.Build(resolved, filters.Groups, statistics.Rows, exclude, more);
                fallback = (HitsSql(again with { TermBitmap = null }, request, estimate, more), more);
            }
            else
            {
                statements.Add((HitsSql(plan with { TermBitmap = null }, request, narrowed, sql), sql));
            }
        }
        else if (!request.WithoutFacets && plan.HasText && estimate > _options.BitmapFacetThreshold
            && estimate > _options.ExactRankLimit && request.Sort == SearchSort.Relevance && plan.RankQuery is not null)
        {
            statements.Add(("set local enable_indexscan = on", new SqlParameters()));
            statements.Add((LargeMatchSql(plan, request, sql), sql));
        }
        else
        {
            if (!request.WithoutFacets)
                statements.Add((FacetRows(FacetSql(plan, filters, estimate, sql)), sql));
            statements.Add((HitsSql(plan, request, estimate, sql), sql));
        }
        // Without words, rows are tested on their facets alone (no text out of TOAST), so walking the date index and
        // stopping a page in is cheap when at least one row in fifty matches. Not with a year filter: the newest rows
        // are then the ones least likely to match. A search by name decides in its statement (see HitsSql).
        var walkDates = !plan.HasText && narrowed >= statistics.Rows * 0.02
            && !request.Filters.Keys.Any(f => model.FindFacet(f)?.From == FacetSource.Year);
        if (request.Sort == SearchSort.Name || walkDates)
            statements.Insert(statements.Count - 1, ("set local enable_indexscan = on", new SqlParameters()));
        return new Prepared(filters, plan, notices, statements, estimate, fallback);
    }

    /// <summary>Items like this one: its most distinctive words, looked for anywhere, itself left out.</summary>
    public async Task<SearchResult> MoreLikeThisAsync(Guid key, string culture, int take = 5, CancellationToken cancellationToken = default)
    {
        Validate(new SearchRequest { Culture = culture, Take = take });
        var dataSource = database.DataSource;
        string? text = null;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var command = new NpgsqlCommand("""
            select name || ' ' || summary || ' ' || keywords from search_document where node_key = @key
            order by (culture = @culture) desc, (culture = @default) desc limit 1
            """, connection))
        {
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("culture", culture);
            command.Parameters.AddWithValue("default", _defaultCulture);
            text = await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        if (text is null)
            return SearchResult.Empty(["That item is not in the index."]);

        var words = TextTokens.Words(text).Where(w => w.Length >= 4 && w.Any(char.IsLetter)).Distinct(StringComparer.Ordinal).ToArray();
        var ranked = new List<(string Word, int Ndoc)>();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var command = new NpgsqlCommand("select word, ndoc from search_word where word = any(@words) and ndoc > 1", connection))
        {
            command.Parameters.AddWithValue("words", words);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                ranked.Add((reader.GetString(0), reader.GetInt32(1)));
        }
        var distinctive = ranked.OrderBy(w => w.Ndoc).ThenBy(w => w.Word, StringComparer.Ordinal).Take(8).Select(w => w.Word).ToList();
        if (distinctive.Count == 0)
            return SearchResult.Empty([]);
        var result = await SearchAsync(new SearchRequest
        {
            Query = string.Join(" OR ", distinctive) + " ",
            Culture = culture,
            Take = take,
            WithoutFacets = true,
            Exclude = key,
        }, cancellationToken);
        return result with { Notices = [] };
    }

    private void Validate(SearchRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Query is { } query && query.Length > _options.MaxQueryLength)
            errors["q"] = [$"The query is {query.Length} characters long; the most is {_options.MaxQueryLength}."];
        if (!_cultures.Contains(request.Culture, StringComparer.Ordinal))
            errors["culture"] = [$"'{request.Culture}' is not one of the portal's cultures ({string.Join(", ", _cultures)})."];
        if (request.Skip < 0 || request.Skip > _options.MaxSkip)
            errors["skip"] = [$"skip must be between 0 and {_options.MaxSkip}."];
        if (request.Take < 1 || request.Take > _options.MaxTake)
            errors["take"] = [$"take must be between 1 and {_options.MaxTake}."];
        foreach (var (facet, values) in request.Filters)
        {
            if (model.FindFacet(facet) is null)
                errors[facet] = [$"There is no facet '{facet}'; the facets are {string.Join(", ", FacetNames)}."];
            else if (values.Count > 20)
                errors[facet] = [$"Choose at most 20 values of {facet}."];
            else if (values.Any(v => v.Length > 200))
                errors[facet] = [$"A value of {facet} is longer than 200 characters."];
        }
        if (errors.Count > 0)
            throw new SearchRequestException(errors);
    }

    /// <summary>The culture's view first, then one group per filtered facet.</summary>
    internal sealed record Filters(IReadOnlyList<FilterGroup> Groups);

    /// <summary>Facet values chosen, as ids: the culture's view and each facet's choices (any of a facet's, every facet).</summary>
    private async Task<Filters?> ResolveFiltersAsync(SearchRequest request, List<string> notices, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var unknown = new List<string>();
            var groups = new List<FilterGroup>();
            if (facets.Find(IndexDocumentBuilder.ViewFacet, request.Culture) is { } view)
                groups.Add(new FilterGroup([view.Id], view.Rows));
            else
                unknown.Add("");
            foreach (var (name, values) in request.Filters)
            {
                var facet = model.FindFacet(name)!;
                var entries = new List<FacetEntry>();
                foreach (var value in values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (facets.Find(facet.Name, value) is { } entry)
                        entries.Add(entry);
                    else
                        unknown.Add($"No item has {facet.Name} \u2018{value.Trim()}\u2019.");
                }
                if (entries.Count > 0)
                    groups.Add(new FilterGroup([.. entries.Select(e => e.Id).Distinct().Order()], entries.Sum(e => e.Rows)));
            }
            if (unknown.Count == 0)
                return new Filters(groups);
            if (attempt > 0)
            {
                notices.AddRange(unknown.Where(u => u.Length > 0));
                return null;
            }
            await facets.RefreshAsync(database.DataSource, null, cancellationToken);
        }
    }

    private async Task<SearchResult> RunAsync(NpgsqlConnection connection, SearchRequest request, Prepared prepared, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var setting in PlannerSettings)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
        foreach (var (text, parameters) in prepared.Statements)
            batch.BatchCommands.Add(Command(text, parameters));

        var counts = new Dictionary<int, int>();
        var total = -1;
        long generation = -1;
        var hits = new List<SearchHit>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var id = reader.GetInt32(1);
                    if (reader.GetInt32(0) == 0)
                    {
                        var n = reader.IsDBNull(2) ? 0 : reader.GetInt64(2);
                        if (id == -1)
                            total = (int)n;
                        else if (id == -2)
                            generation = n;
                        else if (n > 0)
                            counts[id] = (int)n;
                        continue;
                    }
                    hits.Add(ReadHit(reader));
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        if (prepared.Fallback is { } fallback && hits.Count < request.Take && (total < 0 || total > request.Skip + hits.Count))
        {
            hits.Clear();
            await using var again = new NpgsqlBatch(connection);
            foreach (var setting in PlannerSettings)
                again.BatchCommands.Add(new NpgsqlBatchCommand(setting));
            again.BatchCommands.Add(Command(fallback.Sql, fallback.Parameters));
            await using var reader = await again.ExecuteReaderAsync(cancellationToken);
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                    hits.Add(ReadHit(reader));
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        if (total < 0)
            total = hits.Count + request.Skip;
        if (generation >= 0 && generation != facets.Generation)
            await facets.RefreshAsync(database.DataSource, generation, cancellationToken);
        logger.LogDebug("Search '{Query}' matched {Total} (estimated {Estimate:0}) in {Elapsed} ms", request.Query, total, prepared.Estimate, watch.ElapsedMilliseconds);
        return new SearchResult(total, hits, FacetCounts(counts, request.Culture), prepared.Notices);
    }

    private SearchHit ReadHit(NpgsqlDataReader reader)
    {
        var key = reader.GetGuid(4);
        var culture = reader.GetString(5);
        return new SearchHit(
            key,
            reader.GetString(6),
            culture,
            reader.GetString(7),
            RouteOf(key, culture),
            Highlight(reader.IsDBNull(9) ? "" : reader.GetString(9)),
            Math.Round(reader.GetDouble(3), 6),
            reader.GetFieldValue<DateTimeOffset>(8));
    }

    internal static NpgsqlBatchCommand Command(string text, SqlParameters sql)
    {
        var command = new NpgsqlBatchCommand(text);
        sql.CopyTo(command.Parameters);
        return command;
    }

    /// <summary>
    /// Counts every facet value over the whole match set. A small set is counted row by row; a large one
    /// becomes a bitmap, and each value's count is one AND with that value's bitmap and a bit count.
    /// </summary>
    private string FacetSql(MatchPlan plan, Filters filters, double estimate, SqlParameters sql)
    {
        const string Generation = "select -2, generation from search_state where id = 1";
        if (!plan.HasText)
            return BitmapFacetSql(null, filters, sql);
        if (estimate > _options.BitmapFacetThreshold)
        {
            return $"""
                with m as (select slot from search_item where {plan.Where}),
                b as (select string_agg(coalesce(w.bits, 0)::bit(64)::text, '' order by c.chunk)::varbit as bits
                      from generate_series(0, (select capacity from search_state where id = 1) / 64 - 1) c(chunk)
                      left join (select slot >> 6 as chunk, bit_or(1::bigint << (slot & 63)) as bits from m group by 1) w on w.chunk = c.chunk)
                select -1, bit_count(b.bits) from b
                union all select v.value_id, bit_count(v.bits & b.bits) from search_facet_bits v, b
                union all {Generation}
                """;
        }
        return $"""
            with m as materialized (select facets from search_item where {plan.Where})
            select -1, count(*) from m
            union all select f, count(*) from m, unnest(m.facets) f group by f
            union all {Generation}
            """;
    }

    /// <summary>The filters' own bitmaps (the culture's view among them), ANDed across facets and ORed within one: a CTE named <c>chosen</c>.</summary>
    private static string FilterBitmapSql(Filters filters, SqlParameters sql)
    {
        var ids = filters.Groups.SelectMany(g => g.Ids).ToArray();
        var groupNumbers = filters.Groups.SelectMany((g, i) => g.Ids.Select(_ => i)).ToArray();
        return $"""
            chosen as (
                select case when count(*) = {sql.Add(filters.Groups.Count, NpgsqlDbType.Integer)} then bit_and(g.bits) end as bits
                from (select bit_or(v.bits) as bits
                      from search_facet_bits v join unnest({sql.Ints(ids)}, {sql.Ints(groupNumbers)}) as f(id, g) on f.id = v.value_id
                      group by f.g) g)
            """;
    }

    /// <summary>Counts with bitmaps only, no row read: the filters' bitmaps, and the text's when its words have bitmaps.</summary>
    private static string BitmapFacetSql(string? termBitmap, Filters filters, SqlParameters sql) => $"""
        with {FilterBitmapSql(filters, sql)},
        b as materialized (select {(termBitmap is null ? "" : $"({termBitmap}) & ")}chosen.bits as bits from chosen)
        select -1, coalesce(bit_count(b.bits), 0) from b
        union all select v.value_id, bit_count(v.bits & b.bits) from search_facet_bits v, b where b.bits is not null
        union all select -2, generation from search_state where id = 1
        """;

    /// <summary>
    /// Hits of a match set known as a bitmap. A small one is read out of the bitmap and ranked whole; of a large
    /// one, the candidates are the first rows by boost, then date, with their bit set and the words in their
    /// title or summary, then ranked on their text. In a dense set the (boost, date) index is walked (ts_match_vq
    /// is @@ in a form no index takes, so the walk is the plan); in a sparser one the title-and-summary index is
    /// read. Only the branch that fits runs. Should there be fewer than a page, the service falls back to
    /// <see cref="HitsSql"/>.
    /// </summary>
    private string HeadTierHitsSql(MatchPlan plan, Filters filters, SearchRequest request, SqlParameters sql)
    {
        var take = sql.Add(request.Take, NpgsqlDbType.Integer);
        var skip = sql.Add(request.Skip, NpgsqlDbType.Integer);
        var prior = PriorOf(sql);
        var highlight = sql.Text(plan.RankQuery!);
        var candidates = sql.Add(Math.Max(_options.RankCandidates, request.Skip + request.Take), NpgsqlDbType.Integer);
        var head = sql.Text(plan.HeadQuery ?? plan.RankQuery!);
        var limit = sql.Add(_options.ExactRankLimit, NpgsqlDbType.Integer);
        // In a set this dense, walking the (boost, date) index finds the candidates within a few hundred rows.
        var dense = sql.Add(Math.Max(_options.ExactRankLimit, statistics.Rows * 0.1), NpgsqlDbType.Double);
        // A small set is read straight out of its bitmap (the set bits of each non-empty group of 64) and all of it ranked.
        return $"""
            with {FilterBitmapSql(filters, sql)},
            -- Materialized: computed once, not once per row it is tested against.
            b as materialized (select ({plan.TermBitmap}) & chosen.bits as bits, bit_count(({plan.TermBitmap}) & chosen.bits) as total from chosen),
            few as (select g.chunk * 64 + 63 - i as slot
                    from generate_series(0, length((select bits from b)) / 64 - 1) g(chunk),
                         lateral (select w from (select substring((select bits from b) from g.chunk * 64 + 1 for 64) as w) y
                                  where y.w <> repeat('0', 64)::varbit) x,
                         generate_series(0, 63) i
                    where (select total from b) <= {limit} and get_bit(x.w, i) = 1),
            dense as (select slot from search_item
                      where (select total from b) > {dense}
                        -- In this order: PostgreSQL would test the cheaper-looking head first, reading it out of TOAST for rows not even matched.
                        and case when get_bit((select bits from b), search_bit(slot)) = 1 then ts_match_vq(head, {head}::tsquery) else false end
                      order by boost desc, sort_date desc, slot limit {candidates}),
            sparse as (select slot from search_item
                       where (select total from b) > {limit} and (select total from b) <= {dense}
                         and head @@ {head}::tsquery and get_bit((select bits from b), search_bit(slot)) = 1
                       order by boost desc, sort_date desc, slot limit {candidates}),
            c as (select slot from few union all select slot from dense union all select slot from sparse),
            top as (select s.slot, ts_rank({RankWeights}, s.document, {highlight}::tsquery, 1)::float8 * {prior("s.")} as score
                    from c join search_item s on s.slot = c.slot
                    order by score desc, s.slot limit {take} offset {skip})
            {HitRows(highlight, sql)}
            order by 4 desc, 2
            """;
    }

    /// <summary>
    /// One page of hits with their snippets. Few matches are all ranked on their whole text; of many,
    /// the best candidates (the query in the title or summary, then the rest) by boost and recency are.
    /// </summary>
    private string HitsSql(MatchPlan plan, SearchRequest request, double estimate, SqlParameters sql)
    {
        var take = sql.Add(request.Take, NpgsqlDbType.Integer);
        var skip = sql.Add(request.Skip, NpgsqlDbType.Integer);
        var prior = PriorOf(sql);
        var highlight = plan.RankQuery is null ? null : sql.Text(plan.RankQuery);
        var allWords = plan.AllWordsQuery is null ? null : sql.Text(plan.AllWordsQuery);
        string Rank(string row) => $"ts_rank({RankWeights}, {row}document, {highlight}::tsquery, 1)::float8 * {prior(row)}"
            + (allWords is null ? "" : $" * (case when {row}document @@ {allWords}::tsquery then 2 else 1 end)");
        string ranked;
        if (request.Sort == SearchSort.Name)
        {
            // Up to a limit, the matches are read and sorted. Beyond it, a walk down the name index stops a page in.
            // Only the branch that fits runs. The outer query orders by score, so the score is the place in name order, as a negative number.
            var few = sql.Add(_options.NameSortLimit, NpgsqlDbType.Integer);
            const string Columns = "d.slot, -(row_number() over (order by lower(d.name), d.name, d.slot))::float8 as score";
            ranked = $"""
                with m as materialized (select slot from search_item where {plan.Where} limit {few} + 1),
                sorted as (select {Columns} from m join search_document d on d.slot = m.slot
                           where (select count(*) from m) <= {few}
                           order by lower(d.name), d.name, d.slot limit {take} offset {skip}),
                walked as (select {Columns} from search_document d
                           where (select count(*) from m) > {few} and exists (select from search_item where search_item.slot = d.slot and {plan.Where})
                           order by lower(d.name), d.name, d.slot limit {take} offset {skip})
                select * from sorted union all select * from walked
                """;
        }
        else if (!plan.HasText || request.Sort == SearchSort.Date || highlight is null)
        {
            var byRelevance = plan.HasText && request.Sort == SearchSort.Relevance;
            ranked = byRelevance
                ? $"select slot, {prior("")} as score from search_item where {plan.Where} order by score desc, slot limit {take} offset {skip}"
                : $"select slot, extract(epoch from sort_date)::float8 as score from search_item where {plan.Where} order by sort_date desc, slot limit {take} offset {skip}";
        }
        else if (estimate <= _options.ExactRankLimit)
        {
            ranked = $"select slot, {Rank("")} as score from search_item where {plan.Where} order by score desc, slot limit {take} offset {skip}";
        }
        else
        {
            var candidates = sql.Add(Math.Max(_options.RankCandidates, request.Skip + request.Take), NpgsqlDbType.Integer);
            var others = sql.Add(Math.Max(_options.RankCandidates / 4, request.Skip + request.Take), NpgsqlDbType.Integer);
            var head = sql.Text(plan.HeadQuery ?? plan.RankQuery!);
            ranked = $"""
                select s.slot, {Rank("s.")} as score
                from ((select slot from search_item where head @@ {head}::tsquery and {(plan.HeadImpliesText ? plan.WhereBesidesText : plan.Where)} order by boost desc, sort_date desc, slot limit {candidates})
                      union
                      (select slot from search_item where {plan.Where} order by {prior("")} desc, slot limit {others})) c
                join search_item s on s.slot = c.slot
                order by score desc, s.slot limit {take} offset {skip}
                """;
        }
        return $"""
            with top as ({ranked})
            {HitRows(highlight, sql)}
            order by 4 desc, 2
            """;
    }

    /// <summary>One result shape for every statement: (kind, id, n, score, key, culture, type, name, updated, snippet); kind 0 is a count, 1 a hit.</summary>
    private static string FacetRows(string counts) =>
        $"select 0, id, n, null::float8, null::uuid, null::text, null::text, null::text, null::timestamptz, null::text from ({counts}) f(id, n)";

    /// <summary>The hits of the <c>top</c> (slot, score) set, with what the page shows of them.</summary>
    private static string HitRows(string? highlight, SqlParameters sql)
    {
        var snippet = highlight is null
            ? "left(d.summary, 300)"
            : $"ts_headline(d.config, d.summary || E'\\n' || left(d.body, 4000), {highlight}::tsquery, {sql.Text(HeadlineOptions)})";
        return $"select 1, t.slot, 0::bigint, t.score, d.node_key, d.culture, d.content_type, d.name, d.update_date, {snippet} from top t join search_document d on d.slot = t.slot";
    }

    /// <summary>
    /// A large match set in one statement: its rows are read once into a work table, which gives the bitmap
    /// for the facet counts and some candidates for ranking (the best by boost, then date); the other
    /// candidates are the best among rows with the words in their title or summary, read through that index
    /// and kept when their bit is set in the bitmap. No row's vectors are read but the candidates'.
    /// </summary>
    private string LargeMatchSql(MatchPlan plan, SearchRequest request, SqlParameters sql)
    {
        var take = sql.Add(request.Take, NpgsqlDbType.Integer);
        var skip = sql.Add(request.Skip, NpgsqlDbType.Integer);
        var prior = PriorOf(sql);
        var highlight = sql.Text(plan.RankQuery!);
        var allWords = plan.AllWordsQuery is null ? "" : $" * (case when s.document @@ {sql.Text(plan.AllWordsQuery)}::tsquery then 2 else 1 end)";
        var candidates = sql.Add(Math.Max(_options.RankCandidates, request.Skip + request.Take), NpgsqlDbType.Integer);
        var others = sql.Add(Math.Max(_options.RankCandidates / 4, request.Skip + request.Take), NpgsqlDbType.Integer);
        var head = sql.Text(plan.HeadQuery ?? plan.RankQuery!);
        return $"""
            with m as materialized (select slot, boost, sort_date from search_item where {plan.Where}),
            b as materialized (select string_agg(coalesce(w.bits, 0)::bit(64)::text, '' order by c.chunk)::varbit as bits
                  from generate_series(0, (select capacity from search_state where id = 1) / 64 - 1) c(chunk)
                  left join (select slot >> 6 as chunk, bit_or(1::bigint << (slot & 63)) as bits from m group by 1) w on w.chunk = c.chunk),
            c as ((select slot from search_item where head @@ {head}::tsquery and get_bit((select bits from b), search_bit(slot)) = 1
                   order by boost desc, sort_date desc, slot limit {candidates})
                  union
                  (select slot from m order by boost desc, sort_date desc, slot limit {others})),
            top as (select s.slot, ts_rank({RankWeights}, s.document, {highlight}::tsquery, 1)::float8 * {prior("s.")}{allWords} as score
                    from c join search_item s on s.slot = c.slot
                    order by score desc, s.slot limit {take} offset {skip})
            select 0, -1, bit_count(b.bits), null::float8, null::uuid, null::text, null::text, null::text, null::timestamptz, null::text from b
            union all
            select 0, v.value_id, bit_count(v.bits & b.bits), null, null, null, null, null, null, null from search_facet_bits v, b
            union all
            select 0, -2, generation, null, null, null, null, null, null, null from search_state where id = 1
            union all
            {HitRows(highlight, sql)}
            order by 1, 4 desc, 2
            """;
    }

    /// <summary>The gentle boost every hit gets: the item's own (evaluated, peer-reviewed) and more for recent items.</summary>
    private Func<string, string> PriorOf(SqlParameters sql)
    {
        var recency = model.Index.Recency;
        var now = sql.Add(clock.GetUtcNow(), NpgsqlDbType.TimestampTz);
        var weight = sql.Add(recency.Weight, NpgsqlDbType.Double);
        var scale = sql.Add(recency.HalfLifeYears * 365.25 * 86400 / Math.Log(2), NpgsqlDbType.Double);
        return row => $"({row}boost * (1 + {weight} * exp(-greatest(0, extract(epoch from ({now} - {row}sort_date)))::float8 / {scale})))";
    }

    private string? RouteOf(Guid key, string culture)
    {
        var route = cache.Route(key, culture);
        if (route is null)
            return null;
        return culture == cache.DefaultCulture ? route : $"/{culture}{route}";
    }

    /// <summary>The snippet as HTML: the text encoded, the highlights as &lt;mark&gt; and nothing else.</summary>
    public static string Highlight(string headline)
    {
        var html = new StringBuilder(headline.Length + 32);
        var open = false;
        var start = 0;
        for (var i = 0; i <= headline.Length; i++)
        {
            if (i < headline.Length && headline[i] != MarkStart && headline[i] != MarkEnd)
                continue;
            html.Append(Encoder.Encode(headline[start..i].ReplaceLineEndings(" ")));
            if (i < headline.Length)
            {
                var opening = headline[i] == MarkStart;
                if (opening && !open)
                    html.Append("<mark>");
                else if (!opening && open)
                    html.Append("</mark>");
                open = opening;
            }
            start = i + 1;
        }
        if (open)
            html.Append("</mark>");
        return html.ToString();
    }

    private Dictionary<string, IReadOnlyList<FacetCount>> FacetCounts(Dictionary<int, int> counts, string culture)
    {
        var result = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal);
        foreach (var facet in model.Facets)
            result[facet.Name] = [];
        var grouped = new Dictionary<string, List<FacetCount>>(StringComparer.Ordinal);
        foreach (var (id, count) in counts)
        {
            if (facets.Get(id) is not { } entry || !result.ContainsKey(entry.Facet))
                continue;
            if (!grouped.TryGetValue(entry.Facet, out var list))
                grouped[entry.Facet] = list = [];
            list.Add(new FacetCount(entry.Label(culture, _defaultCulture), entry.Key, count));
        }
        foreach (var (facet, list) in grouped)
            result[facet] = list.OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.CurrentCultureIgnoreCase).ToList();
        return result;
    }
}
