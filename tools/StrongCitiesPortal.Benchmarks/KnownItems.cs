using Npgsql;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Indexing;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Benchmarks;

/// <param name="Distinct">Queries whose three words are in the titles of at most ten practices: the top 10 can always hold the one looked for.</param>
internal sealed record KnownItemFigures(int Asked, int InTopTen, double MeanReciprocalRank, int Distinct, int DistinctInTopTen,
    IReadOnlyList<(string Query, string Title, int Rank, int Sharing)> Examples);

/// <summary>
/// Does search find the practice a reader has in mind? For generated practices picked at random, three words of the
/// practice's own English title (in the title's order) are the query: where does the practice come in the top 10?
/// </summary>
internal sealed class KnownItems(BenchHost host)
{
    private static readonly HashSet<string> Skipped = new(["the", "and", "for", "with", "from", "lessons", "evaluating"], StringComparer.Ordinal);

    public async Task<KnownItemFigures> MeasureAsync(int count, int seed = 7)
    {
        var practices = new List<(Guid Key, string Title)>();
        await using (var connection = await host.DataSource.OpenConnectionAsync())
        await using (var command = new NpgsqlCommand("""
            select n.key, c.published_name from cms_node n join cms_culture c on c.node_id = n.id and c.culture = 'en' and c.published_version is not null
            where n.content_type = 'goodPractice' and n.created_by = 'generator' and not n.trashed
            order by md5(n.key::text || @seed) limit @count
            """, connection))
        {
            command.Parameters.AddWithValue("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("count", count);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                practices.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        // Every English title as its words, to tell how many titles hold all three words of a query.
        var titles = new List<HashSet<string>>();
        await using (var connection = await host.DataSource.OpenConnectionAsync())
        await using (var command = new NpgsqlCommand("""
            select c.published_name from cms_node n join cms_culture c on c.node_id = n.id and c.culture = 'en' and c.published_version is not null
            where n.content_type = 'goodPractice' and not n.trashed
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                titles.Add(TextTokens.Words(reader.GetString(0)).ToHashSet(StringComparer.Ordinal));
        }

        var random = new Random(seed);
        var search = host.Get<SearchService>();
        var found = 0;
        var reciprocal = 0.0;
        var distinct = 0;
        var distinctFound = 0;
        var examples = new List<(string, string, int, int)>();
        foreach (var (key, title) in practices)
        {
            var words = title.Split([' ', ',', ':', '(', ')', '\''], StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length >= 3 && !Skipped.Contains(w.ToLowerInvariant()) && !w.All(char.IsDigit))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            var chosen = Enumerable.Range(0, words.Count).OrderBy(_ => random.Next()).Take(3).Order().Select(i => words[i]);
            var query = string.Join(' ', chosen);
            var hits = (await search.SearchAsync(new SearchRequest { Query = query + " ", Take = 10 })).Items;
            var rank = hits.Select((h, i) => (h.Id, Rank: i + 1)).FirstOrDefault(h => h.Id == key).Rank;
            var queryWords = TextTokens.Words(query);
            var sharing = titles.Count(t => queryWords.All(t.Contains));
            if (rank > 0)
            {
                found++;
                reciprocal += 1.0 / rank;
            }
            if (sharing <= 10)
            {
                distinct++;
                if (rank > 0)
                    distinctFound++;
            }
            if (examples.Count < 10 && (rank == 0 || examples.Count < 4))
                examples.Add((query, title, rank, sharing));
        }
        return new KnownItemFigures(practices.Count, found, practices.Count == 0 ? 0 : reciprocal / practices.Count, distinct, distinctFound, examples);
    }
}
