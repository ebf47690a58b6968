using System.Text.Json;
using Npgsql;
using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Search.Querying;

/// <param name="Rows">How many rows carry the value (as of the last reload: used only to plan queries).</param>
public sealed record FacetEntry(int Id, string Facet, string Key, IReadOnlyDictionary<string, string> Labels, long Rows = 0)
{
    public string Label(string culture, string defaultCulture) =>
        Labels.GetValueOrDefault(culture) ?? Labels.GetValueOrDefault(defaultCulture) ?? Labels.Values.FirstOrDefault() ?? Key;
}

/// <summary>The facet values by id, held in memory and reloaded when the index's generation moves on.</summary>
public sealed class FacetDictionary
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot _snapshot = new(-1, new Dictionary<int, FacetEntry>(), new Dictionary<string, List<FacetEntry>>(StringComparer.Ordinal));

    private sealed record Snapshot(long Generation, IReadOnlyDictionary<int, FacetEntry> ById, IReadOnlyDictionary<string, List<FacetEntry>> ByFacet);

    public long Generation => _snapshot.Generation;

    public FacetEntry? Get(int id) => _snapshot.ById.GetValueOrDefault(id);

    public IReadOnlyList<FacetEntry> Values(string facet) => _snapshot.ByFacet.GetValueOrDefault(facet) ?? [];

    /// <summary>A facet value by its key (an item key, a code) or by its label in any culture, ignoring case and accents.</summary>
    public FacetEntry? Find(string facet, string value)
    {
        var values = Values(facet);
        var trimmed = value.Trim();
        var byKey = values.FirstOrDefault(v => string.Equals(v.Key, trimmed, StringComparison.OrdinalIgnoreCase));
        if (byKey is not null)
            return byKey;
        var folded = TextTokens.Fold(trimmed);
        return values.FirstOrDefault(v => v.Labels.Values.Any(l => TextTokens.Fold(l) == folded));
    }

    public async Task RefreshAsync(NpgsqlDataSource dataSource, long? knownGeneration, CancellationToken cancellationToken)
    {
        if (knownGeneration is { } known && known == _snapshot.Generation)
            return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (knownGeneration is { } again && again == _snapshot.Generation)
                return;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("""
                select (select generation from search_state where id = 1), v.id, v.facet, v.key, v.labels::text, coalesce(bit_count(b.bits), 0)
                from search_facet_value v left join search_facet_bits b on b.value_id = v.id order by v.id
                """, connection);
            long generation = 0;
            var byId = new Dictionary<int, FacetEntry>();
            var byFacet = new Dictionary<string, List<FacetEntry>>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    generation = reader.GetInt64(0);
                    var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(4)) ?? [];
                    var entry = new FacetEntry(reader.GetInt32(1), reader.GetString(2), reader.GetString(3), labels, reader.GetInt64(5));
                    byId[entry.Id] = entry;
                    if (!byFacet.TryGetValue(entry.Facet, out var list))
                        byFacet[entry.Facet] = list = [];
                    list.Add(entry);
                }
            }
            _snapshot = new Snapshot(generation, byId, byFacet);
        }
        finally
        {
            _gate.Release();
        }
    }
}
