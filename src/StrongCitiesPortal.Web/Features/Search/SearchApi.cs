using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Querying;

namespace StrongCitiesPortal.Web.Features.Search;

public sealed record SearchItemResponse(Guid Id, string ContentType, string Name, string? Route, string Snippet, double Score, DateTimeOffset UpdateDate, string Culture);

public sealed record FacetValueResponse(string Value, int Count, string Key);

public sealed record SearchResponse(
    int Total,
    IReadOnlyList<SearchItemResponse> Items,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValueResponse>> Facets,
    IReadOnlyList<string> Notices);

/// <param name="DeliveryOptions">The headless API's settings: types it never delivers are never searched here either.</param>
public sealed record SearchApiServices(HttpRequest Request, SearchService Search,
    Microsoft.Extensions.Options.IOptionsMonitor<DeliveryApi.DeliveryApiOptions> DeliveryOptions, CancellationToken CancellationToken);

/// <summary>The headless search: the same service as the portal's search page, as JSON.</summary>
public static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/search").WithTags("Search");
        api.MapGet("/", SearchAsync)
            .WithName("Search")
            .WithSummary("Full-text search over live content, with facet counts over every match.")
            .WithDescription("q: words, \"phrases\", OR, -exclusions (the last word is completed as a prefix). Facet filters by name " +
                "(type, theme, kind, country, region, city, language, year, evaluation): any of a facet's values, every facet. " +
                "sort=relevance|date|name, skip, take, culture=en|fr|ar.");
        api.MapGet("/{id:guid}/similar", SimilarAsync)
            .WithName("SimilarItems")
            .WithSummary("More like this: items that share an item's most distinctive words.");
        return app;
    }

    public static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync([AsParameters] SearchApiServices services)
    {
        var query = services.Request.Query;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var skip = Integer(query, "skip", 0, errors);
        var take = Integer(query, "take", 10, errors);
        var sort = SearchSort.Relevance;
        var sortText = query["sort"].ToString();
        if (sortText.Length > 0 && (!Enum.TryParse(sortText, ignoreCase: true, out sort) || !Enum.IsDefined(sort) || char.IsDigit(sortText[0])))
            errors["sort"] = ["sort must be 'relevance', 'date' or 'name'."];
        if (query["q"].Count > 1)
            errors["q"] = ["Give q once."];
        var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var facet in services.Search.FacetNames)
        {
            var values = query[facet].SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
            if (values.Count > 0)
                filters[facet] = values;
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The search could not be run as asked.");

        var culture = query["culture"].ToString();
        try
        {
            var result = await services.Search.SearchAsync(new SearchRequest
            {
                Query = query["q"].ToString(),
                Culture = culture.Length == 0 ? "en" : culture,
                Filters = filters,
                Sort = sort,
                Skip = skip,
                Take = take,
                ExcludeTypes = services.DeliveryOptions.CurrentValue.DisallowedContentTypeAliases,
            }, services.CancellationToken);
            return TypedResults.Ok(ToResponse(result));
        }
        catch (SearchRequestException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors.ToDictionary(), title: "The search could not be run as asked.");
        }
    }

    public static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SimilarAsync(Guid id, [AsParameters] SearchApiServices services)
    {
        var query = services.Request.Query;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var take = Integer(query, "take", 5, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var culture = query["culture"].ToString();
        try
        {
            var result = await services.Search.MoreLikeThisAsync(id, culture.Length == 0 ? "en" : culture, take,
                services.DeliveryOptions.CurrentValue.DisallowedContentTypeAliases, services.CancellationToken);
            return TypedResults.Ok(ToResponse(result));
        }
        catch (SearchRequestException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors.ToDictionary());
        }
    }

    private static int Integer(IQueryCollection query, string name, int fallback, Dictionary<string, string[]> errors)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
            return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return value;
        errors[name] = [$"{name} must be a whole number."];
        return fallback;
    }

    private static SearchResponse ToResponse(SearchResult result) => new(
        result.Total,
        result.Items.Select(i => new SearchItemResponse(i.Id, i.ContentType, i.Name, i.Route, i.Snippet, i.Score, i.UpdateDate, i.Culture)).ToList(),
        result.Facets.ToDictionary(f => f.Key, f => (IReadOnlyList<FacetValueResponse>)f.Value.Select(v => new FacetValueResponse(v.Value, v.Count, v.Key)).ToList()),
        result.Notices);
}
