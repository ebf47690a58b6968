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
    private readonly Dictionary<string, int> _cultureBits = new(StringComparer.Ordinal);
    private readonly ulong[] _available;
    private readonly int[] _typeOf;
    private readonly List<string> _typeAliases = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<int[]>> _nameRanks = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<string[]>> _matchNames = new(StringComparer.Ordinal);
    private readonly int[] _subtreeEnd;

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
        // Depth first, an item's descendants are the items right after it, up to the end of its subtree.
        _subtreeEnd = new int[order.Count];
        var sizes = new int[order.Count];
        for (var i = order.Count - 1; i >= 0; i--)
        {
            sizes[i]++;
            if (order[i].ParentKey is { } parentKey && _treeIndex.TryGetValue(parentKey, out var parentIndex))
                sizes[parentIndex] += sizes[i];
            _subtreeEnd[i] = i + sizes[i];
        }
        foreach (var item in order)
        {
            if (!_byType.TryGetValue(item.ContentType, out var ofType))
                _byType[item.ContentType] = ofType = [];
            ofType.Add(item);
        }

        // Worked out once here, because queries ask it of every item they scan.
        foreach (var culture in cache.Cultures.Take(64))
            _cultureBits[culture] = _cultureBits.Count;
        _available = new ulong[order.Count];
        _typeOf = new int[order.Count];
        var typeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            if (!typeIndex.TryGetValue(order[i].ContentType, out var type))
            {
                typeIndex[order[i].ContentType] = type = _typeAliases.Count;
                _typeAliases.Add(order[i].ContentType);
            }
            _typeOf[i] = type;
            foreach (var (culture, bit) in _cultureBits)
            {
                if (order[i].Variant(culture) is not null && (isPreview || cache.Route(order[i].Key, culture) is not null))
                    _available[i] |= 1UL << bit;
            }
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

    /// <summary>Everything below the item, depth first.</summary>
    public IEnumerable<PublishedContent> Descendants(Guid key)
    {
        if (!_treeIndex.TryGetValue(key, out var index))
            yield break;
        for (var i = index + 1; i < _subtreeEnd[index]; i++)
            yield return TreeOrder[i];
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

    /// <summary>
    /// The item's place among all items sorted by their name in the culture (in that culture's alphabetical order,
    /// ignoring case), worked out for every item the first time a culture is asked for.
    /// </summary>
    public int NameRank(PublishedContent item, string culture)
    {
        if (!_treeIndex.TryGetValue(item.Key, out var index))
            return int.MaxValue;
        var ranks = _nameRanks.GetOrAdd(culture, c => new Lazy<int[]>(() => RankNames(c))).Value;
        return ranks[index];
    }

    /// <summary>The item's name in the culture, lower case and without accents, for "contains" matching.</summary>
    public string MatchName(PublishedContent item, string culture)
    {
        if (!_treeIndex.TryGetValue(item.Key, out var index))
            return MatchText(NameIn(item, culture));
        return _matchNames.GetOrAdd(culture, c => new Lazy<string[]>(() => TreeOrder.Select(i => MatchText(NameIn(i, c))).ToArray())).Value[index];
    }

    /// <summary>Text as <see cref="MatchName"/> compares it: lower case, accents removed.</summary>
    public static string MatchText(string text)
    {
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        var kept = new System.Text.StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
                kept.Append(char.ToLowerInvariant(c));
        }
        return kept.ToString();
    }

    private static string NameIn(PublishedContent item, string culture) =>
        (item.Variant(culture) ?? item.Variant(item.DefaultCulture) ?? item.Variants.Values.FirstOrDefault())?.Name ?? "";

    private int[] RankNames(string culture)
    {
        var compare = DeliveryCultureInfo.For(culture).CompareInfo;
        var keys = new System.Globalization.SortKey[TreeOrder.Count];
        var indices = new int[TreeOrder.Count];
        for (var i = 0; i < TreeOrder.Count; i++)
        {
            keys[i] = compare.GetSortKey(NameIn(TreeOrder[i], culture), System.Globalization.CompareOptions.IgnoreCase);
            indices[i] = i;
        }
        Array.Sort(indices, (a, b) => System.Globalization.SortKey.Compare(keys[a], keys[b]));
        // Equal names share a rank, so a further sort (or tree order) decides between them.
        var ranks = new int[indices.Length];
        var rank = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            if (i > 0 && System.Globalization.SortKey.Compare(keys[indices[i - 1]], keys[indices[i]]) != 0)
                rank++;
            ranks[indices[i]] = rank;
        }
        return ranks;
    }

    public DeliveryFacts Facts(Guid key) => _facts.GetValueOrDefault(key) ?? DeliveryFacts.Empty;

    /// <summary>The live route of an item in a culture; null when it is not live there (preview routes are the builder's business).</summary>
    public string? PublishedRoute(Guid key, string culture) => _cache.Route(key, culture);

    public PublishedContent? GetByPublishedRoute(string route, string culture) =>
        _cache.GetByRoute(route, culture) is { } live ? Get(live.Key) : null;

    /// <summary>
    /// The test a query runs on every item it scans: available in the culture and of an allowed type,
    /// with everything but one lookup worked out beforehand.
    /// </summary>
    public Func<PublishedContent, bool> DeliverableIn(string culture, Func<string, bool> isAllowedType)
    {
        if (!_cultureBits.TryGetValue(culture, out var bit))
            return _ => false;
        var mask = 1UL << bit;
        var allowed = _typeAliases.Select(isAllowedType).ToArray();
        return item => _treeIndex.TryGetValue(item.Key, out var index) && (_available[index] & mask) != 0 && allowed[_typeOf[index]];
    }

    /// <summary>Whether the item can be delivered in the culture: live there, or for preview at least written in it.</summary>
    public bool IsAvailable(PublishedContent item, string culture) =>
        _cultureBits.TryGetValue(culture, out var bit) && _treeIndex.TryGetValue(item.Key, out var index)
        && (_available[index] & (1UL << bit)) != 0;
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
