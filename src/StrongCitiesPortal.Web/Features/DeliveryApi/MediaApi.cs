using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// Umbraco's media endpoints (<c>/media/item/{id}</c>, <c>/media/item/{path}</c>, <c>/media/items</c>,
/// <c>/media?fetch=children:</c>), answered from whatever <see cref="IDeliveryMediaSource"/> the media library registers.
/// </summary>
public static class MediaApi
{
    public static RouteGroupBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapDeliveryGroup("media", "Media", DeliveryOutputCache.MediaPolicy);

        group.MapGet("", Query)
            .WithName("GetMedia20")
            .WithSummary("Gets a paginated list of media items below a folder.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("item/{id:guid}", ById)
            .WithName("GetMediaItemById20")
            .WithSummary("Gets a media item by id.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("item/{**path}", ByPath)
            .WithName("GetMediaItemByPath20")
            .WithSummary("Gets a media item by path.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("items", ByIds)
            .WithName("GetMediaItems20")
            .WithSummary("Gets media items by id.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    public sealed record Services(IDeliveryMediaSource Media, IOptions<DeliveryApiPortalOptions> Options);

    /// <param name="fetch"><c>children:</c> with a folder's id or path (<c>children:/</c> for the root).</param>
    /// <param name="filter"><c>mediaType:alias</c> and <c>name:text</c>, each negatable with <c>!</c>.</param>
    /// <param name="sort"><c>createDate</c>, <c>updateDate</c>, <c>name</c>, <c>sortOrder</c>, each <c>:asc</c> or <c>:desc</c>.</param>
    public static DeliveryJsonResult<PagedViewModel<ApiMediaResponse>> Query(
        [AsParameters] Services services, string? fetch, [FromQuery] string[]? filter, [FromQuery] string[]? sort,
        string? skip, string? take, string? fields)
    {
        const string Children = "children:";
        if (fetch is null || !fetch.StartsWith(Children, StringComparison.OrdinalIgnoreCase))
            throw DeliveryApiException.SelectorNotFound();
        var parentValue = fetch[Children.Length..].Trim();
        IReadOnlyList<DeliveryMediaItem> items;
        if (parentValue is "" or "/")
            items = services.Media.Children(null);
        else if ((Guid.TryParse(parentValue, out var key) ? services.Media.Get(key) : services.Media.GetByPath(MediaPath(parentValue))) is { } parent)
            items = services.Media.Children(parent.Key);
        else
            items = [];

        IEnumerable<DeliveryMediaItem> matches = items;
        foreach (var option in (filter ?? []).Where(f => !string.IsNullOrWhiteSpace(f)))
            matches = matches.Where(Filter(option)).ToList();
        var ordered = matches.ToList();
        var comparisons = (sort ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(Sort).ToList();
        if (comparisons.Count > 0)
        {
            ordered = [.. ordered.Order(Comparer<DeliveryMediaItem>.Create((a, b) =>
            {
                foreach (var comparison in comparisons)
                {
                    var result = comparison(a, b);
                    if (result != 0)
                        return result;
                }
                return 0;
            }))];
        }
        var selection = PropertySelection.ParseFields(fields);
        var page = ordered
            .Skip(ContentApi.Paging("skip", skip, 0, int.MaxValue))
            .Take(ContentApi.Paging("take", take, 10, services.Options.Value.MaxTake))
            .Select(m => Response(m, selection))
            .ToList();
        return DeliveryResults.Ok(new PagedViewModel<ApiMediaResponse>(ordered.Count, page));
    }

    public static Results<DeliveryJsonResult<ApiMediaResponse>, ProblemHttpResult> ById([AsParameters] Services services, Guid id, string? fields) =>
        services.Media.Get(id) is { } media
            ? DeliveryResults.Ok(Response(media, PropertySelection.ParseFields(fields)))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);

    public static Results<DeliveryJsonResult<ApiMediaResponse>, ProblemHttpResult> ByPath([AsParameters] Services services, string? path, string? fields) =>
        services.Media.GetByPath(MediaPath(path)) is { } media
            ? DeliveryResults.Ok(Response(media, PropertySelection.ParseFields(fields)))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);

    public static DeliveryJsonResult<IReadOnlyList<ApiMediaResponse>> ByIds([AsParameters] Services services, [FromQuery] string[]? id, string? fields)
    {
        var selection = PropertySelection.ParseFields(fields);
        var items = new List<ApiMediaResponse>();
        foreach (var value in (id ?? []).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!Guid.TryParse(value, out var key))
                throw DeliveryApiException.InvalidParameter("id", $"'{value}' is not a GUID; give each item's id as id=...&id=...");
            if (services.Media.Get(key) is { } media)
                items.Add(Response(media, selection));
        }
        return DeliveryResults.Ok<IReadOnlyList<ApiMediaResponse>>(items);
    }

    private static string MediaPath(string? path)
    {
        var trimmed = Uri.UnescapeDataString(path ?? "").Trim().Trim('/');
        return trimmed.Length == 0 ? "/" : $"/{trimmed}/";
    }

    private static ApiMediaResponse Response(DeliveryMediaItem media, PropertySelection fields)
    {
        var item = DeliveryContentBuilder.ToApiMedia(media, fields);
        return new ApiMediaResponse
        {
            Path = media.Path,
            CreateDate = media.CreateDate,
            UpdateDate = media.UpdateDate,
            FocalPoint = item.FocalPoint,
            Crops = item.Crops,
            Id = item.Id,
            Name = item.Name,
            MediaType = item.MediaType,
            Url = item.Url,
            Extension = item.Extension,
            Width = item.Width,
            Height = item.Height,
            Bytes = item.Bytes,
            Properties = item.Properties,
        };
    }

    private static Func<DeliveryMediaItem, bool> Filter(string option)
    {
        if (option.StartsWith("mediaType:", StringComparison.OrdinalIgnoreCase))
        {
            var value = option["mediaType:".Length..];
            var negate = value.StartsWith('!');
            var types = value.TrimStart('!').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return m => types.Contains(m.MediaType) != negate;
        }
        if (option.StartsWith("name:", StringComparison.OrdinalIgnoreCase))
        {
            var value = option["name:".Length..];
            var negate = value.StartsWith('!');
            var text = value.TrimStart('!');
            return m => CultureInfo.InvariantCulture.CompareInfo.IndexOf(m.Name, text, CompareOptions.IgnoreCase) >= 0 != negate;
        }
        throw DeliveryApiException.FilterNotFound();
    }

    private static Comparison<DeliveryMediaItem> Sort(string option)
    {
        var parts = option.Split(':', 2);
        if (parts.Length != 2 || !(parts[1].Equals("asc", StringComparison.OrdinalIgnoreCase) || parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase)))
            throw DeliveryApiException.SortNotFound();
        Comparison<DeliveryMediaItem> compare = parts[0].ToLowerInvariant() switch
        {
            "createdate" => (a, b) => a.CreateDate.CompareTo(b.CreateDate),
            "updatedate" => (a, b) => a.UpdateDate.CompareTo(b.UpdateDate),
            "name" => (a, b) => string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase),
            "sortorder" => (a, b) => a.SortOrder.CompareTo(b.SortOrder),
            _ => throw DeliveryApiException.SortNotFound(),
        };
        return parts[1].Equals("asc", StringComparison.OrdinalIgnoreCase) ? compare : (a, b) => compare(b, a);
    }
}
