using System.Text.Json.Serialization;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

// The shapes of Umbraco's Delivery API v2 output (IApiContentResponse, IApiContent, IApiElement,
// ApiBlockListModel, PagedViewModel, IApiMediaWithCropsResponse), property for property.

public sealed record ApiContentStartItem(
    [property: JsonPropertyOrder(0)] Guid Id,
    [property: JsonPropertyOrder(1)] string Path);

public sealed record ApiContentRoute(
    [property: JsonPropertyOrder(0)] string Path,
    [property: JsonPropertyOrder(1)] ApiContentStartItem StartItem);

/// <summary>A content item as a picker shows it: without cultures, and with properties only when expanded.</summary>
public class ApiContent
{
    [JsonPropertyOrder(0)]
    public required Guid Id { get; init; }

    [JsonPropertyOrder(1)]
    public required string ContentType { get; init; }

    [JsonPropertyOrder(2)]
    public required string Name { get; init; }

    [JsonPropertyOrder(3)]
    public required DateTimeOffset CreateDate { get; init; }

    [JsonPropertyOrder(4)]
    public required DateTimeOffset UpdateDate { get; init; }

    [JsonPropertyOrder(5)]
    public required ApiContentRoute Route { get; init; }

    [JsonPropertyOrder(6)]
    public required IReadOnlyDictionary<string, object?> Properties { get; init; }
}

/// <summary>A content item as the item and query endpoints return it.</summary>
public class ApiContentResponse : ApiContent
{
    [JsonPropertyOrder(7)]
    public required IReadOnlyDictionary<string, ApiContentRoute> Cultures { get; init; }
}

/// <summary>An element (the content or settings of a block).</summary>
public sealed record ApiElement(
    [property: JsonPropertyOrder(0)] Guid Id,
    [property: JsonPropertyOrder(1)] string ContentType,
    [property: JsonPropertyOrder(2)] IReadOnlyDictionary<string, object?> Properties);

public sealed record ApiBlockItem(
    [property: JsonPropertyOrder(0)] ApiElement Content,
    [property: JsonPropertyOrder(1)] ApiElement? Settings);

public sealed record ApiBlockListModel(IReadOnlyList<ApiBlockItem> Items);

public sealed record PagedViewModel<T>(
    [property: JsonPropertyOrder(0)] long Total,
    [property: JsonPropertyOrder(1)] IReadOnlyList<T> Items);

public sealed record ApiImageFocalPoint(double Left, double Top);

public sealed record ApiImageCrop(string Alias, int Width, int Height);

/// <summary>A media item as a media picker shows it.</summary>
public class ApiMedia
{
    [JsonPropertyOrder(0)]
    public ApiImageFocalPoint? FocalPoint { get; init; }

    [JsonPropertyOrder(1)]
    public IReadOnlyList<ApiImageCrop> Crops { get; init; } = [];

    [JsonPropertyOrder(2)]
    public required Guid Id { get; init; }

    [JsonPropertyOrder(3)]
    public required string Name { get; init; }

    [JsonPropertyOrder(4)]
    public required string MediaType { get; init; }

    [JsonPropertyOrder(5)]
    public required string Url { get; init; }

    [JsonPropertyOrder(6)]
    public string? Extension { get; init; }

    [JsonPropertyOrder(7)]
    public int? Width { get; init; }

    [JsonPropertyOrder(8)]
    public int? Height { get; init; }

    [JsonPropertyOrder(9)]
    public long? Bytes { get; init; }

    [JsonPropertyOrder(10)]
    public required IReadOnlyDictionary<string, object?> Properties { get; init; }
}

/// <summary>A media item as the media endpoints return it.</summary>
public sealed class ApiMediaResponse : ApiMedia
{
    [JsonPropertyOrder(-3)]
    public required string Path { get; init; }

    [JsonPropertyOrder(-2)]
    public required DateTimeOffset CreateDate { get; init; }

    [JsonPropertyOrder(-1)]
    public required DateTimeOffset UpdateDate { get; init; }
}

/// <summary>A search hit: the item as the query endpoint gives it, with its relevance and a highlighted snippet.</summary>
public sealed class ApiSearchItemResponse : ApiContentResponse
{
    [JsonPropertyOrder(8)]
    public required double Score { get; init; }

    /// <summary>HTML-encoded text with &lt;mark&gt; around the words found.</summary>
    [JsonPropertyOrder(9)]
    public required string Snippet { get; init; }
}

public sealed record ApiFacetValue(
    [property: JsonPropertyOrder(0)] string Value,
    [property: JsonPropertyOrder(1)] string Key,
    [property: JsonPropertyOrder(2)] int Count);

/// <summary>Umbraco's paged shape, with the search's facet counts over every match and its notices.</summary>
public sealed record ApiSearchResponse(
    [property: JsonPropertyOrder(0)] long Total,
    [property: JsonPropertyOrder(1)] IReadOnlyList<ApiSearchItemResponse> Items,
    [property: JsonPropertyOrder(2)] IReadOnlyDictionary<string, IReadOnlyList<ApiFacetValue>> Facets,
    [property: JsonPropertyOrder(3)] IReadOnlyList<string> Notices);
