using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// One consistent picture of the content the API reads: the live cache, or for preview the latest drafts
/// laid over it. It adds what queries need and the cache does not keep: children whatever their culture,
/// the tree order, and per item the facts the portal's extra filters test.
/// </summary>
public sealed class DeliveryContentView
{
    private static readonly IReadOnlyList<PublishedContent> NoItems = [];

    private readonly PublishedContentCache _cache;
    private readonly Dictionary<Guid, PublishedContent> _items;
    private readonly Dictionary<Guid, List<PublishedContent>> _children = [];
    private readonly Dictionary<Guid, int> _treeIndex = [];
    private readonly Dictionary<Guid, DeliveryFacts> _facts = [];
    private readonly Dictionary<string, List<PublishedContent>> _byType = new(StringComparer.OrdinalIgnoreCase);

    public DeliveryContentView(PublishedContentCache cache, DocumentTypeRegistry types, IEnumerable<PublishedContent> items, bool isPreview, long generation)
    {
        _cache = cache;
        IsPreview = isPreview;
        Generation = generation;
        _items = items.ToDictionary(i => i.Key);

        var roots = new List<PublishedContent>();
        foreach (var item in _items.Values)
        {
            if (item.ParentKey is { } parent && _items.ContainsKey(parent))
            {
                if (!_children.TryGetValue(parent, out var list))
                    _children[parent] = list = [];
                list.Add(item);
            }
            else if (item.ParentKey is null)
            {
                roots.Add(item);
            }
        }
        static int Compare(PublishedContent a, PublishedContent b) =>
            a.SortOrder != b.SortOrder ? a.SortOrder.CompareTo(b.SortOrder) : a.Id.CompareTo(b.Id);
        roots.Sort(Compare);
        foreach (var list in _children.Values)
            list.Sort(Compare);
        Roots = roots;

        var order = new List<PublishedContent>(_items.Count);
        var stack = new Stack<PublishedContent>(roots.AsEnumerable().Reverse());
        while (stack.Count > 0)
        {
            var item = stack.Pop();
            _treeIndex[item.Key] = order.Count;
            order.Add(item);
            if (_children.TryGetValue(item.Key, out var kids))
            {
                for (var i = kids.Count - 1; i >= 0; i--)
                    stack.Push(kids[i]);
            }
        }
        TreeOrder = order;
        foreach (var item in order)
        {
            if (!_byType.TryGetValue(item.ContentType, out var ofType))
                _byType[item.ContentType] = ofType = [];
            ofType.Add(item);
        }

        var direct = order.ToDictionary(i => i.Key, i => DeliveryFacts.Direct(i, types));
        foreach (var (key, facts) in direct)
            _facts[key] = facts.WithReferenced(direct);
    }

    public bool IsPreview { get; }

    /// <summary>The cache generation this picture was taken at.</summary>
    public long Generation { get; }

    public IReadOnlyList<PublishedContent> Roots { get; }

    /// <summary>Every reachable item, depth first, children in sort order.</summary>
    public IReadOnlyList<PublishedContent> TreeOrder { get; }

    public PublishedContent? Get(Guid key) => _items.GetValueOrDefault(key);

    /// <summary>The items of one document type, in tree order.</summary>
    public IReadOnlyList<PublishedContent> OfType(string contentType) =>
        _byType.TryGetValue(contentType, out var list) ? list : NoItems;

    public IReadOnlyList<PublishedContent> Children(Guid key) =>
        _children.TryGetValue(key, out var list) ? list : NoItems;

    public IEnumerable<PublishedContent> Descendants(Guid key)
    {
        foreach (var child in Children(key))
        {
            yield return child;
            foreach (var descendant in Descendants(child.Key))
                yield return descendant;
        }
    }

    /// <summary>From the parent up to the root.</summary>
    public IEnumerable<PublishedContent> Ancestors(Guid key)
    {
        var current = Get(key);
        while (current?.ParentKey is { } parent && _items.TryGetValue(parent, out var up))
        {
            yield return up;
            current = up;
        }
    }

    public PublishedContent RootOf(PublishedContent item) => Ancestors(item.Key).LastOrDefault() ?? item;

    public int TreeIndex(Guid key) => _treeIndex.GetValueOrDefault(key, int.MaxValue);

    public DeliveryFacts Facts(Guid key) => _facts.GetValueOrDefault(key) ?? DeliveryFacts.Empty;

    /// <summary>The live route of an item in a culture; null when it is not live there (preview routes are the builder's business).</summary>
    public string? PublishedRoute(Guid key, string culture) => _cache.Route(key, culture);

