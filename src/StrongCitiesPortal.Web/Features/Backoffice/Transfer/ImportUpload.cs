using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Web.Features.Backoffice.Transfer;

/// <summary>A refused upload: the status to answer with and what the editor should do about it.</summary>
public sealed class UploadException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>The form's fields, and its files as they landed on disk.</summary>
public sealed record ReceivedUpload(IReadOnlyDictionary<string, StringValues> Fields, IReadOnlyList<(string Name, string Path, long Bytes)> Files);

/// <summary>
/// Reads the import form's multipart body section by section, writing each file straight to the upload's
/// folder as it arrives: an upload of any size up to the limit never sits in memory, and a larger one is
/// refused as soon as it passes the limit.
/// </summary>
public static class ImportUpload
{
    private const int MaxFieldLength = 16 * 1024;
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];

    public static async Task<ReceivedUpload> ReceiveAsync(HttpContext context, string folder, TransferOptions options, IAntiforgery antiforgery)
    {
        var request = context.Request;
        var limit = options.MaxUploadBytes;
        if (request.ContentLength > limit + MaxFieldLength * 4)
            throw new UploadException(StatusCodes.Status413PayloadTooLarge, $"The upload is {Size(request.ContentLength.Value)}; the most this page takes is {Size(limit)}. Split the file, or import it with the command line.");
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = limit + MaxFieldLength * 4;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            throw new UploadException(StatusCodes.Status400BadRequest, "Send the form from the import page (a file upload).");

        var fields = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        var files = new List<(string, string, long)>();
        var checkedToken = false;
        long total = 0;
        var reader = new MultipartReader(boundary, request.Body);
        for (var section = await reader.ReadNextSectionAsync(context.RequestAborted); section is not null; section = await reader.ReadNextSectionAsync(context.RequestAborted))
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is not { } rawName)
                continue;
            var name = HeaderUtilities.RemoveQuotes(rawName).Value ?? "";
            if (!disposition.IsFileDisposition())
            {
                var value = await ReadFieldAsync(section.Body, context.RequestAborted);
                fields[name] = StringValues.Concat(fields.GetValueOrDefault(name), value);
                continue;
            }
            // The token comes before the files on the form, so nothing is written for a forged request.
            if (!checkedToken)
            {
                await ValidateAsync(context, antiforgery, fields);
                checkedToken = true;
            }
            var fileName = Path.GetFileName((HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "").Replace('\\', '/'));
            if (name != "file" || fileName.Length == 0)
                continue;
            var path = Path.Combine(folder, $"upload-{files.Count:D5}");
            await using (var target = File.Create(path))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await section.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    total += read;
                    if (total > limit)
                        throw new UploadException(StatusCodes.Status413PayloadTooLarge, $"The upload is too large: the most this page takes is {Size(limit)}. Split the file, or import it with the command line.");
                    await target.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                }
            }
            files.Add((fileName, path, new FileInfo(path).Length));
        }
        if (!checkedToken)
            await ValidateAsync(context, antiforgery, fields);
        return new ReceivedUpload(fields, files);
    }

    private static async Task ValidateAsync(HttpContext context, IAntiforgery antiforgery, Dictionary<string, StringValues> fields)
    {
        // The body is being streamed, so the antiforgery check reads the fields already received instead of the form.
        context.Request.Form = new FormCollection(new Dictionary<string, StringValues>(fields));
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            throw new UploadException(StatusCodes.Status400BadRequest, "The form has expired or did not come from this site: open the import page again and send it from there.");
        }
    }

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[MaxFieldLength + 1];
        var length = 0;
        int read;
        while (length <= MaxFieldLength && (read = await reader.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            length += read;
        if (length > MaxFieldLength)
            throw new UploadException(StatusCodes.Status400BadRequest, "A field of the form is far too long.");
        return new string(buffer, 0, length);
    }

    /// <summary>
    /// Works out what was sent (one CSV or JSON Lines file, Markdown files, or a .zip of Markdown files),
    /// checks it looks like it, and lays it out for <see cref="ImportService.OpenSource"/>.
    /// </summary>
    public static async Task<(ImportFormat Format, string Description)> PrepareAsync(ReceivedUpload upload, string folder, TransferOptions options, CancellationToken cancellationToken)
    {
        var files = upload.Files;
        if (files.Count == 0)
            throw new UploadException(StatusCodes.Status400BadRequest, "Choose a file to import: a CSV or JSON Lines file, Markdown files, or a .zip of Markdown files.");
        var kinds = files.Select(f => (File: f, Kind: KindOf(f.Name))).ToList();
        if (kinds.FirstOrDefault(k => k.Kind is null) is { File.Name: { } unknown })
            throw new UploadException(StatusCodes.Status415UnsupportedMediaType, $"'{unknown}' is not a file this page imports: send a .csv, a .jsonl, .md files, or a .zip of .md files.");
        if (kinds.FirstOrDefault(k => k.File.Bytes == 0) is { File.Name: { } empty })
            throw new UploadException(StatusCodes.Status400BadRequest, $"'{empty}' is empty.");
        var distinct = kinds.Select(k => k.Kind).Distinct().ToList();
        if (distinct.Count > 1 || (files.Count > 1 && distinct[0] != "md"))
            throw new UploadException(StatusCodes.Status400BadRequest, "Send one CSV, one JSON Lines file or one .zip, or any number of Markdown files, not a mixture.");

        var markdown = Path.Combine(folder, "markdown");
        var records = Path.Combine(folder, "records");
        switch (distinct[0])
        {
            case "csv":
            case "jsonl":
                await CheckTextAsync(files[0], distinct[0] == "jsonl", cancellationToken);
                File.Move(files[0].Path, records);
                return (distinct[0] == "csv" ? ImportFormat.Csv : ImportFormat.JsonLines, files[0].Name);
            case "zip":
                await UnzipAsync(files[0], markdown, options, cancellationToken);
                File.Delete(files[0].Path);
                return (ImportFormat.Markdown, files[0].Name);
            default:
                Directory.CreateDirectory(markdown);
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var file in files)
                {
                    if (!names.Add(file.Name))
                        throw new UploadException(StatusCodes.Status400BadRequest, $"Two files are called '{file.Name}'.");
                    await CheckTextAsync(file, json: false, cancellationToken);
                    File.Move(file.Path, Path.Combine(markdown, Path.ChangeExtension(file.Name, ".md")));
                }
                return (ImportFormat.Markdown, files.Count == 1 ? files[0].Name : $"{files.Count} Markdown files");
        }
    }

    private static string? KindOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".csv" => "csv",
        ".jsonl" or ".ndjson" => "jsonl",
        ".md" or ".markdown" => "md",
        ".zip" => "zip",
        _ => null,
    };

    /// <summary>A text file, not a binary one renamed; JSON Lines starts with an object.</summary>
    private static async Task CheckTextAsync((string Name, string Path, long Bytes) file, bool json, CancellationToken cancellationToken)
    {
        var head = new byte[8192];
        int read;
        await using (var stream = File.OpenRead(file.Path))
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var bytes = head.AsSpan(0, read);
        if (bytes.StartsWith(ZipSignature) || bytes.Contains((byte)0))
            throw new UploadException(StatusCodes.Status415UnsupportedMediaType, $"'{file.Name}' is not a text file (is it a spreadsheet or a .zip renamed?). Save it as CSV (UTF-8) or JSON Lines.");
        if (json)
        {
            var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            if (text.Length > 0 && text[0] != '{')
                throw new UploadException(StatusCodes.Status415UnsupportedMediaType, $"'{file.Name}' is not JSON Lines: each line should be one JSON object, starting with '{{'.");
        }
    }

    /// <summary>Unpacks the .md files of a .zip (folders inside it are flattened), never past the size and file limits whatever the .zip claims.</summary>
    private static async Task UnzipAsync((string Name, string Path, long Bytes) file, string folder, TransferOptions options, CancellationToken cancellationToken)
    {
        // ZipArchive reads the whole central directory into memory on first use: count its entries from the end record first.
        if (await DeclaredEntryCountAsync(file.Path, cancellationToken) is { } declared && declared > options.MaxZipEntries)
            throw TooManyEntries(file.Name, options);
        ZipArchive zip;
        try
        {
            zip = await ZipArchive.CreateAsync(File.OpenRead(file.Path), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken);
        }
        catch (InvalidDataException)
        {
            throw new UploadException(StatusCodes.Status415UnsupportedMediaType, $"'{file.Name}' is not a .zip file that can be read.");
        }
        await using var dispose = zip;
        Directory.CreateDirectory(folder);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        var buffer = new byte[81920];
        try
        {
            if (zip.Entries.Count > options.MaxZipEntries)
                throw TooManyEntries(file.Name, options);
            foreach (var entry in zip.Entries)
            {
                var name = Path.GetFileName(entry.FullName.Replace('\\', '/'));
                if (name.Length == 0 || name.StartsWith('.') || KindOf(name) != "md")
                    continue;
                if (!names.Add(name))
                    throw new UploadException(StatusCodes.Status400BadRequest, $"The .zip holds two files called '{name}' (folders inside it are not kept apart): rename one.");
                if (names.Count > options.MaxMarkdownFiles)
                    throw new UploadException(StatusCodes.Status413PayloadTooLarge, $"The .zip holds more than {options.MaxMarkdownFiles:N0} Markdown files.");
                await using var source = await entry.OpenAsync(cancellationToken);
                await using var target = File.Create(Path.Combine(folder, Path.ChangeExtension(name, ".md")));
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > options.MaxUploadBytes)
                        throw new UploadException(StatusCodes.Status413PayloadTooLarge, $"The .zip unpacks to more than {Size(options.MaxUploadBytes)}, the most this page takes.");
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
        }
        catch (InvalidDataException)
        {
            throw new UploadException(StatusCodes.Status415UnsupportedMediaType, $"'{file.Name}' is damaged: it could not be unpacked.");
        }
        if (names.Count == 0)
            throw new UploadException(StatusCodes.Status400BadRequest, $"'{file.Name}' holds no Markdown (.md) files.");
    }

    private static UploadException TooManyEntries(string name, TransferOptions options) => new(StatusCodes.Status413PayloadTooLarge,
        $"'{name}' holds more than {options.MaxZipEntries:N0} entries (folders and other files count too), the most this page takes. Split it into smaller .zip files.");

    /// <summary>
    /// The number of entries a .zip's end-of-central-directory record (or its Zip64 record) declares, or null when
    /// there is none (then ZipArchive refuses the file).
    /// </summary>
    private static async Task<long?> DeclaredEntryCountAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var tailLength = (int)Math.Min(stream.Length, 22 + ushort.MaxValue);
        var tail = new byte[tailLength];
        stream.Seek(-tailLength, SeekOrigin.End);
        await stream.ReadExactlyAsync(tail, cancellationToken);
        for (var i = tailLength - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) != 0x06054b50)
                continue;
            long count = Math.Max(BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 8)), BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 10)));
            // A Zip64 archive keeps the real count in its own record, found through the locator just before this one.
            var locator = stream.Length - tailLength + i - 20;
            if (locator >= 0)
            {
                var locatorBytes = new byte[20];
                stream.Seek(locator, SeekOrigin.Begin);
                await stream.ReadExactlyAsync(locatorBytes, cancellationToken);
                if (BinaryPrimitives.ReadUInt32LittleEndian(locatorBytes) == 0x07064b50)
                {
                    var offset = BinaryPrimitives.ReadUInt64LittleEndian(locatorBytes.AsSpan(8));
                    if (offset > (ulong)(stream.Length - 56))
                        return long.MaxValue;
                    var record = new byte[56];
                    stream.Seek((long)offset, SeekOrigin.Begin);
                    await stream.ReadExactlyAsync(record, cancellationToken);
                    if (BinaryPrimitives.ReadUInt32LittleEndian(record) == 0x06064b50)
                        count = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32)), long.MaxValue);
                }
            }
            return count;
        }
        return null;
    }

    public static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024d / 1024d:0.#} MB" : $"{Math.Max(1, bytes / 1024)} KB";
}
