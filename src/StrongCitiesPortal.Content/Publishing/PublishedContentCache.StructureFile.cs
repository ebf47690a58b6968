using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using StrongCitiesPortal.Content.Changes;

namespace StrongCitiesPortal.Content.Publishing;

/// <summary>
/// The structure file: the cache's tree, names and routes' sources written to local disk with the change feed's number
/// they include, so a start reads a file and catches up from the feed instead of reading every live item from
/// PostgreSQL (Umbraco's NuCache kept local files for the same reason). PostgreSQL stays the truth: a file is only used
/// when it belongs to this database (its site identity), its number is one the feed still holds (and the change
/// recorded there is the same one), and the catch-up is short; otherwise the start reads everything, as without it.
/// </summary>
public sealed partial class PublishedContentCache
{
    private const string StructureMagic = "strong-cities-portal/published-structure";
    private const int StructureFormat = 2;

    private readonly SemaphoreSlim _fileWriter = new(1, 1);
    private long _fileWrittenAt = -1;
    private long _fileWrittenTimestamp;

    /// <summary>Where the structure file is kept (null: no file is written or read).</summary>
    public string? StructureFilePath { get; }

    /// <summary>How this instance's cache was last read at start: "file" or "database".</summary>
    public string? LoadedFrom { get; private set; }

    /// <summary>
    /// The start's load: the structure file and a catch-up from the change feed when the file can be trusted, otherwise
    /// every live item from PostgreSQL (and a new file written in the background for the next start).
    /// </summary>
    public async Task StartAsync(ContentChangeFeed feed, CancellationToken cancellationToken = default)
    {
        if (StructureFilePath is not null && await TryLoadStructureFileAsync(feed, cancellationToken))
            return;
        await LoadAllAsync(cancellationToken);
        LoadedFrom = "database";
        if (StructureFilePath is not null)
            _ = Task.Run(SaveInBackgroundAsync, CancellationToken.None);
    }

    /// <summary>Whether the file is older than the interval and the cache has moved on since it was written.</summary>
    public bool StructureFileIsDue =>
        StructureFilePath is not null && IsLoaded && ChangeFeedPosition != Interlocked.Read(ref _fileWrittenAt)
        && Stopwatch.GetElapsedTime(Interlocked.Read(ref _fileWrittenTimestamp)) >= _structureFileInterval;

