using System.Text.Json;

namespace StrongCitiesPortal.Content.Items;

/// <summary>
/// The editable substance of an item: the same shape in a save, a stored version and a starter-content file.
/// </summary>
public sealed class ContentData
{
    public Dictionary<string, JsonElement> Invariant { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, CultureData> Cultures { get; init; } = new(StringComparer.Ordinal);

    public ContentData Clone() => new()
    {
        Invariant = new Dictionary<string, JsonElement>(Invariant, StringComparer.Ordinal),
        Cultures = Cultures.ToDictionary(c => c.Key, c => c.Value.Clone(), StringComparer.Ordinal),
    };

    /// <summary>The value of a property as a culture sees it: its own value if the property varies, else the shared one.</summary>
    public JsonElement? Value(string alias, string culture)
    {
        if (Cultures.TryGetValue(culture, out var variant) && variant.Values.TryGetValue(alias, out var own))
            return own;
        return Invariant.TryGetValue(alias, out var shared) ? shared : null;
    }
}

public sealed class CultureData
{
    public string Name { get; set; } = "";
    public string? Segment { get; set; }
    public Dictionary<string, JsonElement> Values { get; init; } = new(StringComparer.Ordinal);

    public CultureData Clone() => new()
    {
        Name = Name,
        Segment = Segment,
        Values = new Dictionary<string, JsonElement>(Values, StringComparer.Ordinal),
    };
}
