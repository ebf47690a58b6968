using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Index;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Benchmarks;

/// <summary>
/// The floor under the search service: the same index and the same Lucene query (built once, beforehand), searched
/// with nothing around it: the culture's view as a filter kept per segment (as the service keeps it), the chosen facet
/// values as one filter, the top 10 by score (or
/// by the service's sort), and every facet counted over every match from the
/// segment's ordinal arrays (<see cref="FacetOrdinals"/>, as the service counts). No stored fields
/// are read, no snippets made, no labels looked up.
/// </summary>
internal sealed class RawLuceneSearch(BenchHost host)
{
    public sealed record Prepared(Query Main, Query? Text, Filter? Filter, Sort? Sort, IReadOnlyList<string> FacetFields);

    public sealed record Found(int Total, TopDocs Top, IReadOnlyList<Dictionary<string, int>> Facets);

    private readonly LuceneSearchIndex _index = host.Index;
    private readonly SearchModel _model = host.Get<SearchModel>();
    private readonly SearchOptions _options = host.Get<IOptions<SearchOptions>>().Value;
    private readonly ScopeFilters _views = new();

    /// <summary>The Lucene query the service runs for this request, as it would build it now.</summary>
    public Prepared Prepare(SearchRequest request)
    {
        using var lease = _index.Acquire() ?? throw new InvalidOperationException("The search index is not open.");
        var reader = lease.Searcher.IndexReader;
        var parsed = host.Get<Synonyms>().Expand(new QueryParser(_options.MaxQueryTerms).Parse(request.Query));
        var text = new LuceneQueryWriter(_index.Schema, _options).Write(parsed, reader).Query;
        var recency = _model.Index.Recency;
        Query main = text is null ? new MatchAllDocsQuery() : new PriorScoreQuery(text, recency.Weight, recency.HalfLifeYears, DateTimeOffset.UtcNow);

        var view = new BooleanQuery { { new TermQuery(new Term(SearchSchema.View, request.Culture)), Occur.MUST } };
        var filter = new BooleanQuery();
        var labels = host.Get<FacetLabels>();
        foreach (var (facet, values) in request.Filters)
        {
            var any = new BooleanQuery();
            foreach (var value in values)
            {
                var key = labels.Resolve(facet, value, _index) ?? throw new InvalidOperationException($"No item has {facet} '{value}'.");
                any.Add(new TermQuery(new Term(SearchSchema.FacetField(facet), key)), Occur.SHOULD);
            }
            filter.Add(any, Occur.MUST);
        }
        var byDate = new Sort(new SortField(SearchSchema.SortDate, SortFieldType.INT64, reverse: true), new SortField(SearchSchema.NameSort, SortFieldType.STRING));
        var sort = request.Sort == SearchSort.Date || text is null ? byDate : null;
        // The view as the service filters it: each segment's bit set kept, tested per match.
        var views = _views.For(view, view.ToString());
        return new Prepared(new FilteredQuery(main, views), text is null ? null : new FilteredQuery(text, views), filter.Clauses.Count == 0 ? null : new QueryWrapperFilter(filter), sort, _model.Facets.Select(f => SearchSchema.FacetField(f.Name)).ToList());
    }

    /// <summary>The request as the service hands it to the index (facet values as keys, the query parsed with synonyms).</summary>
    public static IndexSearch IndexRequest(BenchHost host, SearchRequest request)
    {
        var options = host.Get<IOptions<SearchOptions>>().Value;
        var labels = host.Get<FacetLabels>();
        return new IndexSearch
        {
            Query = host.Get<Synonyms>().Expand(new QueryParser(options.MaxQueryTerms).Parse(request.Query)),
            Culture = request.Culture,
            Filters = request.Filters.Select(f => (f.Key, (IReadOnlyList<string>)f.Value.Select(v => labels.Resolve(f.Key, v, host.Index)!).ToList())).ToList(),
            Sort = request.Sort,
            Take = request.Take,
        };
    }

    public Found Search(Prepared prepared, int take = 10)
    {
        using var lease = _index.Acquire() ?? throw new InvalidOperationException("The search index is not open.");
        var searcher = lease.Searcher;
        ITopDocsCollector top = prepared.Sort is null
            ? TopScoreDocCollector.Create(take, docsScoredInOrder: true)
            : TopFieldCollector.Create(prepared.Sort, take, fillFields: false, trackDocScores: false, trackMaxScore: false, docsScoredInOrder: true);
        var facets = new FacetCounts(prepared.FacetFields);
        searcher.Search(prepared.Main, prepared.Filter, MultiCollector.Wrap((ICollector)top, facets));
        facets.Flush();
        return new Found(top.TotalHits, top.GetTopDocs(), facets.Counts);
    }

    /// <summary>
    /// Counts every facet value of every match, as the service does: the segment's matches listed, then counted one
    /// facet at a time from the segment's ordinal arrays, and turned into values at the end of the segment.
    /// </summary>
    internal sealed class FacetCounts(IReadOnlyList<string> fields) : ICollector
    {
        private FacetOrdinals[] _values = [];
        private int[] _docs = new int[1024];
        private int _count;

        public List<Dictionary<string, int>> Counts { get; } = fields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToList();

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            _values = fields.Select(f => FacetOrdinals.For(context.AtomicReader, f)).ToArray();
        }

        public void Collect(int doc)
        {
            if (_count == _docs.Length)
                Array.Resize(ref _docs, _docs.Length * 2);
            _docs[_count++] = doc;
        }

        public void Flush()
        {
            for (var f = 0; f < _values.Length; f++)
            {
                var keys = _values[f].Keys;
                var counts = new int[keys.Length];
                _values[f].CountAll(_docs.AsSpan(0, _count), counts);
                for (var ord = 0; ord < counts.Length; ord++)
                {
                    if (counts[ord] != 0)
                        Counts[f][keys[ord]] = Counts[f].GetValueOrDefault(keys[ord]) + counts[ord];
                }
            }
            _values = [];
            _count = 0;
        }
    }
}
