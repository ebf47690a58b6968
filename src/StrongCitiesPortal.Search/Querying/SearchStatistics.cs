using Npgsql;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// How common each word of the index is, from PostgreSQL's own statistics (the most common lexemes of
/// the text column). Used only to choose how to count and rank a query: a word that is not among the
/// most common is known to be rarer than the least common of them.
/// </summary>
public sealed class SearchStatistics(TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot _snapshot = new(DateTimeOffset.MinValue, 0, new Dictionary<string, double>(StringComparer.Ordinal), 0);

    private sealed record Snapshot(DateTimeOffset LoadedAt, double Rows, IReadOnlyDictionary<string, double> Frequencies, double Cutoff);

    public double Rows => _snapshot.Rows;

    /// <summary>The estimated share of rows holding a lexeme (an upper bound when it is not among the common ones).</summary>
    public double Frequency(string lexeme, bool prefix)
    {
        var snapshot = _snapshot;
        if (snapshot.Frequencies.Count == 0)
            return 1;
        if (prefix)
            return Math.Min(1, snapshot.Frequencies.Where(f => f.Key.StartsWith(lexeme, StringComparison.Ordinal)).Sum(f => f.Value) + snapshot.Cutoff);
        return snapshot.Frequencies.TryGetValue(lexeme, out var frequency) ? frequency : snapshot.Cutoff;
    }

    public async Task RefreshAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - _snapshot.LoadedAt < MaxAge)
            return;
        if (!await _gate.WaitAsync(0, cancellationToken))
            return;
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("""
                select greatest(c.reltuples, 0)::float8, s.most_common_elems::text::text[], s.most_common_elem_freqs
                from pg_class c
                left join pg_stats s on s.tablename = 'search_item' and s.attname = 'document' and s.schemaname = current_schema()
                where c.oid = 'search_item'::regclass
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var frequencies = new Dictionary<string, double>(StringComparer.Ordinal);
            double rows = 0, cutoff = 0;
            if (await reader.ReadAsync(cancellationToken))
            {
                rows = reader.GetDouble(0);
                if (!reader.IsDBNull(1) && !reader.IsDBNull(2))
                {
                    var elements = reader.GetFieldValue<string[]>(1);
                    var freqs = reader.GetFieldValue<float[]>(2);
                    for (var i = 0; i < elements.Length && i < freqs.Length; i++)
                        frequencies[elements[i]] = freqs[i];
                    // After the per-element frequencies come the minimum, the maximum and the null share.
                    cutoff = freqs.Length > elements.Length ? freqs[elements.Length] : 0;
                }
            }
            _snapshot = new Snapshot(clock.GetUtcNow(), rows, frequencies, cutoff);
        }
        finally
        {
            _gate.Release();
        }
    }
}
