namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>A request the API cannot answer, with the problem details title and detail to send back.</summary>
public sealed class DeliveryApiException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Detail { get; } = detail;

    public static DeliveryApiException FilterNotFound() =>
        new(StatusCodes.Status400BadRequest, "Filter option not found", "One of the attempted 'filter' options does not exist");

    public static DeliveryApiException SelectorNotFound() =>
        new(StatusCodes.Status400BadRequest, "Selector option not found", "The attempted 'fetch' option does not exist");

    public static DeliveryApiException SortNotFound() =>
        new(StatusCodes.Status400BadRequest, "Sort option not found", "One of the attempted 'sort' options does not exist");

    public static DeliveryApiException InvalidFilterValue(string filter, string expected) =>
        new(StatusCodes.Status400BadRequest, "Invalid filter value", $"The filter '{filter}' could not be read: {expected}");

    /// <summary>The index queries are answered from is being built (a new instance's first minutes): try again shortly.</summary>
    public static DeliveryApiException IndexNotReady() =>
        new(StatusCodes.Status503ServiceUnavailable, "Content index not ready", "The content index is being built; try again in a moment.");

    public static DeliveryApiException InvalidParameter(string name, string expected) =>
        new(StatusCodes.Status400BadRequest, $"Invalid {name} parameter", expected);
}
