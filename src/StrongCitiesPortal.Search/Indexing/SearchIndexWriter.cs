using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Notifications;

namespace StrongCitiesPortal.Search.Indexing;

/// <summary>
/// Keeps the index in step with what is live, inside the change's own transaction: a publish,
/// unpublish or delete commits with its index rows or not at all, on every instance at once.
/// </summary>
public sealed class SearchIndexWriter(IndexDocumentBuilder builder, ILogger<SearchIndexWriter> logger) :
    IContentNotificationHandler<ContentPublishedNotification>,
    IContentNotificationHandler<ContentUnpublishedNotification>,
    IContentNotificationHandler<ContentDeletedNotification>
{
    /// <summary>Bitmaps are this many slots longer each time they grow (a reindex sizes them to the rows).</summary>
    public const int BitmapGrowth = 8_192;

    public Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken) =>
        builder.IsIndexed(notification.Item.ContentType) ? IndexAsync(notification.Scope, notification.Item.Id, cancellationToken) : Task.CompletedTask;

    public Task HandleAsync(ContentUnpublishedNotification notification, CancellationToken cancellationToken) =>
        builder.IsIndexed(notification.Item.ContentType) ? IndexAsync(notification.Scope, notification.Item.Id, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// A batch of changes in one transaction (a bulk import) indexes all its items at once just before it
    /// commits: one turn of the write lock and one write per bitmap and word for the lot, still in the transaction.
    /// </summary>
    private Task IndexAsync(ContentScope scope, long nodeId, CancellationToken cancellationToken)
    {
        if (!scope.InBatch)
            return IndexNodesAsync(scope.Connection, scope.Transaction, [nodeId], cancellationToken);
        scope.Defer<long>("search-index", nodeId, (ids, token) => IndexNodesAsync(scope.Connection, scope.Transaction, ids, token));
        return Task.CompletedTask;
    }

    public async Task HandleAsync(ContentDeletedNotification notification, CancellationToken cancellationToken)
    {
        var keys = notification.Items.Select(i => i.Key).ToArray();
        var connection = notification.Scope.Connection;
        var transaction = notification.Scope.Transaction;
        var ids = new List<long>();
        await using (var find = new NpgsqlCommand("select id from cms_node where key = any(@keys)", connection, transaction))
        {
            find.Parameters.AddWithValue("keys", keys);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                ids.Add(reader.GetInt64(0));
        }
        // The nodes are still there (the handler runs before the delete), so mark them gone explicitly.
        await IndexNodesAsync(connection, transaction, ids, cancellationToken, gone: ids.ToHashSet());
    }

    /// <summary>Rewrites the rows of these items from what is live now, and of items that copy text or facets from them.</summary>
    public async Task IndexNodesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<long> nodeIds,
        CancellationToken cancellationToken, IReadOnlySet<long>? gone = null)
    {
        if (nodeIds.Count == 0)
            return;
        var capacity = await BeginAsync(connection, transaction, cancellationToken);
        var done = new HashSet<long>();
        var pending = nodeIds.ToList();
        for (var round = 0; pending.Count > 0 && round < 3; round++)
        {
            var nodes = (await PublishedSource.ReadByIdsAsync(connection, transaction, pending, cancellationToken))
                .Where(n => gone is null || !gone.Contains(n.Id))
                .ToList();
            capacity = await WriteAsync(connection, transaction, pending, nodes, capacity, gone, cancellationToken);
            done.UnionWith(pending);
            var sources = await ChangedSourcesAsync(connection, transaction, pending, nodes, cancellationToken);
            pending = sources.Length == 0 ? [] : (await DependentsAsync(connection, transaction, sources, cancellationToken)).Where(d => !done.Contains(d)).ToList();
            if (pending.Count > 0)
                logger.LogInformation("Reindexing {Count} items that show a renamed or changed item", pending.Count);
        }
    }

    /// <summary>Takes the index's write lock (one writer at a time, so bitmap rows are never updated in a different order).</summary>
    private static async Task<int> BeginAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("update search_state set generation = generation + 1 where id = 1 returning capacity", connection, transaction);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<int> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<long> nodeIds,
        IReadOnlyList<PublishedNode> nodes, int capacity, IReadOnlySet<long>? gone, CancellationToken cancellationToken)
    {
        var pickedKeys = nodes.SelectMany(builder.PickedKeys).Distinct().ToList();
        var picked = pickedKeys.Count == 0
            ? []
            : (await PublishedSource.ReadByKeysAsync(connection, transaction, pickedKeys, cancellationToken))
                .Where(n => gone is null || !gone.Contains(n.Id))
                .ToDictionary(n => n.Key);
        var documents = nodes.SelectMany(n => builder.Build(n, key => picked.GetValueOrDefault(key))).ToList();

        var existing = new Dictionary<(long NodeId, string Culture), (int Slot, int[] Facets)>();
        await using (var read = new NpgsqlCommand("""
            select d.slot, d.node_id, d.culture, i.facets from search_document d join search_item i on i.slot = d.slot where d.node_id = any(@ids)
            """, connection, transaction))
        {
            read.Parameters.AddWithValue("ids", nodeIds.ToArray());
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                existing[(reader.GetInt64(1), reader.GetString(2))] = (reader.GetInt32(0), reader.GetFieldValue<int[]>(3));
        }

        var valueIds = await FacetValueIdsAsync(connection, transaction, documents.SelectMany(d => d.Facets), cancellationToken);
        var newSlots = new Queue<int>(await NextSlotsAsync(connection, transaction, documents.Count(d => !existing.ContainsKey((d.NodeId, d.Culture))), cancellationToken));
        if (newSlots.Count > 0 && newSlots.Max() >= capacity)
            capacity = await GrowAsync(connection, transaction, capacity, newSlots.Max(), cancellationToken);

        var batch = new NpgsqlBatch(connection, transaction);
        await using var disposeBatch = batch;
        var marks = new List<(int Slot, int[] Added, int[] Removed)>();
        var newValues = new HashSet<int>();
        var inserted = 0;
        // Words are counted for all the documents at once: one write per word, however many documents share it.
        var newWords = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenWords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var facets = document.Facets.Select(f => valueIds[(f.Facet, f.Key)]).Distinct().Order().ToArray();
            var isNew = !existing.Remove((document.NodeId, document.Culture), out var old);
            if (isNew)
                inserted++;
            var slot = isNew ? newSlots.Dequeue() : old.Slot;
            batch.BatchCommands.Add(UpsertDocument(document, slot));
            batch.BatchCommands.Add(UpsertItem(document, slot, facets));
            if (isNew)
            {
                foreach (var word in document.Words)
                    newWords[word] = newWords.GetValueOrDefault(word) + 1;
            }
            else
            {
                seenWords.UnionWith(document.Words);
            }
            var added = isNew ? facets : facets.Except(old.Facets).ToArray();
            var removed = isNew ? [] : old.Facets.Except(facets).ToArray();
            newValues.UnionWith(added);
            marks.Add((slot, added, removed));
        }
        seenWords.ExceptWith(newWords.Keys);
        if (newWords.Count > 0)
            batch.BatchCommands.Add(Words(newWords, increment: true));
        if (seenWords.Count > 0)
            batch.BatchCommands.Add(Words(seenWords.ToDictionary(w => w, _ => 1, StringComparer.Ordinal), increment: false));
        foreach (var (_, (slot, facets)) in existing)
        {
            var clear = new NpgsqlBatchCommand("""
                update search_term_bits set bits = set_bit(bits, search_bit(@slot), 0)
                where lexeme = any((select tsvector_to_array(document) || array(select '#' || p from unnest(phrases) p) from search_item where slot = @slot)::text[])
                """);
            clear.Parameters.AddWithValue("slot", slot);
            batch.BatchCommands.Add(clear);
            foreach (var table in new[] { "search_item", "search_document" })
            {
                var delete = new NpgsqlBatchCommand($"delete from {table} where slot = @slot");
                delete.Parameters.AddWithValue("slot", slot);
                batch.BatchCommands.Add(delete);
            }
            marks.Add((slot, [], facets));
        }
        if (newValues.Count > 0)
        {
            var ensure = new NpgsqlBatchCommand("insert into search_facet_bits (value_id, bits) select v, repeat('0', @capacity)::varbit from unnest(@ids) v on conflict (value_id) do nothing");
            ensure.Parameters.AddWithValue("capacity", capacity);
            ensure.Parameters.AddWithValue("ids", newValues.ToArray());
            batch.BatchCommands.Add(ensure);
        }
        foreach (var (slot, added, removed) in marks)
        {
            if (added.Length > 0)
                batch.BatchCommands.Add(Mark(added, slot, 1));
            if (removed.Length > 0)
                batch.BatchCommands.Add(Mark(removed, slot, 0));
        }
        var delta = inserted - existing.Count;
        if (delta != 0)
        {
            var count = new NpgsqlBatchCommand("update search_state set rows = rows + @delta where id = 1");
            count.Parameters.AddWithValue("delta", delta);
            batch.BatchCommands.Add(count);
        }
        if (batch.BatchCommands.Count > 0)
            await batch.ExecuteNonQueryAsync(cancellationToken);
        return capacity;
    }

    private static NpgsqlBatchCommand UpsertDocument(IndexDocument document, int slot)
    {
        var command = new NpgsqlBatchCommand("""
            insert into search_document (slot, node_id, node_key, culture, version, content_type, config, name, summary, keywords, body, other, update_date)
            values (@slot, @node, @key, @culture, @version, @type, @config::regconfig, @name, @summary, @keywords, @body, @other, @updated)
            on conflict (node_id, culture) do update set
                version = excluded.version, content_type = excluded.content_type, config = excluded.config, name = excluded.name,
                summary = excluded.summary, keywords = excluded.keywords, body = excluded.body, other = excluded.other,
                update_date = excluded.update_date
            """);
        var p = command.Parameters;
        p.AddWithValue("slot", slot);
        p.AddWithValue("node", document.NodeId);
        p.AddWithValue("key", document.NodeKey);
        p.AddWithValue("culture", document.Culture);
        p.AddWithValue("version", document.Version);
        p.AddWithValue("type", document.ContentType);
        AddTexts(p, document);
        p.AddWithValue("updated", document.UpdateDate);
        return command;
    }

    private static NpgsqlBatchCommand UpsertItem(IndexDocument document, int slot, int[] facets)
    {
        // The lexemes and word pairs ('#' and the pair's hash) the row loses and gains flip their bits in the bitmaps that exist.
        var command = new NpgsqlBatchCommand("""
            with old as (select tsvector_to_array(document) || array(select '#' || p from unnest(phrases) p) as lexemes from search_item where slot = @slot),
            saved as (
                insert into search_item (slot, sort_date, boost, facets, phrases, head, document)
                select @slot, @sorted, @boost, @facets, @phrases, h, h || search_rest(@config::regconfig, @body, @other)
                from search_head(@config::regconfig, @name, @summary, @keywords) h
                on conflict (slot) do update set
                    sort_date = excluded.sort_date, boost = excluded.boost, facets = excluded.facets, phrases = excluded.phrases,
                    head = excluded.head, document = excluded.document
                returning tsvector_to_array(document) || array(select '#' || p from unnest(phrases) p) as lexemes),
            lost as (
                update search_term_bits set bits = set_bit(bits, search_bit(@slot), 0)
                where lexeme = any(coalesce((select lexemes from old), '{}')) and lexeme <> all((select lexemes from saved)::text[])),
            gained as (
                update search_term_bits set bits = set_bit(bits, search_bit(@slot), 1)
                where lexeme = any((select lexemes from saved)::text[]) and lexeme <> all(coalesce((select lexemes from old), '{}')))
            select 1
            """);
        var p = command.Parameters;
        p.AddWithValue("slot", slot);
        p.AddWithValue("sorted", document.SortDate);
        p.AddWithValue("boost", (float)document.Boost);
        p.AddWithValue("facets", facets);
        p.AddWithValue("phrases", document.Phrases);
        AddTexts(p, document);
        return command;
    }

    private static void AddTexts(NpgsqlParameterCollection p, IndexDocument document)
    {
        p.AddWithValue("config", document.Configuration);
        p.AddWithValue("name", document.Name);
        p.AddWithValue("summary", document.Summary);
        p.AddWithValue("keywords", document.Keywords);
        p.AddWithValue("body", document.Body);
        p.AddWithValue("other", document.Other);
    }

    /// <summary>Adds how many new documents have each word to its document count; words of rewritten documents only need to be there.</summary>
    private static NpgsqlBatchCommand Words(IReadOnlyDictionary<string, int> newDocuments, bool increment)
    {
        var command = new NpgsqlBatchCommand(increment
            ? "insert into search_word (word, ndoc) select w, n from unnest(@words, @counts) as t(w, n) on conflict (word) do update set ndoc = search_word.ndoc + excluded.ndoc"
            : "insert into search_word (word, ndoc) select w, 1 from unnest(@words, @counts) as t(w, n) on conflict (word) do nothing");
        // Sorted, so two writers never take word rows in opposite orders.
        var words = newDocuments.Keys.Order(StringComparer.Ordinal).ToArray();
        command.Parameters.AddWithValue("words", words);
        command.Parameters.AddWithValue("counts", words.Select(w => newDocuments[w]).ToArray());
        return command;
    }

    private static NpgsqlBatchCommand Mark(int[] valueIds, int slot, int bit)
    {
        var command = new NpgsqlBatchCommand("select search_mark(@ids, @slot, @bit)");
        command.Parameters.AddWithValue("ids", valueIds);
        command.Parameters.AddWithValue("slot", slot);
        command.Parameters.AddWithValue("bit", bit);
        return command;
    }

    private static async Task<List<int>> NextSlotsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, int count, CancellationToken cancellationToken)
    {
        var slots = new List<int>(count);
        if (count == 0)
            return slots;
        await using var command = new NpgsqlCommand("select nextval('search_slot')::int from generate_series(1, @n)", connection, transaction);
        command.Parameters.AddWithValue("n", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            slots.Add(reader.GetInt32(0));
        return slots;
    }

    /// <summary>Lengthens every bitmap so the new slot fits (rare: the index grows by 65,536 slots at a time).</summary>
    private static async Task<int> GrowAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, int capacity, int slot, CancellationToken cancellationToken)
    {
        var grown = (slot / BitmapGrowth + 1) * BitmapGrowth;
        await using var command = new NpgsqlCommand("""
            update search_facet_bits set bits = bits || repeat('0', @extra)::varbit;
            update search_term_bits set bits = bits || repeat('0', @extra)::varbit;
            update search_state set capacity = @grown where id = 1;
            """, connection, transaction);
        command.Parameters.AddWithValue("extra", grown - capacity);
        command.Parameters.AddWithValue("grown", grown);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return grown;
    }

    /// <summary>The ids of these facet values, creating the new ones and refreshing labels that changed.</summary>
    internal static async Task<Dictionary<(string Facet, string Key), int>> FacetValueIdsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IEnumerable<FacetValue> values, CancellationToken cancellationToken)
    {
        var distinct = values.GroupBy(v => (v.Facet, v.Key)).Select(g => g.First()).OrderBy(v => v.Facet, StringComparer.Ordinal).ThenBy(v => v.Key, StringComparer.Ordinal).ToList();
        var ids = new Dictionary<(string, string), int>();
        if (distinct.Count == 0)
            return ids;
        await using var command = new NpgsqlCommand("""
            insert into search_facet_value (facet, key, labels, source)
            select f, k, l::jsonb, s from unnest(@facets, @keys, @labels, @sources) as v(f, k, l, s)
            on conflict (facet, key) do update set labels = excluded.labels, source = coalesce(excluded.source, search_facet_value.source)
            where search_facet_value.labels is distinct from excluded.labels
               or (excluded.source is not null and search_facet_value.source is distinct from excluded.source);
            select v.id, v.facet, v.key from search_facet_value v join unnest(@facets, @keys) as k(f, k) on v.facet = k.f and v.key = k.k;
            """, connection, transaction);
        command.Parameters.AddWithValue("facets", distinct.Select(v => v.Facet).ToArray());
        command.Parameters.AddWithValue("keys", distinct.Select(v => v.Key).ToArray());
        command.Parameters.AddWithValue("labels", distinct.Select(v => JsonSerializer.Serialize(v.Labels)).ToArray());
        command.Parameters.Add(new NpgsqlParameter("sources", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
        {
            Value = distinct.Select(v => v.Source is null ? (object)DBNull.Value : JsonSerializer.Serialize(v.Source)).ToArray(),
        });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids[(reader.GetString(1), reader.GetString(2))] = reader.GetInt32(0);
        return ids;
    }

    /// <summary>Facet values that stand for these items and whose names or copied values changed; they are brought up to date.</summary>
    private async Task<int[]> ChangedSourcesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<long> nodeIds,
        IReadOnlyList<PublishedNode> live, CancellationToken cancellationToken)
    {
        var keys = new List<(Guid Key, long Id)>();
        await using (var find = new NpgsqlCommand("select key, id from cms_node where id = any(@ids)", connection, transaction))
        {
            find.Parameters.AddWithValue("ids", nodeIds.ToArray());
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                keys.Add((reader.GetGuid(0), reader.GetInt64(1)));
        }
        var byId = live.ToDictionary(n => n.Id);
        var changed = new List<int>();
        foreach (var (key, id) in keys)
        {
            var node = byId.GetValueOrDefault(id);
            var source = node is null ? null : JsonSerializer.Serialize(builder.SourceOf(node));
            var labels = JsonSerializer.Serialize(node?.Cultures.ToDictionary(c => c.Culture, c => c.Name) ?? new Dictionary<string, string>());
            await using var update = new NpgsqlCommand("""
                update search_facet_value set source = @source::jsonb, labels = case when @live then @labels::jsonb else labels end
                where key = @key and source is distinct from @source::jsonb
                returning id
                """, connection, transaction);
            update.Parameters.AddWithValue("key", key.ToString());
            update.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = (object?)source ?? DBNull.Value });
            update.Parameters.AddWithValue("labels", labels);
            update.Parameters.AddWithValue("live", node is not null);
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                changed.Add(reader.GetInt32(0));
        }
        return changed.ToArray();
    }

    private static async Task<List<long>> DependentsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, int[] valueIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select distinct d.node_id from search_item i join search_document d on d.slot = i.slot where i.facets && @ids order by 1
            """, connection, transaction);
        command.Parameters.AddWithValue("ids", valueIds);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        return ids;
    }
}
