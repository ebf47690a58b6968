using System.Text.Json.Serialization;

namespace StrongCitiesPortal.Content.DocumentTypes;

public sealed class DocumentType
{
    public required string Alias { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? Icon { get; init; }
    public bool VariesByCulture { get; init; }
    public bool IsElement { get; init; }
    public bool AllowedAtRoot { get; init; }
    public IReadOnlyList<string> AllowedChildTypes { get; init; } = [];
    public IReadOnlyList<PropertyType> Properties { get; init; } = [];

    [JsonIgnore]
    public string? SourceFile { get; set; }

    public PropertyType? FindProperty(string alias) =>
        Properties.FirstOrDefault(p => string.Equals(p.Alias, alias, StringComparison.Ordinal));
}

public sealed class PropertyType
{
    public required string Alias { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required string Editor { get; init; }
    public bool VariesByCulture { get; init; }
    public bool Required { get; init; }
    public int? MaxLength { get; init; }
    public string? Pattern { get; init; }
    public bool Multiple { get; init; }
    public int? MaxItems { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public bool Integer { get; init; }
    public IReadOnlyList<string> Options { get; init; } = [];
    public IReadOnlyList<string> AllowedTypes { get; init; } = [];
    public IReadOnlyList<string> Blocks { get; init; } = [];

    /// <summary>Seen and edited in the backoffice only: never on public pages, in the Delivery API or in search.</summary>
    public bool StaffOnly { get; init; }

    [JsonIgnore]
    public EditorKind Kind => EditorKinds.Parse(Editor) ?? throw new InvalidOperationException($"Unknown editor '{Editor}'.");
}

public enum EditorKind
{
    Text,
    TextArea,
    Markdown,
    Tags,
    Dropdown,
    ContentPicker,
    MediaPicker,
    Date,
    DateTime,
    Url,
    Email,
    Country,
    Number,
    Boolean,
    GeoLocation,
    BlockList,
}

public static class EditorKinds
{
    private static readonly Dictionary<string, EditorKind> ByName = new(StringComparer.Ordinal)
    {
        ["text"] = EditorKind.Text,
        ["textarea"] = EditorKind.TextArea,
        ["markdown"] = EditorKind.Markdown,
        ["tags"] = EditorKind.Tags,
        ["dropdown"] = EditorKind.Dropdown,
        ["contentPicker"] = EditorKind.ContentPicker,
        ["mediaPicker"] = EditorKind.MediaPicker,
        ["date"] = EditorKind.Date,
        ["dateTime"] = EditorKind.DateTime,
        ["url"] = EditorKind.Url,
        ["email"] = EditorKind.Email,
        ["country"] = EditorKind.Country,
        ["number"] = EditorKind.Number,
        ["boolean"] = EditorKind.Boolean,
        ["geoLocation"] = EditorKind.GeoLocation,
        ["blockList"] = EditorKind.BlockList,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static EditorKind? Parse(string? name) =>
        name is not null && ByName.TryGetValue(name, out var kind) ? kind : null;
}
