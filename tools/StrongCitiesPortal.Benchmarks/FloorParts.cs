using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Benchmarks;

/// <summary>
/// Where the raw floor's time goes, per query of the mix, in the thread's CPU time (median of the rounds): finding the
/// matches alone, the matches scored into a top 10, the top 10 without the prior, the facets counted from doc values
/// decoded per match, and from the segment's ordinal arrays; and the whole search through the service.
/// </summary>
internal sealed class FloorParts(BenchHost host, TextWriter output)
{
    public async Task RunAsync(IReadOnlyList<BenchQuery> queries, int rounds)
    {
        var raw = new RawLuceneSearch(host);
        var search = host.Get<SearchService>();
        var searches = host.Get<LuceneSearches>();
        var parts = new (string Name, Func<IndexSearcher, RawLuceneSearch.Prepared, Task> Run)[]
        {
            ("matches", (s, p) => Done(() => s.Search(p.Main, p.Filter, new TotalHitCountCollector()))),
            ("top 10", (s, p) => Done(() => s.Search(p.Main, p.Filter, Top(p)))),
            ("top 10 no prior", (s, p) => Done(() => s.Search(p.Text ?? p.Main, p.Filter, Top(p)))),
            ("facets, doc values", (s, p) => Done(() => s.Search(p.Main, p.Filter, new DocValuesCounts(p.FacetFields)))),
            ("facets, arrays", (s, p) => Done(() =>
            {
                var counts = new RawLuceneSearch.FacetCounts(p.FacetFields);
                s.Search(p.Main, p.Filter, counts);
                counts.Flush();
            })),
        };
        output.WriteLine($"| query | {string.Join(" | ", parts.Select(p => p.Name))} | query written | index, top 1 | index, top 10 | service | ({(ThreadCpu.IsCpuTime ? "thread CPU" : "wall")} ms, median of {rounds})");
        output.WriteLine($"| --- |{string.Concat(parts.Select(_ => " ---: |"))} ---: | ---: | ---: | ---: |");
        foreach (var query in queries)
        {
            var prepared = raw.Prepare(query.Request);
            var times = parts.Select(_ => new List<double>()).ToList();
            var service = new List<double>();
            var written = new List<double>();
            var noPage = new List<double>();
            var indexTop = new List<double>();
            var asked = RawLuceneSearch.IndexRequest(host, query.Request);
            using var lease = host.Index.Acquire()!;
            // Five rounds first that are not counted: the JIT's tiers and the segments' arrays.
            for (var round = -5; round < rounds; round++)
            {
                for (var p = 0; p < parts.Length; p++)
                {
                    var start = ThreadCpu.Now();
                    await parts[p].Run(lease.Searcher, prepared);
                    if (round >= 0)
                        times[p].Add((ThreadCpu.Now() - start).TotalMilliseconds);
                }
                var at = ThreadCpu.Now();
                searches.Writer.Write(asked.Query, lease.Searcher.IndexReader);
                var then = ThreadCpu.Now();
                searches.Search(lease.Searcher, asked with { Take = 1 });
                var then2 = ThreadCpu.Now();
                searches.Search(lease.Searcher, asked);
                if (round >= 0)
                {
                    written.Add((then - at).TotalMilliseconds);
                    noPage.Add((then2 - then).TotalMilliseconds);
                    indexTop.Add((ThreadCpu.Now() - then2).TotalMilliseconds);
                }
                var began = ThreadCpu.Now();
                // The service's search runs on this thread up to its first wait; a search of the index waits for nothing here.
                await search.SearchAsync(query.Request);
                if (round >= 0)
                    service.Add((ThreadCpu.Now() - began).TotalMilliseconds);
            }
            output.WriteLine($"| {query.Kind} | {string.Join(" | ", times.Select(t => Median(t)))} | {Median(written)} | {Median(noPage)} | {Median(indexTop)} | {Median(service)} |");
        }
    }

    private static Task Done(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    private static ICollector Top(RawLuceneSearch.Prepared prepared) => prepared.Sort is null
        ? TopScoreDocCollector.Create(10, docsScoredInOrder: true)
        : TopFieldCollector.Create(prepared.Sort, 10, fillFields: false, trackDocScores: false, trackMaxScore: false, docsScoredInOrder: true);

    private static string Median(List<double> values) => values.Order().ElementAt(values.Count / 2).ToString("N2", CultureInfo.InvariantCulture);

    private sealed class DocValuesCounts(IReadOnlyList<string> fields) : ICollector
    {
        private SortedSetDocValues?[] _values = [];
        private int[][] _counts = [];

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context)
        {
            _values = fields.Select(f => (SortedSetDocValues?)context.AtomicReader.GetSortedSetDocValues(f)).ToArray();
            _counts = _values.Select(v => new int[v?.ValueCount ?? 0]).ToArray();
        }

        public void Collect(int doc)
        {
            for (var f = 0; f < _values.Length; f++)
            {
                if (_values[f] is not { } values)
                    continue;
                values.SetDocument(doc);
                long ord;
                while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                    _counts[f][ord]++;
            }
        }
    }
}
