using System.Diagnostics;
using System.Globalization;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Benchmarks;

internal sealed record CrossInstanceFigures(int Publishes, Timings Own, int OwnAtOnce, Timings Other, int OtherMissed, TimeSpan SecondIndexBuilt);

/// <summary>
/// How soon a publish is searchable: on the instance that published it (read your own writes: the first search
/// after the publish returns) and on another instance on the same database with its own index (woken by NOTIFY,
/// applying the change feed), polled from the moment the publish returned.
/// </summary>
internal sealed class CrossInstance(BenchHost first, TextWriter output)
{
    public static readonly Guid PracticesFolder = new("11405358-73cb-4fe5-a03d-a8a1b146a032");

    public async Task<CrossInstanceFigures> MeasureAsync(int publishes)
    {
        var clock = Stopwatch.StartNew();
        await using var second = await first.StartAnotherAsync("b");
        await second.WaitForIndexAsync(TimeSpan.FromMinutes(15));
        var built = clock.Elapsed;
        output.WriteLine($"  the second instance's index is ready after {built.TotalSeconds:N1} s");

        var themes = await CorpusGenerator.ReadPickableAsync(first.DataSource, "theme");
        var cities = await CorpusGenerator.ReadPickableAsync(first.DataSource, "memberCity");
        var items = new CorpusGenerator(seed: Environment.TickCount).Practices(publishes, themes, cities).ToList();
        var content = first.Get<ContentService>();
        var own = new List<double>();
        var other = new List<double>();
        var ownAtOnce = 0;
        var missed = 0;
        var published = new List<Guid>();
        var run = Guid.NewGuid().ToString("N")[..6];
        var random = new Random();
        try
        {
            for (var i = 0; i < items.Count; i++)
            {
                // A word no other item has, whose stem is no other's either (ending in a letter no stemmer takes off).
                var token = string.Create(CultureInfo.InvariantCulture, $"crossbench{run}n{i:D3}k");
                var data = items[i].Data.Clone();
                data.Cultures["en"].Name = token + " " + data.Cultures["en"].Name;
                var result = await content.SaveAndPublishAsync(new ContentDraft { ContentType = "goodPractice", ParentKey = PracticesFolder, Data = data }, items[i].Publish, "bench");
                if (!result.Succeeded)
                    throw new InvalidOperationException("Publishing a generated practice failed: " + string.Join("; ", result.Errors.Select(e => e.Message)));
                var key = result.Item!.Key;
                published.Add(key);
                var watch = Stopwatch.StartNew();
                var request = new SearchRequest { Query = token + " ", Take = 1 };

                var here = await first.Get<SearchService>().SearchAsync(request);
                own.Add(watch.Elapsed.TotalMilliseconds);
                if (here.Items.Any(h => h.Id == key))
                    ownAtOnce++;
                else
                {
                    var again = await first.Get<SearchService>().SearchAsync(request);
                    output.WriteLine($"  publish {i + 1}: the publishing instance's first search missed it (index at change {first.Index.Sequence}, "
                        + $"own last commit {first.Get<ContentChangeFeed>().LastCommittedHere}); a second search {(again.Items.Any(h => h.Id == key) ? "found" : "missed")} it");
                }

                var search = second.Get<SearchService>();
                var found = false;
                while (watch.Elapsed < TimeSpan.FromSeconds(10))
                {
                    if ((await search.SearchAsync(request with { WithoutFacets = true })).Items.Any(h => h.Id == key))
                    {
                        found = true;
                        break;
                    }
                    await Task.Delay(2);
                }
                other.Add(watch.Elapsed.TotalMilliseconds);
                if (!found)
                {
                    missed++;
                    var latest = await first.Get<ContentChangeFeed>().LatestAsync();
                    output.WriteLine($"  publish {i + 1}: the other instance did not find it within 10 s; its index is at change {second.Index.Sequence} of {latest}");
                }
                await Task.Delay(random.Next(100, 400));
            }
        }
        finally
        {
            foreach (var key in published)
                await content.DeleteAsync(key, "bench");
        }
        return new CrossInstanceFigures(items.Count, Timings.Of(own), ownAtOnce, Timings.Of(other), missed, built);
    }
}
