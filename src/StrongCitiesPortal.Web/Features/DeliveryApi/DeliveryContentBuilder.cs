using System.Text.Json;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Markdown;
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

    private object? Convert(PropertyType property, JsonElement? value, DeliveryRequest request, bool expanded, PropertySelection nestedExpand, PropertySelection nestedFields)
    {
        switch (property.Kind)
        {
            case EditorKind.Markdown:
                return value is { ValueKind: JsonValueKind.String } md ? markdown.ToHtml(md.GetString()) : null;
            case EditorKind.Tags:
                return Strings(value);
            case EditorKind.Dropdown or EditorKind.Country:
                return property.Multiple ? Strings(value) : Strings(value).FirstOrDefault();
            case EditorKind.ContentPicker:
                var picked = Keys(value)
                    .Select(key => Picked(key, request, expanded, nestedExpand, nestedFields))
                    .OfType<ApiContent>()
                    .ToList();
                return property.Multiple ? picked : picked.FirstOrDefault();
            case EditorKind.MediaPicker:
                // Umbraco's media picker always answers with a list.
                return Keys(value).Select(key => MediaItem(key, expanded, nestedFields)).OfType<ApiMedia>().ToList();
            case EditorKind.BlockList:
                return BlockList(value, request, nestedExpand, nestedFields);
            case EditorKind.Number:
                return value is { ValueKind: JsonValueKind.Number } number
                    ? (number.TryGetInt64(out var whole) ? whole : number.GetDecimal())
                    : null;
            case EditorKind.Boolean:
                return value is { ValueKind: JsonValueKind.True };
            case EditorKind.GeoLocation:
                return value is { ValueKind: JsonValueKind.Object } location ? location.Clone() : null;
            default:
                return value is { ValueKind: JsonValueKind.String } text ? text.GetString() : value?.Clone();
        }
    }

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

    private ApiBlockListModel BlockList(JsonElement? value, DeliveryRequest request, PropertySelection expand, PropertySelection fields)
    {
        var items = new List<ApiBlockItem>();
        if (value is not { ValueKind: JsonValueKind.Array } blocks)
            return new ApiBlockListModel(items);
        foreach (var block in blocks.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object
                || !block.TryGetProperty("contentType", out var alias) || alias.ValueKind != JsonValueKind.String
                || types.Find(alias.GetString()!) is not { } element)
                continue;
            var key = block.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String && Guid.TryParse(k.GetString(), out var parsed) ? parsed : Guid.Empty;
            var values = block.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object
                ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
                : [];
            items.Add(new ApiBlockItem(new ApiElement(key, element.Alias, Properties(element.Alias, values, request, expand, fields)), null));
        }
        return new ApiBlockListModel(items);
    }

    private static List<string> Strings(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
        _ => [],
    };

    private static IEnumerable<Guid> Keys(JsonElement? value) =>
        Strings(value).Select(s => Guid.TryParse(s, out var key) ? key : Guid.Empty).Where(k => k != Guid.Empty);
}
