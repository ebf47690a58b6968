using System.Text.Json.Serialization;
using StrongCitiesPortal.Content.PropertyEditors;

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

public sealed partial class PropertyType
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

    /// <summary>The editor that handles the property's values, found by <see cref="Editor"/>.</summary>
    [JsonIgnore]
    public PropertyEditor PropertyEditor
    {
        get => _editor ??= PropertyEditorCollection.BuiltIn.Get(Editor);
        internal set => _editor = value;
    }

    private PropertyEditor? _editor;
}
