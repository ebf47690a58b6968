using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Delivery;

namespace StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

// The query's extension points, as Umbraco has them: a selector (fetch), filters and sorts, each found by the first
// handler that says it can handle the option, each answering with what the index is asked (as Umbraco's handlers
// answer with index field options). Register more as singletons.

public interface IContentSelector
{
    bool CanHandle(string fetch);

    /// <summary>The condition that picks the items the query starts from (the caller keeps those deliverable in the request's culture).</summary>
    ContentCondition Select(string fetch, QueryContext context);
}

public interface IContentFilter
{
    bool CanHandle(string filter);

    /// <summary>The condition an item must meet; throws <see cref="DeliveryApiException"/> for a value it cannot read.</summary>
    ContentCondition Build(string filter, QueryContext context);
}

public interface IContentSort
{
    bool CanHandle(string sort);

    DeliverySort Build(string sort, QueryContext context);
}

/// <summary>
/// A condition as the index answers it (<see cref="Index"/>), and the same test on one item in memory, for preview's
/// drafts (<see cref="Test"/>, negation included).
/// </summary>
public sealed record ContentCondition(DeliveryCondition Index, Func<PublishedContent, bool> Test)
{
    /// <summary>Matches nothing.</summary>
    public static ContentCondition Nothing { get; } = new(new DeliveryCondition.AnyOf(DeliveryField.Key, []), _ => false);

    /// <summary>The field holds any of the values; negated, none of them.</summary>
    public static ContentCondition AnyOf(DeliveryField field, IReadOnlyCollection<string> values, bool negate, Func<PublishedContent, bool> test) =>
        new(new DeliveryCondition.AnyOf(field, values) { Negate = negate }, item => test(item) != negate);
}

/// <summary>What a query option may need: the request and the item resolution the API uses everywhere.</summary>
public sealed class QueryContext(DeliveryRequest request, DeliveryContentBuilder builder, DocumentTypeRegistry types)
{
    private readonly Dictionary<Guid, DeliveryFacts> _direct = [];
    private readonly Dictionary<Guid, DeliveryFacts> _facts = [];

    public DeliveryRequest Request { get; } = request;

    public DeliveryContentView View => Request.View;

    public string Culture => Request.Culture;

    /// <summary>An item named by key or by path, as <c>fetch</c> and the portal's filters take them.</summary>
    public PublishedContent? Resolve(string idOrPath) =>
        Guid.TryParse(idOrPath, out var key) ? View.Get(key) : builder.ResolvePath(idOrPath, Request);

    /// <summary>An item of one type named by key, or by URL segment in any culture.</summary>
    public PublishedContent? ResolveOfType(string value, string contentType)
    {
        if (Guid.TryParse(value, out var key))
            return View.Get(key) is { } item && item.ContentType == contentType ? item : null;
        var segment = value.Trim().Trim('/');
        return View.OfType(contentType).FirstOrDefault(i =>
            i.Variants.Values.Any(v => string.Equals(v.Segment, segment, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// An item's facts worked out from its values (and those of the items it picks), for the few items preview tests in
    /// memory; live queries read them from the index.
    /// </summary>
    public DeliveryFacts Facts(PublishedContent item)
    {
        if (!_facts.TryGetValue(item.Key, out var facts))
            _facts[item.Key] = facts = Direct(item).WithReferenced(key => View.Get(key) is { } picked ? Direct(picked) : null);
        return facts;
    }

    private DeliveryFacts Direct(PublishedContent item)
    {
        if (!_direct.TryGetValue(item.Key, out var facts))
            _direct[item.Key] = facts = DeliveryFacts.Direct(item.ContentType, item.Variants.Values.Select(v => v.Values), types);
        return facts;
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
