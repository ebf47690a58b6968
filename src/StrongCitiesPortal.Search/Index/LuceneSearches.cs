using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Delivery;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Search.Index;

/// <summary>
/// How the Lucene index answers: a parsed query as a Lucene query ranked by BM25 with field weights times the item's
/// prior, over every match; facet counts from doc values in the same pass; the page's stored fields and snippets;
/// similar items with MoreLikeThis; the Delivery API's content queries as filters with sorts from doc values.
/// </summary>
public sealed class LuceneSearches(SearchSchema schema, SearchModel model, SearchOptions options, PublishedContentCache cache, TimeProvider clock)
{
    private static readonly HashSet<string> HitFields = new(StringComparer.Ordinal)
    {
        SearchSchema.Key, SearchSchema.Culture, SearchSchema.ContentType, SearchSchema.StoredName, SearchSchema.Snippet, SearchSchema.Updated,
    };

    private readonly LuceneQueryWriter _writer = new(schema, options);
    private readonly ScopeFilters _scopes = new();
    private readonly TreeOrder.ParentPlaces _parentPlaces = new(cache);
    private readonly List<string> _facetNames = model.Facets.Select(f => f.Name).ToList();
    private readonly List<string> _facetFields = model.Facets.Select(f => SearchSchema.FacetField(f.Name)).ToList();

    public LuceneQueryWriter Writer => _writer;

    public IndexSearchResult Search(IndexSearcher searcher, IndexSearch search)
    {
        var written = _writer.Write(search.Query, searcher.IndexReader);
        return Run(searcher, search, written.Query, [.. written.Notices]);
    }

