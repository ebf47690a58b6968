using System.Buffers.Binary;
using System.IO.Compression;
using System.Xml.Linq;

namespace StrongCitiesPortal.Web.Features.Media;

public enum MediaKind
{
    Folder,
    Image,
    Document,
}

/// <summary>What a file really is, judged by its content.</summary>
public sealed record FileFacts(MediaKind Kind, string ContentType, string Description, IReadOnlyList<string> Extensions, int? Width = null, int? Height = null);

/// <summary>
/// Recognises the files the library accepts by their bytes, not their names: JPEG, PNG, GIF and WebP images,
/// PDF, and Word, Excel and PowerPoint (Office Open XML, without macros). Anything else, including SVG (which
/// can carry script) and the older binary Office formats (which can carry macros), is refused.
/// </summary>
public static class FileInspector
{
    public const string Accepted = "images (JPEG, PNG, GIF, WebP) and documents (PDF, Word .docx, Excel .xlsx, PowerPoint .pptx)";

    private static readonly (string MainPart, string MainType, FileFacts Facts)[] OfficeFormats =
    [
        ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            new FileFacts(MediaKind.Document, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a Word document", [".docx"])),
        ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            new FileFacts(MediaKind.Document, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "an Excel workbook", [".xlsx"])),
        ("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
            new FileFacts(MediaKind.Document, "application/vnd.openxmlformats-officedocument.presentationml.presentation", "a PowerPoint presentation", [".pptx"])),
    ];

    /// <summary>The file's type, or an explanation of why it is refused. The stream must be seekable.</summary>
    public static (FileFacts? Facts, string? Problem) Inspect(Stream file)
    {
        Span<byte> head = stackalloc byte[64];
        file.Position = 0;
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        file.Position = 0;
        if (read == 0)
            return (null, "The file is empty.");

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return Image(new FileFacts(MediaKind.Image, "image/jpeg", "a JPEG image", [".jpg", ".jpeg"]), JpegSize(file));
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return Image(new FileFacts(MediaKind.Image, "image/png", "a PNG image", [".png"]),
                read >= 24 && head[12..16].SequenceEqual("IHDR"u8) ? (BinaryPrimitives.ReadInt32BigEndian(head[16..]), BinaryPrimitives.ReadInt32BigEndian(head[20..])) : null);
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
            return Image(new FileFacts(MediaKind.Image, "image/gif", "a GIF image", [".gif"]),
                read >= 10 ? (BinaryPrimitives.ReadUInt16LittleEndian(head[6..]), BinaryPrimitives.ReadUInt16LittleEndian(head[8..])) : null);
        if (read >= 30 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
            return Image(new FileFacts(MediaKind.Image, "image/webp", "a WebP image", [".webp"]), WebPSize(head));
        if (head.StartsWith("%PDF-"u8))
            return (new FileFacts(MediaKind.Document, "application/pdf", "a PDF document", [".pdf"]), null);
        if (head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]))
            return Office(file);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
            return (null, "This is an older Office file (.doc, .xls or .ppt), which can carry macros: save it as .docx, .xlsx or .pptx (or PDF) and upload that.");
        return (null, $"This file is not one of the accepted types: {Accepted}.");
    }

    /// <summary>The name's extension must agree with the content.</summary>
    public static string? CheckName(FileFacts facts, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return facts.Extensions.Contains(extension)
            ? null
            : $"The file's content is {facts.Description}, but its name ends in “{(extension.Length == 0 ? "(nothing)" : extension)}”: rename it to {string.Join(" or ", facts.Extensions)}.";
    }

    private static (FileFacts?, string?) Image(FileFacts facts, (int Width, int Height)? size) =>
        size is { Width: > 0 and <= 30000, Height: > 0 and <= 30000 } s
            ? (facts with { Width = s.Width, Height = s.Height }, null)
            : (null, $"The file starts like {facts.Description} but its size cannot be read: it may be damaged.");

    private static (int, int)? WebPSize(ReadOnlySpan<byte> head)
    {
        var chunk = head[12..16];
        if (chunk.SequenceEqual("VP8 "u8) && head[23] == 0x9D && head[24] == 0x01 && head[25] == 0x2A)
            return (BinaryPrimitives.ReadUInt16LittleEndian(head[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(head[28..]) & 0x3FFF);
        if (chunk.SequenceEqual("VP8L"u8) && head[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(head[21..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
            return ((head[24] | head[25] << 8 | head[26] << 16) + 1, (head[27] | head[28] << 8 | head[29] << 16) + 1);
        return null;
    }

    /// <summary>Walks the JPEG markers to the frame header (SOFn), which holds the size.</summary>
    private static (int, int)? JpegSize(Stream file)
    {
        file.Position = 2;
        Span<byte> marker = stackalloc byte[9];
        try
        {
            while (file.Position < file.Length)
            {
                if (file.ReadAtLeast(marker[..4], 4, throwOnEndOfStream: false) < 4 || marker[0] != 0xFF)
                    return null;
                var code = marker[1];
                var length = BinaryPrimitives.ReadUInt16BigEndian(marker[2..]);
                if (code is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                {
                    if (file.ReadAtLeast(marker[..5], 5, throwOnEndOfStream: false) < 5)
                        return null;
                    return (BinaryPrimitives.ReadUInt16BigEndian(marker[3..]), BinaryPrimitives.ReadUInt16BigEndian(marker[1..]));
                }
                if (length < 2)
                    return null;
                file.Position += length - 2;
            }
            return null;
        }
        finally
        {
            file.Position = 0;
        }
    }

    /// <summary>A ZIP is accepted only as a Word, Excel or PowerPoint file that declares its main part, and has no macros.</summary>
    private static (FileFacts?, string?) Office(Stream file)
    {
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            var typesEntry = zip.GetEntry("[Content_Types].xml");
            if (typesEntry is null || typesEntry.Length > 1_000_000)
                return (null, $"This is a ZIP archive, not an Office document. Accepted: {Accepted}.");
            if (zip.Entries.Any(e => e.FullName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
                return (null, "This Office file contains macros, which the portal does not accept: save it without macros (.docx, .xlsx, .pptx).");
            XDocument types;
            using (var stream = typesEntry.Open())
                types = XDocument.Load(stream);
            XNamespace ns = "http://schemas.openxmlformats.org/package/2006/content-types";
            var overrides = types.Root?.Elements(ns + "Override")
                .ToDictionary(e => (string?)e.Attribute("PartName") ?? "", e => (string?)e.Attribute("ContentType") ?? "", StringComparer.OrdinalIgnoreCase) ?? [];
            foreach (var (part, type, facts) in OfficeFormats)
            {
                if (overrides.TryGetValue(part, out var declared) && declared == type && zip.GetEntry(part.TrimStart('/')) is not null)
                    return (facts, null);
            }
            return (null, $"This ZIP-based file is not a Word, Excel or PowerPoint document without macros. Accepted: {Accepted}.");
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException)
        {
            return (null, "The file looks like an Office document or a ZIP archive but cannot be read: it may be damaged.");
        }
        finally
        {
            file.Position = 0;
        }
    }
}
