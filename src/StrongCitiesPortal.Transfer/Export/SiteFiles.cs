using System.IO.Compression;
using System.Text;

namespace StrongCitiesPortal.Transfer.Export;

/// <summary>Where a site export's files go: a folder, or a .zip streamed out.</summary>
internal abstract class SiteFiles : IAsyncDisposable
{
    protected static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Writes a whole file (paths use '/').</summary>
    public abstract Task WriteAsync(string path, string text, CancellationToken cancellationToken);

    public abstract Task CopyAsync(string source, string path, CancellationToken cancellationToken);

    /// <summary>A file written a line at a time while other files are written.</summary>
    public abstract TextWriter Lines(string path);

    public abstract ValueTask DisposeAsync();
}

internal sealed class SiteFolder(string folder) : SiteFiles
{
    private readonly List<StreamWriter> _lines = [];

    private string Full(string path)
    {
        var full = Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }

    public override Task WriteAsync(string path, string text, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(Full(path), text, Utf8, cancellationToken);

    public override Task CopyAsync(string source, string path, CancellationToken cancellationToken)
    {
        File.Copy(source, Full(path), overwrite: true);
        return Task.CompletedTask;
    }

    public override TextWriter Lines(string path)
    {
        var writer = new StreamWriter(Full(path), false, Utf8);
        _lines.Add(writer);
        return writer;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var writer in _lines)
            await writer.DisposeAsync();
    }
}

/// <summary>
/// A .zip written straight to a stream that need not seek. A zip takes one entry at a time, so the
/// line files (written throughout) go to temporary files and become entries at the end. The archive
/// writes partly synchronously, which a response stream refuses, so each finished entry's bytes are
/// handed on asynchronously: only one entry is ever held in memory.
/// </summary>
internal sealed class SiteZip : SiteFiles
{
    private readonly Stream _output;
    private readonly EntryBuffer _buffer = new();
    private readonly ZipArchive _zip;
    private readonly List<(string Path, string Temporary, StreamWriter Writer)> _lines = [];

    public SiteZip(Stream output)
    {
        _output = output;
        _zip = new ZipArchive(_buffer, ZipArchiveMode.Create, leaveOpen: true, Utf8);
    }

    public override async Task WriteAsync(string path, string text, CancellationToken cancellationToken)
    {
        await using (var entry = _zip.CreateEntry(path, CompressionLevel.Fastest).Open())
            await entry.WriteAsync(Utf8.GetBytes(text), cancellationToken);
        await _buffer.DrainAsync(_output, cancellationToken);
    }

    public override async Task CopyAsync(string source, string path, CancellationToken cancellationToken)
    {
        await using (var entry = _zip.CreateEntry(path, CompressionLevel.Fastest).Open())
        {
            await using var file = File.OpenRead(source);
            await file.CopyToAsync(entry, cancellationToken);
        }
        await _buffer.DrainAsync(_output, cancellationToken);
    }

    public override TextWriter Lines(string path)
    {
        var temporary = Path.GetTempFileName();
        var writer = new StreamWriter(temporary, false, Utf8);
        _lines.Add((path, temporary, writer));
        return writer;
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var (path, temporary, writer) in _lines)
            {
                await writer.DisposeAsync();
                await CopyAsync(temporary, path, CancellationToken.None);
            }
            _zip.Dispose();
            await _buffer.DrainAsync(_output, CancellationToken.None);
        }
        finally
        {
            foreach (var (_, temporary, _) in _lines)
                File.Delete(temporary);
        }
    }
}

/// <summary>A write-only, non-seeking stream that keeps what is written until it is drained to the real output.</summary>
internal sealed class EntryBuffer : Stream
{
    private readonly MemoryStream _pending = new();
    private long _position;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _pending.Write(buffer);
        _position += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public async Task DrainAsync(Stream output, CancellationToken cancellationToken)
    {
        if (_pending.Length == 0)
            return;
        await output.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
        await output.FlushAsync(cancellationToken);
        _pending.SetLength(0);
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
