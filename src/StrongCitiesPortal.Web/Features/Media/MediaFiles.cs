using Microsoft.Net.Http.Headers;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Web.Features.Media;

/// <summary>Serves media files: never as HTML or script, downloads for documents, cached for a year.</summary>
public static class MediaFiles
{
    /// <summary>The public address: files awaiting review (a city editor's upload not yet approved with its item) are not found.</summary>
    public static async Task<IResult> ServeAsync(Guid key, string fileName, MediaLibrary library, HttpContext context, CancellationToken cancellationToken)
    {
        var item = await library.GetAsync(key, cancellationToken);
        if (item is null || item.IsFolder || item.ContentType is null || item.AwaitingReview)
            return TypedResults.NotFound();
        if (!string.Equals(fileName, item.FileName, StringComparison.Ordinal))
            return TypedResults.Redirect(item.Url!, permanent: true);
        // The key names one file that never changes (a new upload gets a new key), so it can be cached for good.
        return await StreamAsync(item, library, context, "public, max-age=31536000, immutable", cancellationToken);
    }

    /// <summary>
    /// The backoffice's address of a file, for the pickers' thumbnails: staff see every file, a city editor the
    /// approved ones and their own city's uploads. Never cached.
    /// </summary>
    public static async Task<IResult> ServeToEditorAsync(Guid key, string fileName, MediaLibrary library, HttpContext context, CancellationToken cancellationToken)
    {
        var me = BackofficeIdentity.From(context.User);
        var item = await library.GetAsync(key, cancellationToken);
        if (me is null || item is null || item.IsFolder || item.ContentType is null || !string.Equals(fileName, item.FileName, StringComparison.Ordinal))
            return TypedResults.NotFound();
        if (!me.IsStaff && item.AwaitingReview && item.CityKey != me.CityKey)
            return TypedResults.NotFound();
        return await StreamAsync(item, library, context, "private, no-store", cancellationToken);
    }

    private static async Task<IResult> StreamAsync(MediaItem item, MediaLibrary library, HttpContext context, string caching, CancellationToken cancellationToken)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
        headers.CacheControl = caching;
        var etag = new EntityTagHeaderValue($"\"{item.Sha256?[..32] ?? item.Key.ToString("N")}\"");

        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Contains(etag.Tag.ToString(), StringComparison.Ordinal)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);

        var stream = await library.OpenAsync(item, cancellationToken);
        if (stream is null)
            return TypedResults.NotFound();
        // Images show in the page; documents download under their own name.
        return TypedResults.Stream(stream, item.ContentType!, item.IsImage ? null : item.FileName,
            lastModified: item.CreatedAt, entityTag: etag, enableRangeProcessing: stream.CanSeek);
    }
}
