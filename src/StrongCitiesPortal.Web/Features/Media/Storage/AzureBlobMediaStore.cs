using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace StrongCitiesPortal.Web.Features.Media.Storage;

/// <summary>
/// Media files as block blobs in one container, spoken to over the Blob service's REST API with Shared Key
/// authorization (the Azure SDK cannot be installed here). Works against Azure and against Azurite.
/// </summary>
public sealed class AzureBlobMediaStore(HttpClient http, AzureBlobConnection connection, string container, TimeProvider clock) : IMediaStore
{
    public const string ApiVersion = "2023-11-03";

    private volatile bool _containerReady;

    public string Name => "Azure Blob Storage";

    public string Container { get; } = CheckContainer(container);

    public async Task EnsureContainerAsync(CancellationToken cancellationToken = default)
    {
        if (_containerReady)
            return;
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(connection.BlobEndpoint, $"{Container}?restype=container"));
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
            throw await FailureAsync(response, "create the container");
        _containerReady = true;
    }

    public async Task WriteAsync(string path, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        Stream body = content;
        MemoryStream? buffer = null;
        if (!content.CanSeek)
        {
            buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            buffer.Position = 0;
            body = buffer;
        }
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, BlobUri(path));
            request.Content = new StreamContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            request.Content.Headers.ContentLength = body.Length - body.Position;
            request.Headers.Add("x-ms-blob-type", "BlockBlob");
            using var response = await SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Created)
                throw await FailureAsync(response, $"upload {path}");
        }
        finally
        {
            if (buffer is not null)
                await buffer.DisposeAsync();
        }
    }

    public async Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, BlobUri(path));
        var response = await SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            request.Dispose();
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            var failure = await FailureAsync(response, $"read {path}");
            response.Dispose();
            request.Dispose();
            throw failure;
        }
        return new ResponseStream(await response.Content.ReadAsStreamAsync(cancellationToken), response, request);
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, BlobUri(path));
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.NotFound))
            throw await FailureAsync(response, $"delete {path}");
    }

    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, BlobUri(path));
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return false;
        if (!response.IsSuccessStatusCode)
            throw await FailureAsync(response, $"look for {path}");
        return true;
    }

    private Uri BlobUri(string path) => new(connection.BlobEndpoint, $"{Container}/{MediaPaths.Check(path)}");

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        request.Headers.Add("x-ms-date", clock.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        request.Headers.Add("x-ms-version", ApiVersion);
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{connection.AccountName}:{Sign(request)}");
        return await http.SendAsync(request, completion, cancellationToken);
    }

    /// <summary>The Shared Key signature of a request (Blob service, version 2015-02-21 and later).</summary>
    public string Sign(HttpRequestMessage request)
    {
        var content = request.Content?.Headers;
        var length = content?.ContentLength is > 0 ? content.ContentLength.Value.ToString(CultureInfo.InvariantCulture) : "";
        var text = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(Header(content?.ContentEncoding)).Append('\n')
            .Append(Header(content?.ContentLanguage)).Append('\n')
            .Append(length).Append('\n')
            .Append(content?.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : "").Append('\n')
            .Append(content?.ContentType?.ToString() ?? "").Append('\n')
            .Append('\n') // Date: x-ms-date is sent instead
            .Append(request.Headers.IfModifiedSince?.ToString("R", CultureInfo.InvariantCulture) ?? "").Append('\n')
            .Append(Header(request.Headers.IfMatch)).Append('\n')
            .Append(Header(request.Headers.IfNoneMatch)).Append('\n')
            .Append(request.Headers.IfUnmodifiedSince?.ToString("R", CultureInfo.InvariantCulture) ?? "").Append('\n')
            .Append(request.Headers.Range?.ToString() ?? "").Append('\n');

        foreach (var header in request.Headers.Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .OrderBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal))
            text.Append(header.Key.ToLowerInvariant()).Append(':').Append(string.Join(",", header.Value.Select(v => v.Trim()))).Append('\n');

        var uri = request.RequestUri!;
        text.Append('/').Append(connection.AccountName).Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .GroupBy(p => Uri.UnescapeDataString(p[0]).ToLowerInvariant(), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "")
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var parameter in query)
            text.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(",", parameter.Order(StringComparer.Ordinal)));

        return Convert.ToBase64String(HMACSHA256.HashData(connection.AccountKey, Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Header(IEnumerable<object>? values) => values is null ? "" : string.Join(",", values);

    private static async Task<Exception> FailureAsync(HttpResponseMessage response, string what)
    {
        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync();
        var code = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() : null;
        return new IOException($"Azure Blob Storage could not {what}: {(int)response.StatusCode} {code ?? response.ReasonPhrase} {(body.Length > 300 ? body[..300] : body)}".Trim());
    }

    private static string CheckContainer(string name)
    {
        // Container names: 3-63 lower-case letters, digits and single hyphens, starting with a letter or digit.
        if (name.Length is < 3 or > 63 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || name.StartsWith('-') || name.EndsWith('-') || name.Contains("--", StringComparison.Ordinal))
            throw new InvalidOperationException($"'{name}' is not a valid Azure Blob Storage container name.");
        return name;
    }

    /// <summary>The blob's bytes; disposing it releases the HTTP response.</summary>
    private sealed class ResponseStream(Stream inner, HttpResponseMessage response, HttpRequestMessage request) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.Content.Headers.ContentLength ?? throw new NotSupportedException();
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
                request.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
