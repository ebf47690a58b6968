using Microsoft.AspNetCore.Mvc;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// What Umbraco's Delivery API lacks: full-text search with facets, at <c>/umbraco/delivery/api/v2/search</c>,
/// answered by the portal's search service and shaped like the query endpoint (items are full content items).
/// </summary>
public static class SearchDeliveryApi
{
    public static RouteHandlerBuilder MapSearchDeliveryApi(this IEndpointRouteBuilder app) =>
        app.MapDeliveryGroup("search", "Search", DeliveryOutputCache.ContentPolicy)
            .MapGet("", Search)
            .WithName("Search20")
            .WithSummary("Searches live content: ranked items with snippets, and facet counts over every match.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    public sealed record Services(DeliveryRequestReader Reader, DeliveryContentBuilder Builder, SearchService Search,
        Microsoft.Extensions.Options.IOptionsMonitor<DeliveryApiOptions> Options);

    /// <param name="q">Words, "phrases", OR, -exclusions; empty with filters browses newest first.</param>
    /// <param name="filter">Facet filters: type, theme, kind, country, region, city, language, year, evaluation, as <c>theme:youth</c> (a key or a label; several values with commas, any of them; every filter applies).</param>
    /// <param name="sort"><c>score:desc</c> (relevance, the default) or <c>updateDate:desc</c>.</param>
    /// <param name="skip">How many hits to skip (default 0).</param>
    /// <param name="take">How many hits to take (default 10).</param>
    /// <param name="expand">Properties to expand in the items, as for the query endpoint.</param>
    /// <param name="fields">Properties to include in the items, as for the query endpoint.</param>
    public static async Task<DeliveryJsonResult<ApiSearchResponse>> Search(
        HttpContext context, [AsParameters] Services services,
        string? q, [FromQuery] string[]? filter, string? sort, string? skip, string? take, string? expand, string? fields)
    {
        var request = await services.Reader.ReadAsync(context, expand, fields);
        var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var option in (filter ?? []).Where(f => !string.IsNullOrWhiteSpace(f)))
        {
            var colon = option.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? option : option[..colon];
            var facet = name == "contentType" ? "type" : name;
            if (colon < 0 || !services.Search.FacetNames.Contains(facet, StringComparer.Ordinal))
                throw DeliveryApiException.FilterNotFound();
            var values = option[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (values.Length == 0 || values.Any(v => v.StartsWith('!')))
                throw DeliveryApiException.InvalidFilterValue(option, "search filters take one or more values, separated by commas, and cannot be negated.");
            filters[facet] = [.. filters.GetValueOrDefault(facet) ?? [], .. values];
        }
        var order = sort?.Trim().ToLowerInvariant() switch
        {
            null or "" or "score:desc" => SearchSort.Relevance,
            "updatedate:desc" => SearchSort.Date,
            _ => throw DeliveryApiException.SortNotFound(),
        };

        SearchResult result;
        try
        {
            result = await services.Search.SearchAsync(new SearchRequest
            {
                Query = q,
                Culture = request.Culture,
                Filters = filters,
                Sort = order,
                Skip = ContentApi.Paging("skip", skip, 0, int.MaxValue),
                Take = ContentApi.Paging("take", take, 10, int.MaxValue),
                // Types the API never delivers are not counted either: totals and facets say only what can be fetched.
                ExcludeTypes = services.Options.CurrentValue.DisallowedContentTypeAliases,
            }, context.RequestAborted);
        }
        catch (SearchRequestException invalid)
        {
            var (parameter, problems) = invalid.Errors.First();
            throw DeliveryApiException.InvalidParameter(parameter, string.Join(" ", problems));
        }

        var items = new List<ApiSearchItemResponse>();
        foreach (var hit in result.Items)
        {
            // A hit not in the visitor's culture was found in the default one: it is shown in that culture.
            var culture = request.View.Get(hit.Id) is { } found && found.Variant(request.Culture) is not null ? request.Culture : hit.Culture;
            var inCulture = culture == request.Culture ? request : request.InCulture(culture);
            if (request.View.Get(hit.Id) is not { } item || services.Builder.Build(item, inCulture) is not { } content)
                continue;
            items.Add(new ApiSearchItemResponse
            {
                Id = content.Id,
                ContentType = content.ContentType,
                Name = content.Name,
                CreateDate = content.CreateDate,
                UpdateDate = content.UpdateDate,
                Route = content.Route,
                Properties = content.Properties,
                Cultures = content.Cultures,
                Score = hit.Score,
                Snippet = hit.Snippet,
            });
        }
        return DeliveryResults.Ok(new ApiSearchResponse(
            result.Total,
            items,
            result.Facets.ToDictionary(f => f.Key, f => (IReadOnlyList<ApiFacetValue>)[.. f.Value.Select(v => new ApiFacetValue(v.Value, v.Key, v.Count))]),
            result.Notices));
    }
}
