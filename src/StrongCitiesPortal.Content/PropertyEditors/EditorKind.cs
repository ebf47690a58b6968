using System.Text.Json.Serialization;

namespace StrongCitiesPortal.Content.DocumentTypes;

/// <summary>
/// The built-in editors as an enum: kept only for the import's two uses (Transfer/Import/ImportService.cs) until that
/// file is split. New code asks the property's <see cref="PropertyType.PropertyEditor"/>; nothing switches on this.
/// </summary>
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

public sealed partial class PropertyType
{
    /// <summary>The built-in editor as an enum, or null for an editor added later.</summary>
    [JsonIgnore]
    public EditorKind? Kind => Enum.TryParse<EditorKind>(Editor, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : null;
}
