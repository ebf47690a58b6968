using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

public static class DeliveryResults
{
    /// <summary>
    /// camelCase, and HTML and every script written as they are, as Umbraco writes them. Safe because the
    /// answer is only ever served as application/json with nosniff, never inlined into a page.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A JSON answer with a strong ETag; 304 when the client already holds it.</summary>
    public static DeliveryJsonResult<T> Ok<T>(T value) => new(value);

    public static IResult Problem(int status, string? title = null, string? detail = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    public static IResult Problem(DeliveryApiException problem) =>
        TypedResults.Problem(statusCode: problem.Status, title: problem.Title, detail: problem.Detail);
}

public sealed class DeliveryJsonResult<T>(T value) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
{
    public T Value { get; } = value;

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(Value, DeliveryResults.Json);
        var etag = new EntityTagHeaderValue("\"" + Convert.ToBase64String(SHA256.HashData(body), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"");
        var response = httpContext.Response;
        response.Headers.ETag = etag.ToString();
        if (Matches(httpContext.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(httpContext.Request.Method))
            await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }

    private static bool Matches(HttpRequest request, EntityTagHeaderValue etag)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count == 0 || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
            return false;
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "IEndpointMetadataProvider asks for a static member.")]
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
