using Npgsql;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Benchmarks;

internal sealed record KnownItemFigures(int Asked, int InTopTen, double MeanReciprocalRank, IReadOnlyList<(string Query, string Title, int Rank)> Examples);

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

        var random = new Random(seed);
        var search = host.Get<SearchService>();
        var found = 0;
        var reciprocal = 0.0;
        var examples = new List<(string, string, int)>();
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
            if (rank > 0)
            {
                found++;
                reciprocal += 1.0 / rank;
            }
            if (examples.Count < 8 && (rank == 0 || examples.Count < 4))
                examples.Add((query, title, rank));
        }
        return new KnownItemFigures(practices.Count, found, practices.Count == 0 ? 0 : reciprocal / practices.Count, examples);
    }
}