    /// <summary>
    /// Writes the structure as of the change feed's number the cache has applied (a new file, then renamed over the old
    /// one, so a reader never meets half a file). Returns false when there is nothing new to write, another write is
    /// under way, or the change at that number was pruned already (a file would not be trusted).
    /// </summary>
    public async Task<bool> SaveStructureAsync(CancellationToken cancellationToken = default)
    {
        if (StructureFilePath is null || !IsLoaded || !await _fileWriter.WaitAsync(0, cancellationToken))
            return false;
        try
        {
            // The number first, then the items: the items hold at least every change up to that number.
            var position = ChangeFeedPosition;
            var snapshot = _snapshot;
            if (position == Interlocked.Read(ref _fileWrittenAt))
                return false;
            var stamp = await ReadStampAsync(position, cancellationToken);
            if (stamp is null)
                return false;
            var started = Stopwatch.GetTimestamp();
            var folder = Path.GetDirectoryName(StructureFilePath)!;
            Directory.CreateDirectory(folder);
            var temporary = Path.Combine(folder, $".structure-{Guid.NewGuid():N}.tmp");
            try
            {
                await Task.Run(() => WriteStructure(temporary, stamp.Value, position, snapshot.Items.Values, _structureFileChunk), cancellationToken);
                File.Move(temporary, StructureFilePath, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
            Interlocked.Exchange(ref _fileWrittenAt, position);
            Interlocked.Exchange(ref _fileWrittenTimestamp, Stopwatch.GetTimestamp());
            _logger.LogDebug("Published structure written: {Count} items at change {Position} in {Elapsed} ms",
                snapshot.Items.Count, position, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NpgsqlException)
        {
            // Only a quicker next start is lost.
            _logger.LogWarning(ex, "The published structure file could not be written to {Path}", StructureFilePath);
            return false;
        }
        finally
        {
            _fileWriter.Release();
        }
    }

    private async Task SaveInBackgroundAsync()
    {
        try
        {
            await SaveStructureAsync(CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // The instance stopped first.
        }
    }

    /// <summary>
    /// Starts reading and decoding the structure file on the thread pool, and building its indexes (children, routes,
    /// types), before the database is up: the file is local and whether it can be trusted is asked of PostgreSQL
    /// afterwards (<see cref="StartAsync"/>), so on an embedded database this work overlaps the server's start. Does
    /// nothing without a file or when a read is under way already.
    /// </summary>
    public void BeginReadingStructureFile()
    {
        if (StructureFilePath is null || !File.Exists(StructureFilePath) || Volatile.Read(ref _fileRead) is not null)
            return;
        var path = StructureFilePath;
        var started = Stopwatch.GetTimestamp();
        var file = Task.Run(() => ReadStructureFile(path));
        Interlocked.CompareExchange(ref _fileRead, new StructureRead(started, file, DecodeWhenReadAsync(file, started)), null);
    }

    private StructureRead? _fileRead;

    /// <summary>
    /// A read of the file under way: its header and bytes first, then its items decoded on every core, then the
    /// structure built from them, not yet in use.
    /// </summary>
    private sealed record StructureRead(long StartedAt, Task<StructureFile?> File, Task<DecodedStructure?> Decoded);

    /// <summary>The file's items and the structure built from them, with the time each was ready.</summary>
    private sealed record DecodedStructure(StoredStructure Stored, Snapshot Structure, TimeSpan Read, TimeSpan Built);

    private async Task<DecodedStructure?> DecodeWhenReadAsync(Task<StructureFile?> reading, long started)
    {
        if (await reading is not { } file)
            return null;
        var stored = await DecodeAsync(file);
        var read = Stopwatch.GetElapsedTime(started);
        var structure = RebuildStructure(Snapshot.Empty with { Items = stored.Items, Loaded = true });
        return new DecodedStructure(stored, structure, read, Stopwatch.GetElapsedTime(started));
    }

    private async Task<bool> TryLoadStructureFileAsync(ContentChangeFeed feed, CancellationToken cancellationToken)
    {
        BeginReadingStructureFile();
        if (Interlocked.Exchange(ref _fileRead, null) is not { } reading)
            return false;
        DecodedStructure? decoded;
        Task<(StructureStamp? Current, long Latest)>? checking = null;
        try
        {
            var file = await reading.File.WaitAsync(cancellationToken);
            if (file is null)
                return false;
            // Whether the file can be trusted is asked of PostgreSQL while its items are decoded.
            checking = CheckStampAsync(file.Position, feed, cancellationToken);
            decoded = await reading.Decoded.WaitAsync(cancellationToken);
        }
        // A damaged file may also hold impossible dates or lengths (ArgumentException).
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or ArgumentException)
        {
            _logger.LogWarning("The published structure file {Path} could not be read ({Problem}); reading everything from PostgreSQL.",
                StructureFilePath, ex.Message);
            await ((Task)reading.Decoded).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (checking is not null)
                await checking;
            return false;
        }
        if (decoded is null)
            return false;
        var stored = decoded.Stored;

        var (current, latest) = await checking;
        var problem = current is null ? "the change it was written at is no longer in the change feed"
            : current.Value.Site != stored.Stamp.Site ? "it belongs to another database"
            : current.Value != stored.Stamp ? "the change feed no longer holds the change it was written at"
            : stored.Position > latest ? "it is newer than the database (restored from a backup?)"
            : latest - stored.Position > _structureFileMaxCatchUp ? $"{latest - stored.Position} changes behind"
            : null;
        if (problem is not null)
        {
            _logger.LogInformation("The published structure file is not used: {Problem}; reading everything from PostgreSQL.", problem);
            return false;
        }

        await _writer.WaitAsync(cancellationToken);
        try
        {
            _snapshot = decoded.Structure;
            Interlocked.Exchange(ref _feedPosition, stored.Position);
            Interlocked.Exchange(ref _fileWrittenAt, stored.Position);
            Interlocked.Exchange(ref _fileWrittenTimestamp, Stopwatch.GetTimestamp());
            Interlocked.Increment(ref _generation);
        }
        finally
        {
            _writer.Release();
        }
        // Whatever was committed since the file was written, in order, before the first request.
        var applied = await ApplyChangeFeedAsync(feed, cancellationToken: cancellationToken);
        LoadedFrom = "file";
        _loaded.TrySetResult();
        _logger.LogInformation("Published content cache loaded from its structure file: {Count} items in {Elapsed} ms, begun while the database started "
            + "({Read} ms reading the file, {Built} ms with the indexes built; file at change {Position}, {Applied} changes applied since)",
            _snapshot.Items.Count, (long)Stopwatch.GetElapsedTime(reading.StartedAt).TotalMilliseconds, (long)decoded.Read.TotalMilliseconds,
            (long)decoded.Built.TotalMilliseconds, stored.Position, applied);
        return true;
    }

    private async Task<(StructureStamp? Current, long Latest)> CheckStampAsync(long position, ContentChangeFeed feed, CancellationToken cancellationToken) =>
        (await ReadStampAsync(position, cancellationToken), await feed.LatestAsync(cancellationToken: cancellationToken));

    /// <summary>The database's identity and the change recorded at <paramref name="position"/> (null when it was pruned).</summary>
    private async Task<StructureStamp?> ReadStampAsync(long position, CancellationToken cancellationToken)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select s.identity, p.through, c.node_key, c.at
            from cms_site s cross join cms_change_pruned p
            left join cms_change c on c.seq = @position
            """, connection);
        command.Parameters.AddWithValue("position", position);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var site = reader.GetGuid(0);
        if (position == 0)
            return reader.GetInt64(1) == 0 ? new StructureStamp(site, Guid.Empty, 0) : null;
        return reader.IsDBNull(2) ? null : new StructureStamp(site, reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3).UtcTicks);
    }

    // Items go in chunks, each with its count and length, so a start decodes them on every core at once.
    private static void WriteStructure(string path, StructureStamp stamp, long position, IEnumerable<PublishedContent> items, int chunkItems)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(StructureMagic);
            writer.Write(StructureFormat);
            writer.Write(stamp.Site.ToByteArray());
            writer.Write(position);
            writer.Write(stamp.ChangeKey.ToByteArray());
            writer.Write(stamp.ChangeTicks);
            var list = items as IReadOnlyCollection<PublishedContent> ?? items.ToList();
            writer.Write(list.Count);
            using var chunk = new MemoryStream();
            using var chunkWriter = new BinaryWriter(chunk, Encoding.UTF8, leaveOpen: true);
            foreach (var part in list.Chunk(chunkItems))
            {
                chunk.SetLength(0);
                foreach (var item in part)
                    WriteItem(chunkWriter, item);
                chunkWriter.Flush();
                writer.Write(part.Length);
                writer.Write((int)chunk.Length);
                writer.Write(chunk.GetBuffer(), 0, (int)chunk.Length);
            }
            writer.Write(StructureMagic);
        }
        stream.Flush(flushToDisk: true);
    }

    private static void WriteItem(BinaryWriter writer, PublishedContent item)
    {
        writer.Write(item.Id);
        writer.Write(item.Key.ToByteArray());
        writer.Write(item.ParentKey.HasValue);
        if (item.ParentKey is { } parent)
            writer.Write(parent.ToByteArray());
        writer.Write(item.ContentType);
        writer.Write(item.Level);
        writer.Write(item.SortOrder);
        writer.Write(item.CreateDate.UtcTicks);
        writer.Write(item.UpdateDate.UtcTicks);
        writer.Write7BitEncodedInt(item.Variants.Count);
        foreach (var variant in item.Variants.Values)
        {
            writer.Write(variant.Culture);
            writer.Write(variant.Name);
            writer.Write(variant.Segment);
            writer.Write(variant.Version);
            writer.Write(variant.PublishedAt.UtcTicks);
        }
    }

    /// <summary>The file's header and its chunks' bytes, not yet decoded; null when it is of another format.</summary>
    private StructureFile? ReadStructureFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (reader.ReadString() != StructureMagic || reader.ReadInt32() != StructureFormat)
        {
            _logger.LogInformation("The published structure file {Path} is of another format; reading everything from PostgreSQL.", path);
            return null;
        }
        var stamp = new StructureStamp(ReadGuid(reader), Guid.Empty, 0);
        var position = reader.ReadInt64();
        stamp = stamp with { ChangeKey = ReadGuid(reader), ChangeTicks = reader.ReadInt64() };
        var count = reader.ReadInt32();
        if (count < 0)
            throw new InvalidDataException("a negative item count");
        var chunks = new List<(int Count, byte[] Bytes)>();
        for (var items = 0; items < count;)
        {
            var chunkCount = reader.ReadInt32();
            var length = reader.ReadInt32();
            if (chunkCount <= 0 || chunkCount > count - items || length < 0 || length > stream.Length - stream.Position)
                throw new InvalidDataException("a chunk's count or length does not fit the file");
            chunks.Add((chunkCount, reader.ReadBytes(length)));
            items += chunkCount;
        }
        if (reader.ReadString() != StructureMagic)
            throw new InvalidDataException("the file does not end where its item count says");
        return new StructureFile(stamp, position, count, chunks);
    }

    /// <summary>Every chunk decoded on its own thread, then gathered.</summary>
    private async Task<StoredStructure> DecodeAsync(StructureFile file)
    {
        var decoded = await Task.WhenAll(file.Chunks.Select(chunk => Task.Run(() => DecodeChunk(chunk.Bytes, chunk.Count))));
        var items = new Dictionary<Guid, PublishedContent>(file.Count);
        foreach (var part in decoded)
        {
            foreach (var item in part)
                items[item.Key] = item;
        }
        return new StoredStructure(file.Stamp, file.Position, items);
    }

    private List<PublishedContent> DecodeChunk(byte[] bytes, int count)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        var items = new List<PublishedContent>(count);
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadInt64();
            var key = ReadGuid(reader);
            Guid? parent = reader.ReadBoolean() ? ReadGuid(reader) : null;
            var type = _types.Find(reader.ReadString());
            var level = reader.ReadInt32();
            var sortOrder = reader.ReadInt32();
            var created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var updated = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var variantCount = reader.Read7BitEncodedInt();
            if (variantCount is < 0 or > 256)
                throw new InvalidDataException("an item with an impossible number of cultures");
            var variants = new PublishedVariant[variantCount];
            for (var v = 0; v < variantCount; v++)
                variants[v] = Variant(id, reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadInt32(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero));
            // An item whose type is no longer defined is left out, as a read from PostgreSQL leaves it out.
            if (type is null)
                continue;
            items.Add(Published(key, id, parent, type, level, sortOrder, created, updated, variants));
        }
        if (reader.BaseStream.Position != bytes.Length)
            throw new InvalidDataException("a chunk does not end where its length says");
        return items;
    }

    private static Guid ReadGuid(BinaryReader reader)
    {
        Span<byte> bytes = stackalloc byte[16];
        reader.BaseStream.ReadExactly(bytes);
        return new Guid(bytes);
    }

    /// <summary>Which database a file belongs to, and the change it was written at (its key and time), to check both on reading.</summary>
    private readonly record struct StructureStamp(Guid Site, Guid ChangeKey, long ChangeTicks);

    private sealed record StoredStructure(StructureStamp Stamp, long Position, Dictionary<Guid, PublishedContent> Items);

    private sealed record StructureFile(StructureStamp Stamp, long Position, int Count, List<(int Count, byte[] Bytes)> Chunks);
}
