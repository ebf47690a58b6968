namespace StrongCitiesPortal.Web.Features.Media.Storage;

/// <summary>Media files under a folder on the server's disk (the data folder's <c>media/</c> by default).</summary>
public sealed class LocalDiskMediaStore(string root) : IMediaStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Name => "local disk";

    public async Task WriteAsync(string path, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var file = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = file + ".uploading";
        await using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            await content.CopyToAsync(output, cancellationToken);
        File.Move(temporary, file, overwrite: true);
    }

    public Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = Resolve(path);
        Stream? stream = File.Exists(file) ? new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = Resolve(path);
        if (File.Exists(file))
            File.Delete(file);
        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(Resolve(path)));

    private string Resolve(string path)
    {
        var full = Path.GetFullPath(Path.Combine(Root, MediaPaths.Check(path)));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"'{path}' is outside the media folder.", nameof(path));
        return full;
    }
}
