using Microsoft.Net.Http.Headers;

namespace StrongCitiesPortal.Web.Features.Media;

/// <summary>Serves media files: never as HTML or script, downloads for documents, cached for a year.</summary>
public static class MediaFiles
{
    public static async Task<IResult> ServeAsync(Guid key, string fileName, MediaLibrary library, HttpContext context, CancellationToken cancellationToken)
    {
        var item = await library.GetAsync(key, cancellationToken);
        if (item is null || item.IsFolder || item.ContentType is null)
            return TypedResults.NotFound();
        if (!string.Equals(fileName, item.FileName, StringComparison.Ordinal))
            return TypedResults.Redirect(item.Url!, permanent: true);

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
        // The key names one file that never changes (a new upload gets a new key), so it can be cached for good.
        headers.CacheControl = "public, max-age=31536000, immutable";
        var etag = new EntityTagHeaderValue($"\"{item.Sha256?[..32] ?? item.Key.ToString("N")}\"");

        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Contains(etag.Tag.ToString(), StringComparison.Ordinal)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);

        var stream = await library.OpenAsync(item, cancellationToken);
        if (stream is null)
            return TypedResults.NotFound();
        // Images show in the page; documents download under their own name.
        return TypedResults.Stream(stream, item.ContentType, item.IsImage ? null : item.FileName,
            lastModified: item.CreatedAt, entityTag: etag, enableRangeProcessing: stream.CanSeek);
    }
}