    public PublishedContent? GetByPublishedRoute(string route, string culture) =>
        _cache.GetByRoute(route, culture) is { } live ? Get(live.Key) : null;

    /// <summary>Whether the item can be delivered in the culture: live there, or for preview at least written in it.</summary>
    public bool IsAvailable(PublishedContent item, string culture) =>
        item.Variant(culture) is not null && (IsPreview || PublishedRoute(item.Key, culture) is not null);
}

/// <summary>What the portal's extra filters test on an item, worked out once per picture of the content.</summary>
public sealed class DeliveryFacts
{
    public static readonly DeliveryFacts Empty = new([], [], [], []);

    private DeliveryFacts(HashSet<Guid> references, HashSet<string> countries, HashSet<string> regions, HashSet<string> kinds)
    {
        References = references;
        Countries = countries;
        Regions = regions;
        Kinds = kinds;
    }

    /// <summary>Every item the item picks, in any property, block or culture.</summary>
    public HashSet<Guid> References { get; }

    /// <summary>Country codes (upper case): its own, and those of the items it picks.</summary>
    public HashSet<string> Countries { get; }

    /// <summary>Regions, as filter keys: its own, and those of the items it picks.</summary>
    public HashSet<string> Regions { get; }

    /// <summary>Its kind of resource or event, as filter keys.</summary>
    public HashSet<string> Kinds { get; }

    public const string RegionProperty = "region";
    public const string KindProperty = "kind";

    internal static DeliveryFacts Direct(PublishedContent item, DocumentTypeRegistry types)
    {
        var facts = new DeliveryFacts([], new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        if (types.Find(item.ContentType) is not { } type)
            return facts;
        foreach (var variant in item.Variants.Values)
            facts.Collect(type, variant.Values, types);
        return facts;
    }

    private void Collect(DocumentType type, IReadOnlyDictionary<string, JsonElement> values, DocumentTypeRegistry types)
    {
        foreach (var property in type.Properties)
        {
            if (!values.TryGetValue(property.Alias, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                continue;
            switch (property.Kind)
            {
                case EditorKind.ContentPicker:
                    foreach (var text in Strings(value))
                    {
                        if (Guid.TryParse(text, out var key))
                            References.Add(key);
                    }
                    break;
                case EditorKind.Country:
                    foreach (var code in Strings(value))
                        Countries.Add(code.ToUpperInvariant());
                    break;
                case EditorKind.Dropdown when property.Alias == RegionProperty:
                    foreach (var region in Strings(value))
                        Regions.Add(FilterKey(region));
                    break;
                case EditorKind.Dropdown when property.Alias == KindProperty:
                    foreach (var kind in Strings(value))
                        Kinds.Add(FilterKey(kind));
                    break;
                case EditorKind.BlockList when value.ValueKind == JsonValueKind.Array:
                    foreach (var block in value.EnumerateArray())
                    {
                        if (block.ValueKind == JsonValueKind.Object
                            && block.TryGetProperty("contentType", out var alias) && alias.ValueKind == JsonValueKind.String
                            && types.Find(alias.GetString()!) is { } element
                            && block.TryGetProperty("values", out var blockValues) && blockValues.ValueKind == JsonValueKind.Object)
                        {
                            Collect(element, blockValues.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal), types);
                        }
                    }
                    break;
                default:
                    break;
            }
        }
    }

    internal DeliveryFacts WithReferenced(IReadOnlyDictionary<Guid, DeliveryFacts> all)
    {
        if (References.Count == 0)
            return this;
        var countries = new HashSet<string>(Countries, StringComparer.Ordinal);
        var regions = new HashSet<string>(Regions, StringComparer.Ordinal);
        foreach (var key in References)
        {
            if (!all.TryGetValue(key, out var picked))
                continue;
            countries.UnionWith(picked.Countries);
            regions.UnionWith(picked.Regions);
        }
        return new DeliveryFacts(References, countries, regions, Kinds);
    }

    /// <summary>"Middle East and North Africa" and "middle-east-and-north-africa" are the same filter value.</summary>
    public static string FilterKey(string value)
    {
        var chars = new List<char>(value.Length);
        var dash = false;
        foreach (var c in value.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                chars.Add(c);
                dash = false;
            }
            else if (!dash && chars.Count > 0)
            {
                chars.Add('-');
                dash = true;
            }
        }
        if (dash)
            chars.RemoveAt(chars.Count - 1);
        return new string([.. chars]);
    }

    private static IEnumerable<string> Strings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!),
        _ => [],
    };
}
