using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.Shared;

/// <summary>A link to an item as a reader sees it; <see cref="Lang"/> is set when its text is in another language.</summary>
public sealed record Link(string Text, string? Url, string? Lang = null);

/// <summary>What a public address resolves to: the item, the culture asked for and the variant actually shown.</summary>
public sealed record ResolvedContent(PublishedContent Item, string Culture, PublishedVariant Variant)
{
    /// <summary>True when the item has no translation in the culture asked for and is shown in the default culture.</summary>
    public bool IsFallback => Variant.Culture != Culture && Item.VariesByCulture;
}

/// <summary>
/// Maps public addresses to live content and back, per culture. An item not translated into a culture keeps
/// an address in it (its parent's translated route plus its default-culture segment) and is shown in the
/// default culture there, so a French reader stays in French chrome and is told the page is in English.
/// </summary>
public sealed class ContentRouter(PublishedContentCache cache, SiteOutline outline)
{
    public IReadOnlyList<string> Cultures => cache.Cultures;
    public string DefaultCulture => cache.DefaultCulture;

    public (string Culture, string Route) Split(string? path) => PortalRoutes.Split(path, cache.Cultures, cache.DefaultCulture);

    public ResolvedContent? Resolve(string? path)
    {
        var (culture, route) = Split(path);
        return Resolve(route, culture);
    }

    public ResolvedContent? Resolve(string route, string culture)
    {
        if (cache.GetByRoute(route, culture) is { } direct && direct.Variant(culture) is { } own)
            return new ResolvedContent(direct, culture, own);
        if (culture == cache.DefaultCulture || cache.Roots.Count == 0)
            return null;

        var current = cache.Roots[0];
        foreach (var segment in route.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = ChildrenInAnyCulture(current.Key, culture)
                .FirstOrDefault(c => string.Equals(SegmentIn(c, culture), segment, StringComparison.OrdinalIgnoreCase));
            if (next is null)
                return null;
            current = next;
        }
        var variant = Shown(current, culture);
        return variant is null ? null : new ResolvedContent(current, culture, variant);
    }

    /// <summary>The variant a reader in the culture sees: their own, else the default culture's.</summary>
    public PublishedVariant? Shown(PublishedContent item, string culture) =>
        item.Variant(culture) ?? item.Variant(cache.DefaultCulture) ?? item.Variants.Values.FirstOrDefault();

    public PublishedVariant? Shown(Guid key, string culture) => cache.Get(key) is { } item ? Shown(item, culture) : null;

    public string NameOf(Guid key, string culture) => Shown(key, culture)?.Name ?? "";

    public Link? LinkTo(Guid key, string culture) =>
        Shown(key, culture) is { } shown ? new Link(shown.Name, Url(key, culture), shown.Culture != culture && cache.Get(key)!.VariesByCulture ? shown.Culture : null) : null;

    /// <summary>The public address of an item for a reader in the culture, or null when it is not live.</summary>
    public string? Url(Guid key, string culture)
    {
        if (cache.Route(key, culture) is { } route)
            return Prefix(route, culture);
        // Shown untranslated only when it is live in the default culture (it and every ancestor published there).
        if (culture == cache.DefaultCulture || cache.Route(key, cache.DefaultCulture) is null || cache.Get(key) is not { } item || Shown(item, culture) is null)
            return null;
        var segments = new List<string>();
        for (PublishedContent? current = item; current?.ParentKey is { } parent; current = cache.Get(parent))
        {
            var segment = SegmentIn(current, culture);
            if (segment is null)
                return null;
            segments.Add(segment);
        }
        segments.Reverse();
        return Prefix(segments.Count == 0 ? "/" : "/" + string.Join('/', segments) + "/", culture);
    }

    /// <summary>An address with its non-ASCII characters percent-encoded (UTF-8), as HTTP headers, sitemaps and feeds need it.</summary>
    public static string Escape(string url)
    {
        if (url.All(char.IsAscii))
            return url;
        var escaped = new System.Text.StringBuilder(url.Length * 2);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                escaped.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
                escaped.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return escaped.ToString();
    }

    public string Prefix(string route, string culture) => culture == cache.DefaultCulture ? route : $"/{culture}{route}";

    /// <summary>The home page's address in a culture.</summary>
    public string Home(string culture) => Prefix("/", culture);

    /// <summary>The first live item of a type, e.g. the practice library section.</summary>
    public PublishedContent? Section(string contentType) => outline.Section(contentType) is { } key ? cache.Get(key) : null;

    public string? SectionUrl(string contentType, string culture) => Section(contentType) is { } s ? Url(s.Key, culture) : null;

    private IEnumerable<PublishedContent> ChildrenInAnyCulture(Guid key, string culture) =>
        cache.Children(key, culture).Concat(cache.Children(key, cache.DefaultCulture)).DistinctBy(c => c.Key);

    private string? SegmentIn(PublishedContent item, string culture) => Shown(item, culture)?.Segment;
}
