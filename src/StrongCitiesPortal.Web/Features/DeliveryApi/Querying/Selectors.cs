using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

/// <summary><c>children:{id|path}</c>: the item's children, in sort order.</summary>
public sealed class ChildrenSelector : IContentSelector
{
    private const string Specifier = "children:";

    public bool CanHandle(string fetch) => fetch.StartsWith(Specifier, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<PublishedContent> Select(string fetch, QueryContext context) =>
        context.Resolve(fetch[Specifier.Length..]) is { } parent ? context.View.Children(parent.Key) : [];
}

/// <summary><c>descendants:{id|path}</c>: everything below the item, depth first.</summary>
public sealed class DescendantsSelector : IContentSelector
{
    private const string Specifier = "descendants:";

    public bool CanHandle(string fetch) => fetch.StartsWith(Specifier, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<PublishedContent> Select(string fetch, QueryContext context) =>
        context.Resolve(fetch[Specifier.Length..]) is { } ancestor ? context.View.Descendants(ancestor.Key) : [];
}

/// <summary><c>ancestors:{id|path}</c>: the item's ancestors, from the root down.</summary>
public sealed class AncestorsSelector : IContentSelector
{
    private const string Specifier = "ancestors:";

    public bool CanHandle(string fetch) => fetch.StartsWith(Specifier, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<PublishedContent> Select(string fetch, QueryContext context) =>
        context.Resolve(fetch[Specifier.Length..]) is { } item ? context.View.Ancestors(item.Key).Reverse() : [];
}
