using System.Collections;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace StrongCitiesPortal.Content.Publishing;

/// <summary>
/// A live item as the public site and the delivery API see it. Immutable. From the published cache it holds the
/// item's place in the tree and its names; its values are read on demand (see <see cref="PublishedVariant.Values"/>).
/// </summary>
public sealed class PublishedContent
{
    public required Guid Key { get; init; }
    public required long Id { get; init; }
    public required string ContentType { get; init; }
    public Guid? ParentKey { get; init; }
    public required int Level { get; init; }
    public required int SortOrder { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public required DateTimeOffset UpdateDate { get; init; }
    public required bool VariesByCulture { get; init; }
    public required string DefaultCulture { get; init; }

    /// <summary>The published cultures. A type that does not vary by culture has only the default one.</summary>
    public required IReadOnlyDictionary<string, PublishedVariant> Variants { get; init; }

    /// <summary>What a visitor in <paramref name="culture"/> sees, or null when it is not live in that culture.</summary>
    public PublishedVariant? Variant(string culture) =>
        Variants.GetValueOrDefault(VariesByCulture ? culture : DefaultCulture);

    public IEnumerable<string> Cultures => Variants.Keys;
}

public sealed class PublishedVariant
{
    public required string Culture { get; init; }
    public required string Name { get; init; }
    public required string Segment { get; init; }
    public required int Version { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }

    private readonly IReadOnlyDictionary<string, JsonElement>? _values;

    /// <summary>The item's database id: with <see cref="Version"/>, the key of its values in the published values cache.</summary>
    internal long NodeId { get; init; }

    /// <summary>Where the values come from when they were not given: the published cache's bounded value store.</summary>
    internal PublishedValueStore? Store { get; init; }

    /// <summary>
    /// Every property value this culture sees: its own where the property varies, the shared one otherwise. For an
    /// item of the published cache they are read from the bounded value cache, and from PostgreSQL (synchronously,
    /// one indexed query) when they are not in it; read many at once with <see cref="PublishedContentCache.Prefetch"/>.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Values
    {
        get => _values ?? Store?.Get(NodeId, Version, Culture) ?? FrozenDictionary<string, JsonElement>.Empty;
        init => _values = value;
    }

    /// <summary>Whether reading <see cref="Values"/> now needs no database query.</summary>
    public bool ValuesInMemory => _values is not null || Store is null || Store.Contains(NodeId, Version);

    public JsonElement? Value(string alias) => Values.TryGetValue(alias, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? v : null;

    public string? Text(string alias) => Value(alias) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public IReadOnlyList<string> Strings(string alias) => Value(alias) switch
    {
        { ValueKind: JsonValueKind.String } v => [v.GetString()!],
        { ValueKind: JsonValueKind.Array } v => v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
        _ => [],
    };

    public IReadOnlyList<Guid> Keys(string alias) =>
        Strings(alias).Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
}

/// <summary>An item's few published cultures in a small array: a dictionary per item costs more than its variants.</summary>
internal sealed class VariantSet(PublishedVariant[] variants) : IReadOnlyDictionary<string, PublishedVariant>
{
    public PublishedVariant this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => variants.Select(v => v.Culture);

    public IEnumerable<PublishedVariant> Values => variants;

    public int Count => variants.Length;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out PublishedVariant value)
    {
        foreach (var variant in variants)
        {
            if (variant.Culture == key)
            {
                value = variant;
                return true;
            }
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, PublishedVariant>> GetEnumerator() =>
        variants.Select(v => new KeyValuePair<string, PublishedVariant>(v.Culture, v)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