    public IndexSearchResult Similar(IndexSearcher searcher, Guid key, string culture, IndexSearch scope)
    {
        var load = new HashSet<string>(StringComparer.Ordinal) { SearchSchema.Culture, SearchSchema.StoredName, SearchSchema.Snippet };
        var own = searcher.Search(new TermQuery(new Term(SearchSchema.Key, key.ToString())), 10).ScoreDocs
            .Select(d => searcher.Doc(d.Doc, load))
            .OrderByDescending(d => d.Get(SearchSchema.Culture, CultureInfo.InvariantCulture) == culture)
            .ThenByDescending(d => d.Get(SearchSchema.Culture, CultureInfo.InvariantCulture) == cache.DefaultCulture)
            .FirstOrDefault();
        if (own is null)
            return Empty(["That item is not in the index."]);
        var sourceCulture = own.Get(SearchSchema.Culture, CultureInfo.InvariantCulture);
        var text = own.Get(SearchSchema.StoredName, CultureInfo.InvariantCulture) + "\n" + own.Get(SearchSchema.Snippet, CultureInfo.InvariantCulture);
        // Each part of the item in its own field, with that field's statistics: the words that set the item apart.
        var query = new BooleanQuery(disableCoord: true);
        foreach (var role in new[] { FieldRole.Name, FieldRole.Summary, FieldRole.Keywords, FieldRole.Body })
        {
            var field = SearchSchema.TextField(role, sourceCulture);
            var similar = new MoreLikeThis(searcher.IndexReader)
            {
                Analyzer = schema.Analyzer,
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
        if (query.Clauses.Count == 0)
            return Empty([]);
        return Run(searcher, scope with { Exclude = key }, query, []);
    }

    private static IndexSearchResult Empty(IReadOnlyList<string> notices) => new(0, [], new Dictionary<string, IReadOnlyDictionary<string, int>>(), notices);

    private IndexSearchResult Run(IndexSearcher searcher, IndexSearch request, Query? text, List<string> notices)
    {
        var reader = searcher.IndexReader;

        // The culture's view and the item left out apply to every count; each facet's choice is a group of its own.
        var scope = new BooleanQuery { { new TermQuery(new Term(SearchSchema.View, request.Culture)), Occur.MUST } };
        if (request.Exclude is { } excluded)
            scope.Add(new TermQuery(new Term(SearchSchema.Key, excluded.ToString())), Occur.MUST_NOT);
        foreach (var type in request.ExcludeTypes)
            scope.Add(new TermQuery(new Term(SearchSchema.ContentType, type)), Occur.MUST_NOT);
        foreach (var (facet, key) in request.Without)
            scope.Add(new TermQuery(new Term(SearchSchema.FacetField(facet), key)), Occur.MUST_NOT);
        var affinity = text is null && request.Affinity.Count > 0 ? Affinity(request, scope) : null;
        var groups = new List<Filter>();
        var groupFacet = new List<int>();
        foreach (var (facet, keys) in request.Filters)
        {
            groups.Add(new TermsFilter(keys.Select(k => new Term(SearchSchema.FacetField(facet), k)).ToList()));
            groupFacet.Add(_facetNames.IndexOf(facet));
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
        // Similar items leave out their own item: a scope of its own, not worth keeping.
        var scopeKey = scope.ToString();
        var scopeFilter = request.Exclude is null ? _scopes.For(scope, scopeKey) : new QueryWrapperFilter(scope);
        // A browse with one facet chosen: that facet's own counts are those of the whole scope, kept per segment, so only
        // the documents with the choice need visiting (as if it were a plain filter).
        var ownCountsFromScope = text is null && affinity is null && groups.Count == 1 && request.CountFacets && groupFacet[0] >= 0;
        var chosen = new FacetGroups(groups);
        var collector = new FacetingCollector((ICollector)top, _facetFields, chosen, groupFacet, countFacets: request.CountFacets);

        var recency = model.Index.Recency;
        Query main = affinity ?? (text is null ? new MatchAllDocsQuery() : new PriorScoreQuery(text, recency.Weight, recency.HalfLifeYears, clock.GetUtcNow()));
        // The scope filters the query; the facet choices only narrow it to what the collector can use.
        searcher.Search(new FilteredQuery(main, scopeFilter), ownCountsFromScope ? chosen.Passing(0) : chosen.Narrowing(), collector);
        collector.Flush();
        if (ownCountsFromScope)
            collector.Replace(groupFacet[0], _scopes.Counts(reader, scopeFilter, scopeKey, _facetFields[groupFacet[0]]));

        var hits = new List<IndexHit>();
        var page = top.GetTopDocs(request.Skip, request.Take);
        var snippets = text is null ? null : new Snippets(schema, text);
        foreach (var scored in page.ScoreDocs)
        {
            var document = searcher.Doc(scored.Doc, HitFields);
            var culture = document.Get(SearchSchema.Culture, CultureInfo.InvariantCulture);
            var source = document.Get(SearchSchema.Snippet, CultureInfo.InvariantCulture) ?? "";
            hits.Add(new IndexHit(
                Guid.Parse(document.Get(SearchSchema.Key, CultureInfo.InvariantCulture)),
                document.Get(SearchSchema.ContentType, CultureInfo.InvariantCulture),
                culture,
                document.Get(SearchSchema.StoredName, CultureInfo.InvariantCulture),
                snippets?.For(source, culture) ?? Snippets.Plain(source),
                float.IsNaN(scored.Score) ? 0 : Math.Round(scored.Score, 6),
                new DateTimeOffset(document.GetField(SearchSchema.Updated).GetInt64Value() ?? 0, TimeSpan.Zero)));
        }

        var facets = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        if (request.CountFacets)
        {
            for (var f = 0; f < _facetNames.Count; f++)
                facets[_facetNames[f]] = collector.Counts(f);
        }
        return new IndexSearchResult(collector.Total, hits, facets, notices);
    }

    /// <summary>The sum of the weights of the values an item shares (each counted once); the scope keeps only items sharing a value above the floor.</summary>
    private static Query Affinity(IndexSearch request, BooleanQuery scope)
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

    public DeliveryQueryResult Deliver(IndexSearcher searcher, DeliveryQuery query)
    {
        var (filter, sort) = PrepareDelivery(query);
        var maxDoc = Math.Max(1, searcher.IndexReader.MaxDoc);
        var wanted = (int)Math.Clamp((long)query.Skip + query.Take, 1, maxDoc);
        var collector = TopFieldCollector.Create(sort, wanted, fillFields: false, trackDocScores: false, trackMaxScore: false, docsScoredInOrder: false);
        searcher.Search(filter, collector);

        var keys = new List<Guid>(Math.Min(query.Take, 1000));
        if (query.Take > 0 && query.Skip < wanted)
        {
            // The keys from the segments' key arrays: a stored-field read decompresses a block for each document.
            var leaves = searcher.IndexReader.Leaves;
            foreach (var hit in collector.GetTopDocs(query.Skip, query.Take).ScoreDocs)
            {
                var leaf = leaves[ReaderUtil.SubIndex(hit.Doc, leaves)];
                keys.Add(SegmentCache.Keys(leaf.AtomicReader, SearchSchema.Key)[hit.Doc - leaf.DocBase]);
            }
        }
        return new DeliveryQueryResult(collector.TotalHits, keys);
    }

    /// <summary>A content query as the Lucene query that finds its documents and the sort that orders them, tree order last.</summary>
    internal (Query Query, Sort Sort) PrepareDelivery(DeliveryQuery query)
    {
        var filter = new BooleanQuery();
        foreach (var type in query.ExcludeTypes)
            filter.Add(new TermQuery(new Term(SearchSchema.ContentType, type)), Occur.MUST_NOT);
        if (query.ExcludeKeys.Count > 0)
            filter.Add(AnyOf(SearchSchema.Key, query.ExcludeKeys.Select(k => k.ToString())), Occur.MUST_NOT);
        foreach (var condition in query.Conditions)
            filter.Add(Build(condition, query.Culture), condition.Negate ? Occur.MUST_NOT : Occur.MUST);

        if (!filter.Clauses.Any(c => c.Occur == Occur.MUST))
            filter.Add(new MatchAllDocsQuery(), Occur.MUST);
        // The culture's documents as a bit set kept per segment, tested per match (every content query has it).
        var culture = new TermQuery(new Term(SearchSchema.DeliveryCulture, query.Culture));
        var found = new FilteredQuery(new ConstantScoreQuery(filter), _scopes.For(culture, culture.ToString()));

        var fields = query.Sorts.Select(s => SortFieldFor(s, query.Culture)).ToList();
        fields.Add(new SortField(SearchSchema.DeliveryParent, new TreeOrder.ComparerSource(_parentPlaces)));
        return (found, new Sort([.. fields]));
    }

    private static SortField SortFieldFor(DeliverySort sort, string culture) => sort.Field switch
    {
        DeliverySortField.CreateDate => CachedSorts.Number(SearchSchema.DeliveryCreated, sort.Descending),
        DeliverySortField.UpdateDate => CachedSorts.Number(SearchSchema.DeliveryUpdated, sort.Descending),
        DeliverySortField.Level => CachedSorts.Number(SearchSchema.DeliveryLevel, sort.Descending),
        DeliverySortField.SortOrder => CachedSorts.Number(SearchSchema.DeliverySortOrder, sort.Descending),
        DeliverySortField.Name => CachedSorts.Name(SearchSchema.DeliveryName(culture), sort.Descending),
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort.Field, "not a sort field"),
    };

    private static Query Build(DeliveryCondition condition, string culture) => condition switch
    {
        DeliveryCondition.AnyOf any => AnyOf(FieldOf(any.Field), any.Values.Select(v => Normalise(any.Field, v))),
        DeliveryCondition.NameContains name => Contains(SearchSchema.DeliveryMatch(culture), DeliveryText.Match(name.Text)),
        DeliveryCondition.Date date => DateQuery(date),
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "not a condition"),
    };

    private static string FieldOf(DeliveryField field) => field switch
    {
        DeliveryField.Key => SearchSchema.Key,
        DeliveryField.ContentType => SearchSchema.ContentType,
        DeliveryField.Parent => SearchSchema.DeliveryParent,
        DeliveryField.Ancestor => SearchSchema.DeliveryAncestor,
        DeliveryField.References => SearchSchema.Picks,
        DeliveryField.Country => SearchSchema.DeliveryCountry,
        DeliveryField.Region => SearchSchema.DeliveryRegion,
        DeliveryField.Kind => SearchSchema.DeliveryKind,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a field"),
    };

    /// <summary>Values as the index holds them: keys in one form, country codes in upper case, regions and kinds as filter keys.</summary>
    private static string Normalise(DeliveryField field, string value) => field switch
    {
        DeliveryField.Key or DeliveryField.Parent or DeliveryField.Ancestor or DeliveryField.References =>
            Guid.TryParse(value, out var key) ? key.ToString() : value,
        DeliveryField.Country => value.Trim().ToUpperInvariant(),
        DeliveryField.Region or DeliveryField.Kind => DeliveryText.FilterKey(value),
        _ => value,
    };

    /// <summary>Documents with any of the terms; none at all for no terms.</summary>
    private static Query AnyOf(string field, IEnumerable<string> values)
    {
        var terms = values.Distinct(StringComparer.Ordinal).Select(v => new Term(field, v)).ToList();
        return terms.Count == 0 ? new BooleanQuery() : new ConstantScoreQuery(new TermsFilter(terms));
    }

    private static Query Contains(string field, string text) =>
        text.Length == 0 ? new MatchAllDocsQuery() : new ConstantScoreQuery(new NameContainsFilter(field, text));

    private static Query DateQuery(DeliveryCondition.Date date)
    {
        var field = date.Field == DeliveryDateField.CreateDate ? SearchSchema.DeliveryCreated : SearchSchema.DeliveryUpdated;
        var ticks = date.Value.UtcTicks;
        return date.Comparison switch
        {
            DateComparison.After => NumericRangeQuery.NewInt64Range(field, ticks, null, minInclusive: false, maxInclusive: true),
            DateComparison.From => NumericRangeQuery.NewInt64Range(field, ticks, null, minInclusive: true, maxInclusive: true),
            DateComparison.Before => NumericRangeQuery.NewInt64Range(field, null, ticks, minInclusive: true, maxInclusive: false),
            DateComparison.Until => NumericRangeQuery.NewInt64Range(field, null, ticks, minInclusive: true, maxInclusive: true),
            DateComparison.Exactly => NumericRangeQuery.NewInt64Range(field, ticks, ticks, minInclusive: true, maxInclusive: true),
            DateComparison.NotExactly => new BooleanQuery
            {
                { new MatchAllDocsQuery(), Occur.MUST },
                { NumericRangeQuery.NewInt64Range(field, ticks, ticks, minInclusive: true, maxInclusive: true), Occur.MUST_NOT },
            },
            _ => throw new ArgumentOutOfRangeException(nameof(date), date.Comparison, "not a comparison"),
        };
    }
}
