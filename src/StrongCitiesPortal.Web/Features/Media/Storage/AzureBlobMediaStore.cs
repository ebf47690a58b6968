using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace StrongCitiesPortal.Web.Features.Media.Storage;

/// <summary>Media files as block blobs in one container, through the Azure SDK. Works against Azure and against Azurite.</summary>
public sealed class AzureBlobMediaStore : IMediaStore
{
    private readonly BlobContainerClient _container;
    private volatile bool _containerReady;

    public AzureBlobMediaStore(BlobContainerClient container)
    {
        CheckContainer(container.Name);
        _container = container;
    }

    /// <summary>
    /// The store a configuration asks for: a connection string (account key or shared access signature), or an
    /// account URL signed in with a token credential (by default <see cref="DefaultAzureCredential"/>: managed identity,
    /// workload identity, environment variables, the Azure CLI).
    /// </summary>
    public static AzureBlobMediaStore FromOptions(AzureBlobMediaOptions options, TokenCredential? credential = null)
    {
        CheckContainer(options.ContainerName);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                return new AzureBlobMediaStore(new BlobContainerClient(options.ConnectionString, options.ContainerName));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                throw new InvalidOperationException($"The Azure Blob Storage connection string ({AzureBlobMediaOptions.Section}:ConnectionString) cannot be read: {e.Message}", e);
            }
        }
        if (!Uri.TryCreate(options.AccountUrl, UriKind.Absolute, out var account) || account.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException($"{AzureBlobMediaOptions.Section}:AccountUrl must be the storage account's https:// blob address (https://ACCOUNT.blob.core.windows.net/).");
        var service = new BlobServiceClient(account, credential ?? new DefaultAzureCredential());
        return new AzureBlobMediaStore(service.GetBlobContainerClient(options.ContainerName));
    }

    public string Name => "Azure Blob Storage";

    public string Container => _container.Name;

    /// <summary>The container's address (from the connection string or the account URL), without any signature.</summary>
    public Uri ContainerUri => new UriBuilder(_container.Uri) { Query = "" }.Uri;

    public async Task EnsureContainerAsync(CancellationToken cancellationToken = default)
    {
        if (_containerReady)
            return;
        try
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
            // A shared access signature for the container alone may not create it: the upload itself says whether it can write.
        }
        catch (RequestFailedException e)
        {
            throw Failure(e, "create the container");
        }
        _containerReady = true;
    }

    public async Task WriteAsync(string path, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var blob = Blob(path);
        await EnsureContainerAsync(cancellationToken);
        await Call($"upload {path}", () => blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken));
    }

    public async Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var blob = Blob(path);
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw Failure(e, $"read {path}");
        }
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var blob = Blob(path);
        return Call($"delete {path}", () => blob.DeleteIfExistsAsync(cancellationToken: cancellationToken));
    }

    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default)
    {
        var blob = Blob(path);
        try
        {
            return (await blob.ExistsAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException e)
        {
            throw Failure(e, $"look for {path}");
        }
    }

    private BlobClient Blob(string path) => _container.GetBlobClient(MediaPaths.Check(path));

    private static async Task Call<T>(string what, Func<Task<T>> call)
    {
        try
        {
            await call();
        }
        catch (RequestFailedException e)
        {
            throw Failure(e, what);
        }
    }

    // The media library reports storage failures as IOException, whatever the store.
    private static IOException Failure(RequestFailedException e, string what) =>
        new($"Azure Blob Storage could not {what}: {e.Status} {e.ErrorCode}".TrimEnd(), e);

    private static void CheckContainer(string name)
    {
        // Container names: 3-63 lower-case letters, digits and single hyphens, starting with a letter or digit.
        if (name.Length is < 3 or > 63 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || name.StartsWith('-') || name.EndsWith('-') || name.Contains("--", StringComparison.Ordinal))
            throw new InvalidOperationException($"'{name}' is not a valid Azure Blob Storage container name.");
    }
}
