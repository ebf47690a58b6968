using StrongCitiesPortal.Search.Delivery;

namespace StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

/// <summary><c>children:{id|path}</c>: the item's children, in sort order.</summary>
public sealed class ChildrenSelector : IContentSelector
{
    private const string Specifier = "children:";

    public bool CanHandle(string fetch) => fetch.StartsWith(Specifier, StringComparison.OrdinalIgnoreCase);

    public ContentCondition Select(string fetch, QueryContext context) =>
        context.Resolve(fetch[Specifier.Length..]) is { } parent
            ? ContentCondition.AnyOf(DeliveryField.Parent, [parent.Key.ToString()], negate: false, item => item.ParentKey == parent.Key)
            : ContentCondition.Nothing;
}

/// <summary><c>descendants:{id|path}</c>: everything below the item, depth first.</summary>
public sealed class DescendantsSelector : IContentSelector
{
    private const string Specifier = "descendants:";

    public bool CanHandle(string fetch) => fetch.StartsWith(Specifier, StringComparison.OrdinalIgnoreCase);

    public ContentCondition Select(string fetch, QueryContext context) =>
        context.Resolve(fetch[Specifier.Length..]) is { } ancestor ? Below(ancestor.Key, context) : ContentCondition.Nothing;

    /// <summary>Everything below an item (what a Start-Item alone selects, too).</summary>
    public static ContentCondition Below(Guid ancestor, QueryContext context) =>
        ContentCondition.AnyOf(DeliveryField.Ancestor, [ancestor.ToString()], negate: false,
            item => context.View.Ancestors(item.Key).Any(a => a.Key == ancestor));
}

/// <summary><c>ancestors:{id|path}</c>: the item's ancestors, from the root down.</summary>
public sealed class AncestorsSelector : IContentSelector
{
    private const string Specifier = "ancestors:";

    public bool CanHandle(string fetch) => fetch.StartsWith(Specifier, StringComparison.OrdinalIgnoreCase);

    public ContentCondition Select(string fetch, QueryContext context)
    {
        if (context.Resolve(fetch[Specifier.Length..]) is not { } item)
            return ContentCondition.Nothing;
        var keys = context.View.Ancestors(item.Key).Select(a => a.Key).ToHashSet();
        return ContentCondition.AnyOf(DeliveryField.Key, [.. keys.Select(k => k.ToString())], negate: false, candidate => keys.Contains(candidate.Key));
    }
}
