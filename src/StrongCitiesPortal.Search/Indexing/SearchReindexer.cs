using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Search.Indexing;

public sealed record ReindexProgress(int Done, int Total, TimeSpan Elapsed, string Stage)
{
    public double Rate => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;
}

/// <param name="Stages">How long each stage took: writing rows (read, build, copy), building indexes, swapping in.</param>
public sealed record ReindexResult(int Rows, int Items, TimeSpan Elapsed, int CaughtUp, IReadOnlyDictionary<string, TimeSpan> Stages)
{
    public double Rate => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Rebuilds the whole index from what is live, through the same <see cref="IndexDocumentBuilder"/> as publishing.
/// It fills a new table (several connections at once, indexes built afterwards), then swaps it in with one
/// short lock and catches up with whatever was published meanwhile: searches keep working throughout.
/// </summary>
public sealed class SearchReindexer(
    PortalDatabase database,
    IndexDocumentBuilder builder,
    SearchIndexWriter writer,
    IOptions<SearchOptions> options,
    ILogger<SearchReindexer> logger)
{
    private const long LockId = 0x5C_0A_7A5;
    private const int BatchSize = 256;

    public async Task<ReindexResult> ReindexAsync(IProgress<ReindexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var dataSource = database.DataSource;
        await using var control = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(control, "select pg_advisory_lock(" + LockId + ")", cancellationToken);
        try
        {
            var total = Convert.ToInt32(await ScalarAsync(control, """
                select count(*) from cms_culture c join cms_node n on n.id = c.node_id
                where c.published_version is not null and not n.trashed
                """, cancellationToken));
            progress?.Report(new ReindexProgress(0, total, clock.Elapsed, "reading"));
            await ExecuteAsync(control, """
                drop table if exists search_item_next;
                create table search_item_next (like search_item including defaults including storage)
                    with (toast_tuple_target = 128, fillfactor = 90);
                drop table if exists search_document_next;
                create table search_document_next (like search_document including defaults including storage);
                drop table if exists search_word_next;
                create table search_word_next (word text not null, ndoc int not null);
                """, cancellationToken);

            var configurations = await ConfigurationOidsAsync(control, cancellationToken);
            var stages = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
            var stage = Stopwatch.StartNew();
            var (rows, items, _) = await LoadAsync(dataSource, configurations, total, clock, progress, cancellationToken);
            stages["write"] = stage.Elapsed;

            progress?.Report(new ReindexProgress(rows, total, clock.Elapsed, "indexing"));
            stage.Restart();
            await BuildIndexesAsync(dataSource, cancellationToken);
            stages["indexes"] = stage.Elapsed;
            stage.Restart();
            var caughtUp = await SwapAsync(control, rows, cancellationToken);
            stages["swap"] = stage.Elapsed;
            clock.Stop();
            progress?.Report(new ReindexProgress(rows, total, clock.Elapsed, "done"));
            logger.LogInformation("Reindexed {Rows} rows ({Items} items) in {Elapsed}; {CaughtUp} items caught up after the swap", rows, items, clock.Elapsed, caughtUp);
            return new ReindexResult(rows, items, clock.Elapsed, caughtUp, stages);
        }
        finally
        {
            await ExecuteAsync(control, "select pg_advisory_unlock(" + LockId + ")", CancellationToken.None);
        }
    }

    private sealed record Batch(List<IndexDocument> Documents, List<int[]> Facets, int FirstSlot);

    private async Task<(int Rows, int Items, int Words)> LoadAsync(NpgsqlDataSource dataSource, IReadOnlyDictionary<string, uint> configurations,
        int total, Stopwatch clock, IProgress<ReindexProgress>? progress, CancellationToken cancellationToken)
    {
        var writers = Math.Clamp(options.Value.ReindexConnections, 1, 8);
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(writers * 2) { SingleWriter = true });
        var done = 0;
        var copyTasks = Enumerable.Range(0, writers).Select(_ => Task.Run(() => CopyAsync(dataSource, channel.Reader, configurations, OnWritten, cancellationToken), cancellationToken)).ToList();

        void OnWritten(int count)
        {
            var now = Interlocked.Add(ref done, count);
            progress?.Report(new ReindexProgress(now, total, clock.Elapsed, "writing"));
        }

        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        var pairs = new Dictionary<int, int>();
        var rows = 0;
        var items = 0;
        try
        {
            await using var reading = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var lookups = await dataSource.OpenConnectionAsync(cancellationToken);
            var picked = new Dictionary<Guid, PublishedNode?>();
            var valueIds = new Dictionary<(string, string), int>();
            var nodes = new List<PublishedNode>(BatchSize);
            var slot = 0;

            async Task FlushAsync()
            {
                var missing = nodes.SelectMany(builder.PickedKeys).Where(k => !picked.ContainsKey(k)).Distinct().ToList();
                if (missing.Count > 0)
                {
                    var found = (await PublishedSource.ReadByKeysAsync(lookups, null, missing, cancellationToken)).ToDictionary(n => n.Key);
                    foreach (var key in missing)
                        picked[key] = found.GetValueOrDefault(key);
                }
                var documents = nodes.AsParallel().AsOrdered().SelectMany(n => builder.Build(n, k => picked.GetValueOrDefault(k))).ToList();
                var unknown = documents.SelectMany(d => d.Facets).Where(f => !valueIds.ContainsKey((f.Facet, f.Key))).ToList();
                if (unknown.Count > 0)
                {
                    foreach (var (key, id) in await SearchIndexWriter.FacetValueIdsAsync(lookups, null, unknown, cancellationToken))
                        valueIds[key] = id;
                }
                var facets = documents.Select(d => d.Facets.Select(f => valueIds[(f.Facet, f.Key)]).Distinct().Order().ToArray()).ToList();
                foreach (var document in documents)
                {
                    foreach (var word in document.Words)
                        words[word] = words.GetValueOrDefault(word) + 1;
                    foreach (var pair in document.Phrases)
                        pairs[pair] = pairs.GetValueOrDefault(pair) + 1;
                }
                await channel.Writer.WriteAsync(new Batch(documents, facets, slot), cancellationToken);
                slot += documents.Count;
                rows += documents.Count;
                items += nodes.Count;
                nodes.Clear();
            }

            await foreach (var node in PublishedSource.ReadAllAsync(reading, cancellationToken))
            {
                if (!builder.IsIndexed(node.ContentType))
                    continue;
                nodes.Add(node);
                if (nodes.Count == BatchSize)
                    await FlushAsync();
            }
            if (nodes.Count > 0)
                await FlushAsync();
        }
        finally
        {
            channel.Writer.TryComplete();
        }
        var postings = await Task.WhenAll(copyTasks);
        await WriteTermBitmapsAsync(dataSource, postings, pairs, rows, cancellationToken);

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var importer = await connection.BeginBinaryImportAsync("copy search_word_next (word, ndoc) from stdin (format binary)", cancellationToken))
        {
            foreach (var (word, count) in words)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(word, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(count, NpgsqlDbType.Integer, cancellationToken);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        return (rows, items, words.Count);
    }

    /// <summary>
    /// One writer: each batch is copied into a private staging table, then turned into the two tables' rows
    /// there, vectors computed by PostgreSQL. Several writers run at once, one per connection (and core).
    /// </summary>
    /// <returns>Every lexeme of the rows written, with their slots.</returns>
    private static async Task<Dictionary<string, List<int>>> CopyAsync(NpgsqlDataSource dataSource, ChannelReader<Batch> batches, IReadOnlyDictionary<string, uint> configurations,
        Action<int> written, CancellationToken cancellationToken)
    {
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, """
            create temp table search_stage (slot int, node_id bigint, node_key uuid, culture text, version int, content_type text, config regconfig,
                name text, summary text, keywords text, body text, other text, update_date timestamptz,
                sort_date timestamptz, boost real, facets int[], phrases int[])
            """, cancellationToken);
        await foreach (var batch in batches.ReadAllAsync(cancellationToken))
        {
            await using (var importer = await connection.BeginBinaryImportAsync("""
                copy search_stage (slot, node_id, node_key, culture, version, content_type, config, name, summary, keywords, body, other,
                                   update_date, sort_date, boost, facets, phrases) from stdin (format binary)
                """, cancellationToken))
            {
                for (var i = 0; i < batch.Documents.Count; i++)
                {
                    var d = batch.Documents[i];
                    await importer.StartRowAsync(cancellationToken);
                    await importer.WriteAsync(batch.FirstSlot + i, NpgsqlDbType.Integer, cancellationToken);
                    await importer.WriteAsync(d.NodeId, NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(d.NodeKey, NpgsqlDbType.Uuid, cancellationToken);
                    await importer.WriteAsync(d.Culture, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(d.Version, NpgsqlDbType.Integer, cancellationToken);
                    await importer.WriteAsync(d.ContentType, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(configurations[d.Configuration], NpgsqlDbType.Regconfig, cancellationToken);
                    await importer.WriteAsync(d.Name, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(d.Summary, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(d.Keywords, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(d.Body, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(d.Other, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(d.UpdateDate, NpgsqlDbType.TimestampTz, cancellationToken);
                    await importer.WriteAsync(d.SortDate, NpgsqlDbType.TimestampTz, cancellationToken);
                    await importer.WriteAsync((float)d.Boost, NpgsqlDbType.Real, cancellationToken);
                    await importer.WriteAsync(batch.Facets[i], NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken);
                    await importer.WriteAsync(d.Phrases, NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken);
                }
                await importer.CompleteAsync(cancellationToken);
            }
            await ExecuteAsync(connection, """
                insert into search_document_next (slot, node_id, node_key, culture, version, content_type, config, name, summary, keywords, body, other, update_date)
                select slot, node_id, node_key, culture, version, content_type, config, name, summary, keywords, body, other, update_date from search_stage
                """, cancellationToken);
            // The lexemes come back as PostgreSQL stemmed them: the lexeme bitmaps are built from exactly what the text index holds.
            await using (var insert = new NpgsqlCommand("""
                insert into search_item_next (slot, sort_date, boost, facets, phrases, head, document)
                select slot, sort_date, boost, facets, phrases, h, h || search_rest(config, body, other)
                from search_stage, search_head(config, name, summary, keywords) h
                returning slot, tsvector_to_array(document)
                """, connection) { CommandTimeout = 600 })
            await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var slot = reader.GetInt32(0);
                    foreach (var lexeme in reader.GetFieldValue<string[]>(1))
                    {
                        if (!postings.TryGetValue(lexeme, out var slots))
                            postings[lexeme] = slots = [];
                        slots.Add(slot);
                    }
                }
            }
            await ExecuteAsync(connection, "truncate search_stage", cancellationToken);
            written(batch.Documents.Count);
        }
        return postings;
    }

    /// <summary>
    /// Bitmaps for the lexemes and word pairs in many rows, in the layout of <c>search_bit</c>: each slot's bit in
    /// its group of 64, highest first. Lexemes come back from PostgreSQL as it stemmed them; the pairs of the
    /// common ones are gathered from the new rows in one more read.
    /// </summary>
    private async Task WriteTermBitmapsAsync(NpgsqlDataSource dataSource, Dictionary<string, List<int>>[] postings, Dictionary<int, int> pairCounts,
        int rows, CancellationToken cancellationToken)
    {
        var capacity = Capacity(rows);
        var threshold = Math.Max(options.Value.TermBitmapMinRows, options.Value.TermBitmapShare * rows);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in postings)
        {
            foreach (var (lexeme, slots) in part)
                counts[lexeme] = counts.GetValueOrDefault(lexeme) + slots.Count;
        }
        var commonPairs = pairCounts.Where(p => p.Value >= threshold).ToDictionary(p => p.Key, _ => new System.Collections.BitArray(capacity));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (commonPairs.Count > 0)
        {
            await using var read = new NpgsqlCommand("select slot, phrases from search_item_next where phrases && @pairs", connection) { CommandTimeout = 600 };
            read.Parameters.AddWithValue("pairs", commonPairs.Keys.ToArray());
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var slot = reader.GetInt32(0);
                foreach (var pair in reader.GetFieldValue<int[]>(1))
                {
                    if (commonPairs.TryGetValue(pair, out var bits))
                        bits[Bit(slot)] = true;
                }
            }
        }
        await ExecuteAsync(connection, "drop table if exists search_term_bits_next; create table search_term_bits_next (lexeme text not null, bits varbit not null)", cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync("copy search_term_bits_next (lexeme, bits) from stdin (format binary)", cancellationToken);
        foreach (var (lexeme, count) in counts)
        {
            if (count < threshold)
                continue;
            var bits = new System.Collections.BitArray(capacity);
            foreach (var part in postings)
            {
                if (!part.TryGetValue(lexeme, out var slots))
                    continue;
                foreach (var slot in slots)
                    bits[Bit(slot)] = true;
            }
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(lexeme, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(bits, NpgsqlDbType.Varbit, cancellationToken);
        }
        foreach (var (pair, bits) in commonPairs)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(Querying.TermResolver.PairKey(pair), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(bits, NpgsqlDbType.Varbit, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>A slot's position in a bitmap, as <c>search_bit</c> computes it.</summary>
    private static int Bit(int slot) => (slot >> 6) * 64 + 63 - (slot & 63);

    /// <summary>Bitmaps cover the rows and room for a few thousand more, in whole groups of 64.</summary>
    internal static int Capacity(int rows) => (rows / SearchIndexWriter.BitmapGrowth + 1) * SearchIndexWriter.BitmapGrowth;

    /// <summary>Builds the new table's indexes two at a time: the big text index on one connection, the rest on another.</summary>
    private static async Task BuildIndexesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        string[][] groups =
        [
            ["select search_create_indexes('search_item_next', 'search_document_next', 1)"],
            [
                "alter table search_item_next add primary key (slot)",
                "alter table search_document_next add primary key (slot)",
                "select search_create_indexes('search_item_next', 'search_document_next', 2)",
                "select search_create_order_indexes('search_document_next')",
                "alter table search_word_next add primary key (word)",
                "alter table search_term_bits_next add primary key (lexeme)",
                "select search_create_word_indexes('search_word_next')",
            ],
        ];
        await Task.WhenAll(groups.Select(async statements =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await ExecuteAsync(connection, "set maintenance_work_mem = '256MB'", cancellationToken);
            foreach (var statement in statements)
                await ExecuteAsync(connection, statement, cancellationToken);
        }));
    }

    /// <summary>Puts the new table in place in one transaction, then re-indexes whatever changed since it was read.</summary>
    private async Task<int> SwapAsync(NpgsqlConnection connection, int rows, CancellationToken cancellationToken)
    {
        var capacity = Capacity(rows);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var swap = new NpgsqlCommand("""
            lock table search_state, search_item, search_document, search_facet_bits, search_term_bits, search_word in access exclusive mode;
            drop table search_term_bits;
            alter table search_term_bits_next rename to search_term_bits;
            drop table search_item;
            alter table search_item_next rename to search_item;
            drop table search_document;
            alter table search_document_next rename to search_document;
            drop table search_word;
            alter table search_word_next rename to search_word;
            delete from search_facet_bits;
            insert into search_facet_bits (value_id, bits)
            select v.id, search_bitmap(coalesce(s.slots, '{}'), @capacity)
            from search_facet_value v
            left join (select f, array_agg(slot) as slots from search_item, unnest(facets) f group by f) s on s.f = v.id;
            select setval('search_slot', @rows, false);
            update search_state set capacity = @capacity, rows = @rows, generation = generation + 1 where id = 1;
            analyze search_item;
            analyze search_document;
            analyze search_word;
            """, connection, transaction))
        {
            swap.Parameters.AddWithValue("capacity", capacity);
            swap.Parameters.AddWithValue("rows", rows);
            swap.CommandTimeout = 600;
            await swap.ExecuteNonQueryAsync(cancellationToken);
        }

        var stale = new List<long>();
        await using (var compare = new NpgsqlCommand("""
            select coalesce(live.node_id, indexed.node_id)
            from (select c.node_id, c.culture, c.published_version as version
                  from cms_culture c join cms_node n on n.id = c.node_id
                  where c.published_version is not null and not n.trashed and n.content_type = any(@types)) live
            full join (select node_id, culture, version from search_document) indexed
                   on indexed.node_id = live.node_id and indexed.culture = live.culture
            where live.version is distinct from indexed.version
            group by 1
            """, connection, transaction))
        {
            compare.Parameters.AddWithValue("types", builder.IndexedTypes.ToArray());
            await using var reader = await compare.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                stale.Add(reader.GetInt64(0));
        }
        if (stale.Count > 0)
            await writer.IndexNodesAsync(connection, transaction, stale, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stale.Count;
    }

    private static async Task<Dictionary<string, uint>> ConfigurationOidsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var oids = new Dictionary<string, uint>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("select cfgname, oid from pg_ts_config where cfgname like 'portal\\_%'", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            oids[reader.GetString(0)] = reader.GetFieldValue<uint>(1);
        return oids;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
