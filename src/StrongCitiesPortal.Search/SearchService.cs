using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Index;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Search;

/// <summary>
/// The one search of the portal, used by its pages and by the headless API: full text over every live item in
/// the visitor's culture, ranked by BM25 over every match with field weights and the item's prior, facet counts
/// over the whole match set, filters, sorts, snippets and similar items, all from this instance's Lucene index.
/// </summary>
public sealed class SearchService(
    SearchIndex index,
    SearchModel model,
    Synonyms synonyms,
    FacetLabels labels,
    ContentChangeFeed feed,
    PublishedContentCache cache,
    TimeProvider clock,
    IOptions<SearchOptions> searchOptions,
    IOptions<PortalContentOptions> contentOptions,
    ILogger<SearchService> logger)
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    private readonly SearchOptions _options = searchOptions.Value;
    private readonly IReadOnlyList<string> _cultures = contentOptions.Value.EffectiveCultures;
    private readonly string _defaultCulture = contentOptions.Value.DefaultCulture;
    private readonly QueryParser _parser = new(searchOptions.Value.MaxQueryTerms);
    private readonly LuceneQueryWriter _writer = new(index.Schema, searchOptions.Value);

    /// <summary>The facet names, in the order pages show them.</summary>
    public IReadOnlyList<string> FacetNames => model.Facets.Select(f => f.Name).ToList();

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        using var lease = await AcquireAsync(cancellationToken);
        if (lease is null)
            return SearchResult.Empty(["Search is being prepared; try again in a moment."], EmptyFacets());
        var parsed = synonyms.Expand(_parser.Parse(request.Query));
        var notices = new List<string>();
        if (!parsed.IsEmpty && !parsed.HasPositive)
        {
            notices.AddRange(parsed.Notices);
            notices.Add("Add a word to look for: words to leave out are only used next to words to find.");
            parsed = parsed with { Clauses = [], Notices = [] };
        }
        var written = _writer.Write(parsed, lease.Searcher.IndexReader);
        notices.AddRange(written.Notices);
        return Run(lease.Searcher, request, written.Query, notices);
    }

    /// <summary>Items like this one (the words that set it apart from the rest of the index), itself left out.</summary>
    public Task<SearchResult> MoreLikeThisAsync(Guid key, string culture, int take = 5, CancellationToken cancellationToken = default) =>
        MoreLikeThisAsync(key, culture, take, [], cancellationToken);

    /// <param name="excludeTypes">Document types never to show (the Delivery API's disallowed types).</param>
    public async Task<SearchResult> MoreLikeThisAsync(Guid key, string culture, int take, IReadOnlyCollection<string> excludeTypes, CancellationToken cancellationToken = default)
    {
        Validate(new SearchRequest { Culture = culture, Take = take });
        using var lease = await AcquireAsync(cancellationToken);
        if (lease is null)
            return SearchResult.Empty(["Search is being prepared; try again in a moment."]);
        var searcher = lease.Searcher;
        var own = searcher.Search(new TermQuery(new Term(SearchSchema.Key, key.ToString())), 10).ScoreDocs
            .Select(d => (d.Doc, Document: searcher.Doc(d.Doc)))
            .OrderByDescending(d => d.Document.Get(SearchSchema.Culture, CultureInfo.InvariantCulture) == culture)
            .ThenByDescending(d => d.Document.Get(SearchSchema.Culture, CultureInfo.InvariantCulture) == _defaultCulture)
            .FirstOrDefault();
        if (own.Document is null)
            return SearchResult.Empty(["That item is not in the index."]);
        var sourceCulture = own.Document.Get(SearchSchema.Culture, CultureInfo.InvariantCulture);
        var text = own.Document.Get(SearchSchema.StoredName, CultureInfo.InvariantCulture) + "\n" + own.Document.Get(SearchSchema.Snippet, CultureInfo.InvariantCulture);
        // Each part of the item in its own field, with that field's statistics: the words that set the item apart.
        var query = new BooleanQuery(disableCoord: true);
        foreach (var role in new[] { FieldRole.Name, FieldRole.Summary, FieldRole.Keywords, FieldRole.Body })
        {
            var field = SearchSchema.TextField(role, sourceCulture);
            var similar = new MoreLikeThis(searcher.IndexReader)
            {
                Analyzer = index.Schema.Analyzer,
                FieldNames = [field],
                MinTermFreq = 1,
                MinDocFreq = 2,
                MinWordLen = 3,
                MaxQueryTerms = 8,
            };
            using var reader = new StringReader(text);
            if (similar.Like(reader, field) is BooleanQuery { Clauses.Count: > 0 } part)
            {
                part.Boost = SearchSchema.Weight(role);
                query.Add(part, Occur.SHOULD);
            }
        }
        if (query is BooleanQuery { Clauses.Count: 0 })
            return SearchResult.Empty([]);
        var result = Run(searcher, new SearchRequest { Culture = culture, Take = take, WithoutFacets = true, Exclude = key, ExcludeTypes = excludeTypes }, query, []);
        return result with { Notices = [] };
    }

    private async Task<SearcherLease?> AcquireAsync(CancellationToken cancellationToken)
    {
        // Read your own writes: this instance's latest commit is in the index before the search runs (bounded).
        if (!await index.WaitForAsync(feed.LastCommittedHere, _options.ReadYourWritesTimeout, cancellationToken))
            logger.LogWarning("The search index is behind this instance's own changes (at {Applied}, wanted {Wanted}); answering anyway", index.Sequence, feed.LastCommittedHere);
        return index.Acquire();
    }

    private SearchResult Run(IndexSearcher searcher, SearchRequest request, Query? text, List<string> notices)
    {
        var watch = Stopwatch.StartNew();
        var reader = searcher.IndexReader;

        // The culture's view and the item left out apply to every count; each facet's choice is a group of its own.
        var scope = new BooleanQuery { { new TermQuery(new Term(SearchSchema.View, request.Culture)), Occur.MUST } };
        if (request.Exclude is { } excluded)
            scope.Add(new TermQuery(new Term(SearchSchema.Key, excluded.ToString())), Occur.MUST_NOT);
        foreach (var type in request.ExcludeTypes)
            scope.Add(new TermQuery(new Term(SearchSchema.ContentType, type)), Occur.MUST_NOT);
        foreach (var (name, values) in request.Without)
        {
            var facet = model.FindFacet(name)!;
            foreach (var value in values.Where(v => !string.IsNullOrWhiteSpace(v)))
            {
                if (labels.Resolve(facet.Name, value, reader) is { } key)
                    scope.Add(new TermQuery(new Term(SearchSchema.FacetField(facet.Name), key)), Occur.MUST_NOT);
            }
        }
        var affinity = text is null && request.Affinity.Count > 0 ? Affinity(request, scope) : null;
        var groups = new List<Filter>();
        var groupFacet = new List<int>();
        var facetNames = model.Facets.Select(f => f.Name).ToList();
        foreach (var (name, values) in request.Filters)
        {
            var facet = model.FindFacet(name)!;
            var keys = new List<Term>();
            foreach (var value in values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (labels.Resolve(facet.Name, value, reader) is { } key)
                    keys.Add(new Term(SearchSchema.FacetField(facet.Name), key));
                else
                    notices.Add($"No item has {facet.Name} \u2018{value.Trim()}\u2019.");
            }
            if (keys.Count == 0)
                return SearchResult.Empty(notices, EmptyFacets());
            groups.Add(new TermsFilter(keys));
            groupFacet.Add(facetNames.IndexOf(facet.Name));
        }

        var sort = request.Sort switch
        {
            SearchSort.Date => new Sort(new SortField(SearchSchema.SortDate, SortFieldType.INT64, reverse: true), new SortField(SearchSchema.NameSort, SortFieldType.STRING)),
            SearchSort.Name => new Sort(new SortField(SearchSchema.NameSort, SortFieldType.STRING), SortField.FIELD_DOC),
            _ when affinity is not null => new Sort(SortField.FIELD_SCORE, new SortField(SearchSchema.SortDate, SortFieldType.INT64, reverse: true), new SortField(SearchSchema.NameSort, SortFieldType.STRING)),
            _ when text is null => new Sort(new SortField(SearchSchema.SortDate, SortFieldType.INT64, reverse: true), new SortField(SearchSchema.NameSort, SortFieldType.STRING)),
            _ => null,
        };
        var wanted = Math.Min(request.Skip + request.Take, Math.Max(1, reader.MaxDoc));
        ITopDocsCollector top = sort is null
            ? TopScoreDocCollector.Create(wanted, docsScoredInOrder: true)
            : TopFieldCollector.Create(sort, wanted, fillFields: false, trackDocScores: false, trackMaxScore: false, docsScoredInOrder: true);
        var collector = new FacetingCollector((ICollector)top, facetNames.Select(SearchSchema.FacetField).ToList(), groups, groupFacet, countFacets: !request.WithoutFacets);

        var recency = model.Index.Recency;
        Query main = affinity ?? (text is null ? new MatchAllDocsQuery() : new PriorScoreQuery(text, recency.Weight, recency.HalfLifeYears, clock.GetUtcNow()));
        searcher.Search(main, new QueryWrapperFilter(scope), collector);
        collector.Flush();

        var hits = new List<SearchHit>();
        var page = top.GetTopDocs(request.Skip, request.Take);
        var snippets = text is null ? null : new Snippets(index.Schema, text);
        foreach (var scored in page.ScoreDocs)
        {
            var document = searcher.Doc(scored.Doc);
            var key = Guid.Parse(document.Get(SearchSchema.Key, CultureInfo.InvariantCulture));
            var culture = document.Get(SearchSchema.Culture, CultureInfo.InvariantCulture);
            var source = document.Get(SearchSchema.Snippet, CultureInfo.InvariantCulture) ?? "";
            hits.Add(new SearchHit(
                key,
                document.Get(SearchSchema.ContentType, CultureInfo.InvariantCulture),
                culture,
                document.Get(SearchSchema.StoredName, CultureInfo.InvariantCulture),
                RouteOf(key, culture),
                snippets?.For(source, culture) ?? Snippets.Plain(source),
                float.IsNaN(scored.Score) ? 0 : Math.Round(scored.Score, 6),
                new DateTimeOffset(document.GetField(SearchSchema.Updated).GetInt64Value() ?? 0, TimeSpan.Zero)));
        }

        var facets = EmptyFacets();
        if (!request.WithoutFacets)
        {
            for (var f = 0; f < facetNames.Count; f++)
            {
                facets[facetNames[f]] = collector.Counts(f)
                    .Select(c => new FacetCount(labels.Label(facetNames[f], c.Key, request.Culture), c.Key, c.Value))
                    .OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.CurrentCultureIgnoreCase)
                    .ToList();
            }
        }
        var total = collector.Total;
        logger.LogDebug("Search '{Query}' matched {Total} in {Elapsed} ms", request.Query, total, watch.ElapsedMilliseconds);
        return new SearchResult(total, hits, facets, notices);
    }

    /// <summary>The sum of the weights of the values an item shares (each counted once); the scope keeps only items sharing a value above the floor.</summary>
    private static Query Affinity(SearchRequest request, BooleanQuery scope)
    {
        var ranking = new BooleanQuery(disableCoord: true);
        var required = new BooleanQuery(disableCoord: true);
        foreach (var like in request.Affinity.DistinctBy(a => (a.Facet, a.Key)))
        {
            var term = new Term(SearchSchema.FacetField(like.Facet), like.Key);
            ranking.Add(new ConstantScoreQuery(new TermQuery(term)) { Boost = like.Weight }, Occur.SHOULD);
            if (like.Weight > request.AffinityFloor)
                required.Add(new TermQuery(term), Occur.SHOULD);
        }
        scope.Add(required, Occur.MUST);
        return ranking;
    }

    private Dictionary<string, IReadOnlyList<FacetCount>> EmptyFacets() =>
        model.Facets.ToDictionary(f => f.Name, _ => (IReadOnlyList<FacetCount>)[], StringComparer.Ordinal);

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
        foreach (var facet in request.Without.Keys.Concat(request.Affinity.Select(a => a.Facet)).Distinct(StringComparer.Ordinal))
        {
            if (model.FindFacet(facet) is null)
                errors[facet] = [$"There is no facet '{facet}'; the facets are {string.Join(", ", FacetNames)}."];
        }
        if (request.Affinity.Count > 100 || request.Without.Values.Sum(v => v.Count) > 100)
            errors["affinity"] = ["Name at most 100 values to rank by or to leave out."];
        if (errors.Count > 0)
            throw new SearchRequestException(errors);
    }

    private string? RouteOf(Guid key, string culture)
    {
        var route = cache.Route(key, culture);
        if (route is null)
            return null;
        return culture == cache.DefaultCulture ? route : $"/{culture}{route}";
    }

    /// <summary>Plain text as safe HTML (for callers that show stored text).</summary>
    public static string Encode(string text) => Encoder.Encode(text);
}
