using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Content;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;
using StrongCitiesPortal.Web.Features.Media.Storage;

namespace StrongCitiesPortal.Web.Features.Media;

public sealed record MediaResult(bool Succeeded, MediaItem? Item, IReadOnlyList<string> Errors, IReadOnlyList<Guid> UsedBy)
{
    public static MediaResult Ok(MediaItem? item) => new(true, item, [], []);
    public static MediaResult Fail(params string[] errors) => new(false, null, errors, []);
}

/// <summary>
/// The media library: folders, images and documents, described in PostgreSQL and stored in the media store.
/// <see cref="GetAsync"/>, <see cref="ListAsync"/> and <see cref="ChildrenAsync"/> are what a delivery API needs.
/// </summary>
public sealed class MediaLibrary(
    PortalDatabase database,
    ContentTreeReader tree,
    ContentReferenceReader references,
    IMediaStore store,
    AuditLog audit,
    IOptions<MediaOptions> options,
    TimeProvider clock) : IMediaChoices
{
    private const string Columns = "key, parent_key, kind, name, file_name, content_type, size, width, height, alt_text, storage_path, sha256, created_at, created_by, updated_at, updated_by, city_key, awaiting_review";

    public IMediaStore Store => store;

    // ---- reads ----

    public async Task<MediaItem?> GetAsync(Guid key, CancellationToken cancellationToken = default) =>
        (await QueryAsync("where key = @key", c => c.Parameters.AddWithValue("key", key), cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<MediaItem>> GetManyAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken = default) =>
        QueryAsync("where key = any(@keys) order by name", c => c.Parameters.AddWithValue("keys", keys.ToArray()), cancellationToken);

    /// <summary>A folder's folders first, then its files, by name; the root when <paramref name="parent"/> is null.</summary>
    public Task<IReadOnlyList<MediaItem>> ChildrenAsync(Guid? parent, int skip = 0, int take = 500, CancellationToken cancellationToken = default) =>
        QueryAsync("where parent_key is not distinct from @parent order by kind <> 'folder', lower(name), id offset @skip limit @take", c =>
        {
            c.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Uuid) { Value = (object?)parent ?? DBNull.Value });
            c.Parameters.AddWithValue("skip", Math.Max(0, skip));
            c.Parameters.AddWithValue("take", Math.Clamp(take, 1, 1000));
        }, cancellationToken);

    public Task<IReadOnlyList<MediaItem>> ListAsync(MediaQuery query, CancellationToken cancellationToken = default) =>
        QueryAsync("""
            where (@search::text is null or name ilike '%' || @search || '%' or file_name ilike '%' || @search || '%')
              and (@kind::text is null or kind = @kind)
              and (@any or parent_key is not distinct from @folder)
            order by lower(name), id offset @skip limit @take
            """, c =>
        {
            var search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            c.Parameters.Add(new NpgsqlParameter("search", NpgsqlDbType.Text) { Value = (object?)search ?? DBNull.Value });
            c.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)KindName(query.Kind) ?? DBNull.Value });
            c.Parameters.AddWithValue("any", query.AnyFolder);
            c.Parameters.Add(new NpgsqlParameter("folder", NpgsqlDbType.Uuid) { Value = (object?)query.Folder ?? DBNull.Value });
            c.Parameters.AddWithValue("skip", Math.Max(0, query.Skip));
            c.Parameters.AddWithValue("take", Math.Clamp(query.Take, 1, 1000));
        }, cancellationToken);

    /// <summary>From the root folder down to the item's parent.</summary>
    public async Task<IReadOnlyList<MediaItem>> AncestorsAsync(Guid key, CancellationToken cancellationToken = default)
    {
        var path = new List<MediaItem>();
        var current = await GetAsync(key, cancellationToken);
        for (var depth = 0; current?.ParentKey is { } parent && depth < 100; depth++)
        {
            current = await GetAsync(parent, cancellationToken);
            if (current is not null)
                path.Insert(0, current);
        }
        return path;
    }

    /// <summary>What a picker offers this person: staff every file; a city editor the approved files and their own city's uploads.</summary>
    public async Task<IReadOnlyList<MediaChoice>> ChoicesAsync(BackofficeIdentity me, CancellationToken cancellationToken = default)
    {
        var files = await ListAsync(new MediaQuery(Take: 1000), cancellationToken);
        var folders = files.Where(f => f.IsFolder).ToDictionary(f => f.Key, f => f.Name);
        return files.Where(f => !f.IsFolder && (me.IsStaff || !f.AwaitingReview || f.CityKey == me.CityKey))
            .Select(f => Choice(f, f.ParentKey is { } p && folders.TryGetValue(p, out var folder) ? folder : ""))
            .ToList();
    }

    private static MediaChoice Choice(MediaItem item, string folder) =>
        new(item.Key, item.Name, folder, item.IsImage, item.AwaitingReview ? $"/backoffice/media-file/{item.Key}/{item.FileName}" : item.Url!, item.AwaitingReview);

    /// <summary>
    /// An upload from an edit form's media picker. A city editor's goes to their city's own folder and waits for
    /// review with the item; staff uploads go to the library's root, public at once.
    /// </summary>
    public async Task<MediaUploadResult> UploadForEditorAsync(BackofficeIdentity me, Stream content, string fileName, string? altText, CancellationToken cancellationToken = default)
    {
        MediaItem? folder = null;
        if (me.IsCityEditor)
            folder = await CityFolderAsync(me.CityKey!.Value, me.UserName, cancellationToken);
        var result = await StoreUploadAsync(content, fileName, null, altText, folder?.Key, me.UserName, me.IsCityEditor ? me.CityKey : null, cancellationToken);
        return result.Succeeded
            ? new MediaUploadResult(true, Choice(result.Item!, folder?.Name ?? ""), [])
            : new MediaUploadResult(false, null, result.Errors);
    }

    /// <summary>A member city's own folder at the library's root, named after the city, made on its editor's first upload.</summary>
    public async Task<MediaItem> CityFolderAsync(Guid city, string user, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            if ((await QueryAsync("where kind = 'folder' and city_key = @city", c => c.Parameters.AddWithValue("city", city), cancellationToken)).FirstOrDefault() is { } existing)
                return existing;
            var name = (await tree.NamesAsync([city], "en", cancellationToken)).GetValueOrDefault(city) ?? "City uploads";
            try
            {
                var folder = await InsertAsync(Guid.NewGuid(), null, MediaKind.Folder, name, null, null, null, null, null, city, user, cancellationToken);
                await audit.WriteAsync(folder.Key, "media-folder", user, $"{name} (the city's own folder)", cancellationToken: cancellationToken);
                return folder;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && attempt == 0)
            {
                // Another upload made it at the same moment: use theirs.
            }
        }
    }

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken = default) =>
        keys.Count == 0 ? new Dictionary<Guid, string>() : (await GetManyAsync(keys, cancellationToken)).ToDictionary(m => m.Key, m => m.Name);

    /// <summary>Content items whose latest or live version refers to the media item.</summary>
    public Task<IReadOnlyList<Guid>> UsageAsync(Guid key, CancellationToken cancellationToken = default) =>
        references.ReferringToAsync(key, ReferringVersions.LatestOrLive, cancellationToken);

    /// <summary>Content items whose live version (in some culture) refers to the media item: what the public sees.</summary>
    public Task<IReadOnlyList<Guid>> LiveUsageAsync(Guid key, CancellationToken cancellationToken = default) =>
        references.ReferringToAsync(key, ReferringVersions.Live, cancellationToken);

    public Task<Stream?> OpenAsync(MediaItem item, CancellationToken cancellationToken = default) =>
        item.StoragePath is null ? Task.FromResult<Stream?>(null) : store.OpenReadAsync(item.StoragePath, cancellationToken);

    // ---- changes ----

    public async Task<MediaResult> CreateFolderAsync(string? name, Guid? parent, string user, CancellationToken cancellationToken = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 255)
            return MediaResult.Fail("Give the folder a name (at most 255 characters).");
        if (await CheckFolderAsync(parent, cancellationToken) is { } problem)
            return MediaResult.Fail(problem);
        var item = await InsertAsync(Guid.NewGuid(), parent, MediaKind.Folder, name, null, null, null, null, null, null, user, cancellationToken);
        await audit.WriteAsync(item.Key, "media-folder", user, name, cancellationToken: cancellationToken);
        return MediaResult.Ok(item);
    }

    /// <summary>Checks and stores an uploaded file. The stream must be seekable (the upload's temporary file).</summary>
    public Task<MediaResult> UploadAsync(Stream content, string fileName, string? name, string? altText, Guid? parent, string user, CancellationToken cancellationToken = default) =>
        StoreUploadAsync(content, fileName, name, altText, parent, user, null, cancellationToken);

    private async Task<MediaResult> StoreUploadAsync(Stream content, string fileName, string? name, string? altText, Guid? parent, string user,
        Guid? awaitingReviewFor, CancellationToken cancellationToken)
    {
        var (facts, problem) = FileInspector.Inspect(content);
        if (facts is null)
            return MediaResult.Fail(problem!);
        var errors = new List<string>();
        if (FileInspector.CheckName(facts, fileName) is { } nameProblem)
            errors.Add(nameProblem);
        var limit = facts.Kind == MediaKind.Image ? options.Value.MaxImageBytes : options.Value.MaxDocumentBytes;
        if (content.Length > limit)
            errors.Add($"The file is {Megabytes(content.Length)}; {(facts.Kind == MediaKind.Image ? "images" : "documents")} may be at most {Megabytes(limit)}.");
        altText = altText?.Trim();
        if (facts.Kind == MediaKind.Image && string.IsNullOrEmpty(altText))
            errors.Add("Describe the image in the alternative text, for people who cannot see it.");
        if (altText?.Length > 1000)
            errors.Add("The alternative text may be at most 1000 characters.");
        name = string.IsNullOrWhiteSpace(name) ? Path.GetFileNameWithoutExtension(fileName).Trim() : name.Trim();
        if (name.Length == 0)
            name = "Untitled";
        if (name.Length > 255)
            errors.Add("The name may be at most 255 characters.");
        if (await CheckFolderAsync(parent, cancellationToken) is { } folderProblem)
            errors.Add(folderProblem);
        if (errors.Count > 0)
            return new MediaResult(false, null, errors, []);

        var key = Guid.NewGuid();
        var now = clock.GetUtcNow();
        var safeName = SafeFileName(fileName, facts);
        var path = $"{now:yyyy}/{now:MM}/{key:N}/{safeName}";
        content.Position = 0;
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        content.Position = 0;
        await store.WriteAsync(path, content, facts.ContentType, cancellationToken);
        MediaItem item;
        try
        {
            item = await InsertAsync(key, parent, facts.Kind, name, safeName, facts.ContentType, content.Length, facts, (altText, path, sha), awaitingReviewFor, user, cancellationToken);
        }
        catch
        {
            await store.DeleteAsync(path, CancellationToken.None);
            throw;
        }
        await audit.WriteAsync(key, "media-upload", user, $"{name} ({facts.ContentType}, {Megabytes(content.Length)}) to {store.Name}", cancellationToken: cancellationToken);
        return MediaResult.Ok(item);
    }

    public async Task<MediaResult> UpdateAsync(Guid key, string? name, string? altText, Guid? parent, string user, CancellationToken cancellationToken = default)
    {
        var item = await GetAsync(key, cancellationToken);
        if (item is null)
            return MediaResult.Fail("There is no such media item.");
        name = name?.Trim() ?? "";
        altText = altText?.Trim();
        var errors = new List<string>();
        if (name.Length is 0 or > 255)
            errors.Add("Give it a name (at most 255 characters).");
        if (item.IsImage && string.IsNullOrEmpty(altText))
            errors.Add("Describe the image in the alternative text, for people who cannot see it.");
        if (altText?.Length > 1000)
            errors.Add("The alternative text may be at most 1000 characters.");
        if (await CheckFolderAsync(parent, cancellationToken) is { } folderProblem)
            errors.Add(folderProblem);
        else if (parent is { } p && (p == key || (await AncestorsAsync(p, cancellationToken)).Any(a => a.Key == key)))
            errors.Add("A folder cannot be moved into itself.");
        if (errors.Count > 0)
            return new MediaResult(false, item, errors, []);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "update media_item set name = @name, alt_text = @alt, parent_key = @parent, updated_at = @now, updated_by = @user where key = @key", connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.Add(new NpgsqlParameter("alt", NpgsqlDbType.Text) { Value = (object?)(item.IsFolder ? null : altText) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Uuid) { Value = (object?)parent ?? DBNull.Value });
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("user", user);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await audit.WriteAsync(key, "media-update", user, $"{item.Name} → {name}", cancellationToken: cancellationToken);
        return MediaResult.Ok(await GetAsync(key, cancellationToken));
    }

    /// <summary>Deletes an item; one that content still uses is only deleted when <paramref name="confirmed"/>.</summary>
    public async Task<MediaResult> DeleteAsync(Guid key, string user, bool confirmed, CancellationToken cancellationToken = default)
    {
        var item = await GetAsync(key, cancellationToken);
        if (item is null)
            return MediaResult.Fail("There is no such media item.");
        if (item.IsFolder && (await ChildrenAsync(key, 0, 1, cancellationToken)).Count > 0)
            return new MediaResult(false, item, ["The folder is not empty: move or delete what is in it first."], []);
        var usedBy = item.IsFolder ? [] : await UsageAsync(key, cancellationToken);
        if (usedBy.Count > 0 && !confirmed)
            return new MediaResult(false, item, [$"“{item.Name}” is used by {usedBy.Count} content item(s). Deleting it leaves them with a missing file."], usedBy);
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        await using (var command = new NpgsqlCommand("delete from media_item where key = @key", connection))
        {
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (item.StoragePath is not null)
            await store.DeleteAsync(item.StoragePath, cancellationToken);
        await audit.WriteAsync(key, "media-delete", user, item.Name + (usedBy.Count > 0 ? $" (still used by {usedBy.Count} item(s))" : ""), cancellationToken: cancellationToken);
        return MediaResult.Ok(item);
    }

    // ---- internals ----

    private async Task<string?> CheckFolderAsync(Guid? parent, CancellationToken cancellationToken) =>
        parent is { } key && await GetAsync(key, cancellationToken) is not { IsFolder: true } ? "Choose an existing folder." : null;

    private async Task<MediaItem> InsertAsync(Guid key, Guid? parent, MediaKind kind, string name, string? fileName, string? contentType, long? size,
        FileFacts? facts, (string? Alt, string Path, string Sha)? file, Guid? city, string user, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // A city's upload waits for review; a city's folder is only marked as theirs.
        await using var command = new NpgsqlCommand($"""
            insert into media_item (key, parent_key, kind, name, file_name, content_type, size, width, height, alt_text, storage_path, sha256, created_at, created_by, updated_at, updated_by, city_key, awaiting_review)
            values (@key, @parent, @kind, @name, @file, @type, @size, @width, @height, @alt, @path, @sha, @now, @user, @now, @user, @city, @city::uuid is not null and @kind <> 'folder')
            returning {Columns}
            """, connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Uuid) { Value = (object?)parent ?? DBNull.Value });
        command.Parameters.AddWithValue("kind", KindName(kind)!);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.Add(new NpgsqlParameter("file", NpgsqlDbType.Text) { Value = (object?)fileName ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("type", NpgsqlDbType.Text) { Value = (object?)contentType ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("size", NpgsqlDbType.Bigint) { Value = (object?)size ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("width", NpgsqlDbType.Integer) { Value = (object?)facts?.Width ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("height", NpgsqlDbType.Integer) { Value = (object?)facts?.Height ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("alt", NpgsqlDbType.Text) { Value = (object?)file?.Alt ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("path", NpgsqlDbType.Text) { Value = (object?)file?.Path ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("sha", NpgsqlDbType.Bytea) { Value = (object?)(file is { } f ? Convert.FromHexString(f.Sha) : null) ?? DBNull.Value });
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("user", user);
        command.Parameters.Add(new NpgsqlParameter("city", NpgsqlDbType.Uuid) { Value = (object?)city ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    private async Task<IReadOnlyList<MediaItem>> QueryAsync(string where, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select {Columns} from media_item {where}", connection);
        bind(command);
        var items = new List<MediaItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            items.Add(Read(reader));
        return items;
    }

    private static MediaItem Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1),
        r.GetString(2) switch { "folder" => MediaKind.Folder, "image" => MediaKind.Image, _ => MediaKind.Document },
        r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : r.GetInt64(6), r.IsDBNull(7) ? null : r.GetInt32(7), r.IsDBNull(8) ? null : r.GetInt32(8),
        r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(11) ? null : Convert.ToHexStringLower(r.GetFieldValue<byte[]>(11)),
        r.GetFieldValue<DateTimeOffset>(12), r.GetString(13), r.GetFieldValue<DateTimeOffset>(14), r.GetString(15))
    {
        CityKey = r.IsDBNull(16) ? null : r.GetGuid(16),
        AwaitingReview = r.GetBoolean(17),
    };

    private static string? KindName(MediaKind? kind) => kind switch
    {
        MediaKind.Folder => "folder",
        MediaKind.Image => "image",
        MediaKind.Document => "document",
        _ => null,
    };

    /// <summary>Lower-case letters, digits and hyphens, with the extension the content calls for.</summary>
    public static string SafeFileName(string fileName, FileFacts facts)
    {
        var stem = new StringBuilder();
        foreach (var c in Path.GetFileNameWithoutExtension(fileName).Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                stem.Append(c);
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && stem.Length > 0 && stem[^1] != '-')
                stem.Append('-');
        }
        var clean = stem.ToString().Trim('-');
        if (clean.Length > 80)
            clean = clean[..80].Trim('-');
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return (clean.Length == 0 ? "file" : clean) + (facts.Extensions.Contains(extension) ? extension : facts.Extensions[0]);
    }

    private static string Megabytes(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / 1024d / 1024d:0.#} MB"
        : $"{Math.Max(1, bytes / 1024)} KB";
}
