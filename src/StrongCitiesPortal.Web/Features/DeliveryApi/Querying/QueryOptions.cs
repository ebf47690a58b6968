using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

// The query's extension points, as Umbraco has them: a selector (fetch), filters and sorts, each found
// by the first handler that says it can handle the option. Register more as singletons.

public interface IContentSelector
{
    bool CanHandle(string fetch);

    /// <summary>The items the query starts from (the caller keeps those deliverable in the request's culture).</summary>
    IEnumerable<PublishedContent> Select(string fetch, QueryContext context);
}

public interface IContentFilter
{
    bool CanHandle(string filter);

    /// <summary>The test an item must pass; throws <see cref="DeliveryApiException"/> for a value it cannot read.</summary>
    Func<PublishedContent, bool> Build(string filter, QueryContext context);
}

public interface IContentSort
{
    bool CanHandle(string sort);

    ContentSortKey Build(string sort, QueryContext context);
}

/// <summary>What a query option may need: the request and the item resolution the API uses everywhere.</summary>
public sealed class QueryContext(DeliveryRequest request, DeliveryContentBuilder builder)
{
    public DeliveryRequest Request { get; } = request;

    public DeliveryContentView View => Request.View;

    public string Culture => Request.Culture;

    /// <summary>An item named by key or by path, as <c>fetch</c> and the portal's filters take them.</summary>
    public PublishedContent? Resolve(string idOrPath) =>
        Guid.TryParse(idOrPath, out var key) ? View.Get(key) : builder.ResolvePath(idOrPath, Request);

    public string NameOf(PublishedContent item) =>
        (item.Variant(Culture) ?? item.Variant(item.DefaultCulture) ?? item.Variants.Values.FirstOrDefault())?.Name ?? "";

    /// <summary>An item of one type named by key, or by URL segment in any culture.</summary>
    public PublishedContent? ResolveOfType(string value, string contentType)
    {
        if (Guid.TryParse(value, out var key))
            return View.Get(key) is { } item && item.ContentType == contentType ? item : null;
        var segment = value.Trim().Trim('/');
        return View.OfType(contentType).FirstOrDefault(i =>
            i.Variants.Values.Any(v => string.Equals(v.Segment, segment, StringComparison.OrdinalIgnoreCase)));
    }
}

/// <summary>Splits "name:!value" and "name:a,b" values the same way for every handler.</summary>
internal static class QueryValue
{
    public static (bool Negate, string Value) Negation(string value) =>
        value.StartsWith('!') ? (true, value[1..]) : (false, value);

    public static IReadOnlyList<string> List(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
