using System.Text.Json;

namespace StrongCitiesPortal.Content.Publishing;

/// <summary>A live item as the public site and the delivery API see it. Immutable.</summary>
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

    /// <summary>Every property value this culture sees: its own where the property varies, the shared one otherwise.</summary>
    public required IReadOnlyDictionary<string, JsonElement> Values { get; init; }

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
