using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Search;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Delivery;
using StrongCitiesPortal.Search.Index;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Benchmarks;

/// <summary>
/// The Delivery API's content queries of <c>tools/DeliveryApiBenchmark</c>, asked of the index directly (the keys of
/// the page and the total, without reading and shaping the items): wall and thread CPU time per query.
/// </summary>
internal sealed class DeliveryBench(BenchHost host, TextWriter output)
{
    public async Task RunAsync(int rounds)
    {
        var practices = CrossInstance.PracticesFolder;
        if (host.Get<PublishedContentCache>().Get(practices) is null)
            throw new InvalidOperationException("The published cache does not hold the practice library.");
        var hateCrime = host.Get<FacetLabels>().Resolve("theme", "Hate crime", host.Index) ?? throw new InvalidOperationException("No theme 'Hate crime'.");
        var root = host.Get<PublishedContentCache>().Get(practices)!.ParentKey!.Value;
        var queries = new (string Name, DeliveryQuery Query)[]
        {
            ("filter=contentType:goodPractice&sort=updateDate:desc&take=10", new()
            {
                Culture = "en",
                Conditions = [new DeliveryCondition.AnyOf(DeliveryField.ContentType, ["goodPractice"])],
                Sorts = [new DeliverySort(DeliverySortField.UpdateDate, Descending: true)],
            }),
            ("fetch=children:/practices/&sort=name:asc&skip=20&take=20", new()
            {
                Culture = "en",
                Conditions = [new DeliveryCondition.AnyOf(DeliveryField.Parent, [practices.ToString()])],
                Sorts = [new DeliverySort(DeliverySortField.Name, Descending: false)],
                Skip = 20,
                Take = 20,
            }),
            ("fetch=descendants:/&filter=theme:hate-crime&filter=country:GB&take=10", new()
            {
                Culture = "en",
                Conditions =
                [
                    new DeliveryCondition.AnyOf(DeliveryField.Ancestor, [root.ToString()]),
                    new DeliveryCondition.AnyOf(DeliveryField.References, [hateCrime]),
                    new DeliveryCondition.AnyOf(DeliveryField.Country, ["GB"]),
                ],
            }),
            ("filter=name:london&take=10", new()
            {
                Culture = "en",
                Conditions = [new DeliveryCondition.NameContains("london")],
            }),
            ("filter=region:europe&filter=kind:initiative&sort=createDate:desc&take=10", new()
            {
                Culture = "en",
                Conditions = [new DeliveryCondition.AnyOf(DeliveryField.Region, ["europe"]), new DeliveryCondition.AnyOf(DeliveryField.Kind, ["initiative"])],
                Sorts = [new DeliverySort(DeliverySortField.CreateDate, Descending: true)],
            }),
            ("fetch=descendants:/&skip=10000&take=10 (tree order, deep page)", new()
            {
                Culture = "en",
                Conditions = [new DeliveryCondition.AnyOf(DeliveryField.Ancestor, [root.ToString()])],
                Skip = 10_000,
            }),
        };
        var searches = host.Get<LuceneSearches>();
        output.WriteLine($"| query (the index's part) | matches | wall p50 | p95 | CPU p50 | p95 | CPU p50: matching only | sorted without tree order (by document if no sort) |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, query) in queries)
        {
            var wall = new List<double>();
            var cpu = new List<double>();
            var total = 0;
            var matching = new List<double>();
            var untied = new List<double>();
            for (var round = -5; round < rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                var began = ThreadCpu.Now();
                total = host.Index.Deliver(query)!.Total;
                if (round >= 0)
                {
                    cpu.Add((ThreadCpu.Now() - began).TotalMilliseconds);
                    wall.Add(watch.Elapsed.TotalMilliseconds);
                }
                using var lease = host.Index.Acquire()!;
                var (lucene, sort) = searches.PrepareDelivery(query);
                var at = ThreadCpu.Now();
                lease.Searcher.Search(lucene, new TotalHitCountCollector());
                var then = ThreadCpu.Now();
                var fields = sort.GetSort();
                var wanted = Math.Max(1, query.Skip + query.Take);
                var collector = TopFieldCollector.Create(fields.Length > 1 ? new Sort(fields[..^1]) : new Sort(SortField.FIELD_DOC), wanted, false, false, false, false);
                lease.Searcher.Search(lucene, collector);
                if (round >= 0)
                {
                    matching.Add((then - at).TotalMilliseconds);
                    untied.Add((ThreadCpu.Now() - then).TotalMilliseconds);
                }
            }
            var w = Timings.Of(wall);
            var c = Timings.Of(cpu);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{name}` | {total:N0} | {w.P50:N1} | {w.P95:N1} | {c.P50:N1} | {c.P95:N1} | {Timings.Of(matching).P50:N1} | {Timings.Of(untied).P50:N1} |"));
        }
        await Task.CompletedTask;
    }
}
