using System.Text.Json;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Markdown;
using StrongCitiesPortal.Content.PropertyEditors;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// Turns items into Umbraco's Delivery API output: routes with their start item, properties by editor
/// (Markdown as HTML, pickers as links or expanded items, block lists as Umbraco's block list model),
/// honouring the request's culture, <c>expand</c> and <c>fields</c>.
/// </summary>
public sealed class DeliveryContentBuilder(
    DocumentTypeRegistry types,
    MarkdownRenderer markdown,
    IOptionsMonitor<DeliveryApiOptions> options,
    IServiceProvider services)
{
    private const string PreviewPathPrefix = "/preview-";
    private static readonly IReadOnlyDictionary<string, object?> NoProperties = new Dictionary<string, object?>();
    private static readonly IReadOnlyDictionary<string, ApiContentRoute> NoCultures = new Dictionary<string, ApiContentRoute>();

    private IDeliveryMediaSource? Media => services.GetService<IDeliveryMediaSource>();

    /// <summary>Whether the API may show items of this type at all.</summary>
    public bool IsAllowed(PublishedContent item) => IsAllowedType(item.ContentType);

    public bool IsAllowedType(string contentType)
    {
        var disallowed = options.CurrentValue.DisallowedContentTypeAliases;
        return (disallowed.Count == 0 || !disallowed.Contains(contentType, StringComparer.OrdinalIgnoreCase))
            && types.Find(contentType) is { IsElement: false };
    }

    /// <summary>Whether the item can be delivered in the request's culture.</summary>
    public bool IsDeliverable(PublishedContent item, DeliveryRequest request) =>
        IsAllowed(item) && request.View.IsAvailable(item, request.Culture);

    public ApiContentResponse? Build(PublishedContent item, DeliveryRequest request)
    {
        if (!IsDeliverable(item, request) || Route(item, request.Culture, request.View) is not { } route)
            return null;
        var variant = item.Variant(request.Culture)!;
        return new ApiContentResponse
        {
            Id = item.Key,
            ContentType = item.ContentType,
            Name = variant.Name,
            CreateDate = item.CreateDate,
            UpdateDate = item.UpdateDate,
            Route = route,
            Properties = Properties(item.ContentType, variant.Values, request, request.Expand, request.Fields),
            Cultures = Cultures(item, request.View),
        };
    }

    /// <summary>Where an item lives in a culture: its path below its root, and the root.</summary>
    public ApiContentRoute? Route(PublishedContent item, string culture, DeliveryContentView view)
    {
        var root = view.RootOf(item);
        var rootVariant = root.Variant(culture) ?? root.Variant(root.DefaultCulture) ?? root.Variants.Values.FirstOrDefault();
        var startItem = new ApiContentStartItem(root.Key, rootVariant?.Segment ?? "");
        var route = view.PublishedRoute(item.Key, culture);
        if (route is null)
            return view.IsPreview && item.Variant(culture) is not null ? new ApiContentRoute($"{PreviewPathPrefix}{item.Key:D}/", startItem) : null;
        // The first root is the site: its routes already leave its own segment out. Other roots' routes start with theirs.
        if (view.Roots.Count > 0 && view.Roots[0].Key != root.Key && rootVariant is not null)
        {
            var prefix = "/" + rootVariant.Segment;
            if (route.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase))
                route = route[prefix.Length..];
        }
        return new ApiContentRoute(route, startItem);
    }

    /// <summary>The item at a path, as Umbraco resolves it: below the start item when one is given, and the preview path of a draft.</summary>
    public PublishedContent? ResolvePath(string path, DeliveryRequest request)
    {
        var view = request.View;
        var trimmed = "/" + path.Trim().Trim('/');
        if (view.IsPreview && trimmed.StartsWith(PreviewPathPrefix, StringComparison.OrdinalIgnoreCase)
            && Guid.TryParse(trimmed[PreviewPathPrefix.Length..], out var draftKey))
            return view.Get(draftKey);
        var route = PublishedContentCache.NormaliseRoute(trimmed);
        var root = request.StartItem;
        if (root is not null && view.Roots.Count > 0 && view.Roots[0].Key != root.Key)
        {
            var segment = (root.Variant(request.Culture) ?? root.Variants.Values.First()).Segment;
            route = route == "/" ? $"/{segment}/" : $"/{segment}{route}";
        }
        var item = view.GetByPublishedRoute(route, request.Culture);
        if (item is null || (root is not null && item.Key != root.Key && !view.Ancestors(item.Key).Any(a => a.Key == root.Key)))
            return null;
        return item;
    }

    private IReadOnlyDictionary<string, ApiContentRoute> Cultures(PublishedContent item, DeliveryContentView view)
    {
        if (!item.VariesByCulture)
            return NoCultures;
        var cultures = new Dictionary<string, ApiContentRoute>(StringComparer.Ordinal);
        foreach (var culture in item.Cultures)
        {
            if (Route(item, culture, view) is { } route)
                cultures[culture] = route;
        }
        return cultures;
    }

    private IReadOnlyDictionary<string, object?> Properties(string contentType, IReadOnlyDictionary<string, JsonElement> values,
        DeliveryRequest request, PropertySelection expand, PropertySelection fields)
    {
        if (types.Find(contentType) is not { } type)
            return NoProperties;
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in type.Properties)
        {
            if (property.StaffOnly || !fields.Includes(property.Alias))
                continue;
            var value = values.TryGetValue(property.Alias, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? v : (JsonElement?)null;
            properties[property.Alias] = Convert(property, value, request, expand.Includes(property.Alias), expand.Nested(property.Alias), fields.Nested(property.Alias));
        }
        return properties;
    }

    private object? Convert(PropertyType property, JsonElement? value, DeliveryRequest request, bool expanded, PropertySelection nestedExpand, PropertySelection nestedFields) =>
        property.PropertyEditor.DeliveryValue(property, value, new DeliveryValues(this, request, expanded, nestedExpand, nestedFields));

    /// <summary>What an editor's Delivery value reads through, for one property of one request.</summary>
    private sealed class DeliveryValues(DeliveryContentBuilder builder, DeliveryRequest request, bool expanded, PropertySelection nestedExpand, PropertySelection nestedFields)
        : IDeliveryValues
    {
        public DocumentTypeRegistry Types => builder.Types;

        public string Html(string? markdown) => builder.Html(markdown);

        public IReadOnlyList<object> Content(IEnumerable<Guid> keys) =>
            keys.Select(key => builder.Picked(key, request, expanded, nestedExpand, nestedFields)).OfType<ApiContent>().ToList<object>();

        public IReadOnlyList<object> Media(IEnumerable<Guid> keys) =>
            keys.Select(key => builder.MediaItem(key, expanded, nestedFields)).OfType<ApiMedia>().ToList<object>();

        public object Elements(IReadOnlyList<ElementValues> elements) => builder.BlockList(elements, request, nestedExpand, nestedFields);
    }

    private DocumentTypeRegistry Types => types;

    private string Html(string? text) => markdown.ToHtml(text);

    private ApiContent? Picked(Guid key, DeliveryRequest request, bool expanded, PropertySelection nestedExpand, PropertySelection nestedFields)
    {
        if (request.View.Get(key) is not { } item || !IsDeliverable(item, request)
            || Route(item, request.Culture, request.View) is not { } route)
            return null;
        var variant = item.Variant(request.Culture)!;
        return new ApiContent
        {
            Id = item.Key,
            ContentType = item.ContentType,
            Name = variant.Name,
            CreateDate = item.CreateDate,
            UpdateDate = item.UpdateDate,
            Route = route,
            Properties = expanded ? Properties(item.ContentType, variant.Values, request, nestedExpand, nestedFields) : NoProperties,
        };
    }

    private ApiMedia? MediaItem(Guid key, bool expanded, PropertySelection nestedFields)
    {
        if (Media?.Get(key) is not { } media)
            return null;
        return ToApiMedia(media, expanded ? nestedFields : null);
    }

    /// <param name="fields">Which media properties to include; null for none (a picked item that is not expanded).</param>
    public static ApiMedia ToApiMedia(DeliveryMediaItem media, PropertySelection? fields) => new()
    {
        FocalPoint = media.FocalPoint,
        Id = media.Key,
        Name = media.Name,
        MediaType = media.MediaType,
        Url = media.Url,
        Extension = media.Extension,
        Width = media.Width,
        Height = media.Height,
        Bytes = media.Bytes,
        Properties = fields is null ? NoProperties : media.Properties.Where(p => fields.Includes(p.Key)).ToDictionary(),
    };

    private ApiBlockListModel BlockList(IReadOnlyList<ElementValues> elements, DeliveryRequest request, PropertySelection expand, PropertySelection fields) =>
        new(elements.Select(e => new ApiBlockItem(new ApiElement(e.Key, e.Element.Alias, Properties(e.Element.Alias, e.Values, request, expand, fields)), null)).ToList());
}
