using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>Umbraco's content endpoints: <c>/umbraco/delivery/api/v2/content</c>, <c>/content/item/{id}</c>, <c>/content/item/{path}</c>, <c>/content/items</c>.</summary>
public static class ContentApi
{
    public static RouteGroupBuilder MapContentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapDeliveryGroup("content", "Content", DeliveryOutputCache.ContentPolicy);

        group.MapGet("", Query)
            .WithName("GetContent20")
            .WithSummary("Gets a paginated list of content items from a query.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("item/{id:guid}", ById)
            .WithName("GetContentItemById20")
            .WithSummary("Gets a content item by id.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("item/{**path}", ByPath)
            .WithName("GetContentItemByPath20")
            .WithSummary("Gets a content item by route.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("items", ByIds)
            .WithName("GetContentItems20")
            .WithSummary("Gets content items by id.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    public sealed record Services(DeliveryRequestReader Reader, DeliveryContentBuilder Builder, ContentQueryService Queries, IOptions<DeliveryApiPortalOptions> Options);

    /// <param name="fetch">Structural query: <c>children:</c>, <c>descendants:</c> or <c>ancestors:</c> with an id or a path.</param>
    /// <param name="filter">Filters: <c>contentType:</c>, <c>name:</c>, <c>createDate</c> and <c>updateDate</c> compared with a date (after, from, before, until), and the portal's <c>theme:</c>, <c>country:</c>, <c>region:</c>, <c>city:</c>, <c>kind:</c>, <c>parent:</c>.</param>
    /// <param name="sort">Sorts: <c>createDate</c>, <c>updateDate</c>, <c>name</c>, <c>level</c>, <c>sortOrder</c>, each <c>:asc</c> or <c>:desc</c>.</param>
    /// <param name="skip">How many items to skip (default 0).</param>
    /// <param name="take">How many items to take (default 10).</param>
    /// <param name="expand">Properties to expand: <c>properties[$all]</c>, <c>properties[a,b[properties[c]]]</c>.</param>
    /// <param name="fields">Properties to include: <c>properties[$all]</c>, <c>properties[a,b]</c>.</param>
    public static async Task<DeliveryJsonResult<PagedViewModel<ApiContentResponse>>> Query(
        HttpContext context, [AsParameters] Services services,
        string? fetch, [FromQuery] string[]? filter, [FromQuery] string[]? sort, string? skip, string? take, string? expand, string? fields)
    {
        var request = await services.Reader.ReadAsync(context, expand, fields);
        var query = new ContentQuery(fetch, filter ?? [], sort ?? [], Paging("skip", skip, 0, int.MaxValue), Paging("take", take, 10, services.Options.Value.MaxTake));
        return DeliveryResults.Ok(await services.Queries.ExecuteAsync(query, request, context.RequestAborted));
    }

    public static async Task<Results<DeliveryJsonResult<ApiContentResponse>, ProblemHttpResult>> ById(
        HttpContext context, [AsParameters] Services services, Guid id, string? expand, string? fields)
    {
        var request = await services.Reader.ReadAsync(context, expand, fields);
        return request.View.Get(id) is { } item && services.Builder.Build(item, request) is { } response
            ? DeliveryResults.Ok(response)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<Results<DeliveryJsonResult<ApiContentResponse>, ProblemHttpResult>> ByPath(
        HttpContext context, [AsParameters] Services services, string? path, string? expand, string? fields)
    {
        var request = await services.Reader.ReadAsync(context, expand, fields);
        var decoded = Uri.UnescapeDataString(path ?? "");
        return services.Builder.ResolvePath(decoded, request) is { } item && services.Builder.Build(item, request) is { } response
            ? DeliveryResults.Ok(response)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);
    }

    /// <param name="id">The ids (GUIDs) of the items; unknown ones are left out.</param>
    public static async Task<DeliveryJsonResult<IReadOnlyList<ApiContentResponse>>> ByIds(
        HttpContext context, [AsParameters] Services services, [FromQuery] string[]? id, string? expand, string? fields)
    {
        var keys = new List<Guid>();
        foreach (var value in id ?? [])
        {
            if (!Guid.TryParse(value, out var key))
                throw DeliveryApiException.InvalidParameter("id", $"'{value}' is not a GUID; give each item's id as id=...&id=...");
            if (!keys.Contains(key))
                keys.Add(key);
        }
        var request = await services.Reader.ReadAsync(context, expand, fields);
        IReadOnlyList<ApiContentResponse> items = keys
            .Select(key => request.View.Get(key) is { } item ? services.Builder.Build(item, request) : null)
            .OfType<ApiContentResponse>()
            .ToList();
        return DeliveryResults.Ok(items);
    }

    internal static int Paging(string name, string? value, int fallback, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
            return fallback;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > max)
            throw DeliveryApiException.InvalidParameter(name, $"'{name}' must be a whole number from 0 to {max}.");
        return number;
    }
}
