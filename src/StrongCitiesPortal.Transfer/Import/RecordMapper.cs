using System.Globalization;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.PropertyEditors;

namespace StrongCitiesPortal.Transfer.Import;

/// <summary>What one record asks for, in the document type's terms: the values it sets (or clears) per culture.</summary>
public sealed class MappedRecord
{
    public required long Row { get; init; }
    public int Line { get; init; }
    public string? File { get; init; }
    public string? ExternalId { get; set; }
    public Guid? Key { get; set; }
    public string? Parent { get; set; }
    public int? SortOrder { get; set; }
    public IReadOnlyList<string>? Publish { get; set; }
    public Dictionary<string, JsonElement?> Invariant { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, CultureChanges> Cultures { get; } = new(StringComparer.Ordinal);
    public List<ValidationError> Errors { get; } = [];

    public CultureChanges Culture(string culture)
    {
        if (!Cultures.TryGetValue(culture, out var changes))
            Cultures[culture] = changes = new CultureChanges();
        return changes;
    }

    /// <summary>
    /// The item's data after this record: the existing data with the record's fields laid over it
    /// (a field present but empty clears the value; fields the record does not mention stay as they are;
    /// an empty name changes nothing, and a culture is added only by giving its name or values).
    /// </summary>
    public ContentData Apply(ContentData? existing)
    {
        var data = existing?.Clone() ?? new ContentData();
        foreach (var (alias, value) in Invariant)
            Set(data.Invariant, alias, value);
        foreach (var (culture, changes) in Cultures)
        {
            if (!data.Cultures.TryGetValue(culture, out var variant))
            {
                // Empty columns of a culture the item does not have (a CSV lists every culture) add nothing.
                if (string.IsNullOrEmpty(changes.Name) && changes.Segment is null && changes.Values.Values.All(v => v is null))
                    continue;
                data.Cultures[culture] = variant = new CultureData();
            }
            if (!string.IsNullOrEmpty(changes.Name) || variant.Name.Length == 0)
                variant.Name = changes.Name ?? variant.Name;
            if (changes.SegmentGiven)
                variant.Segment = changes.Segment;
            foreach (var (alias, value) in changes.Values)
                Set(variant.Values, alias, value);
        }
        return data;
    }

    private static void Set(Dictionary<string, JsonElement> values, string alias, JsonElement? value)
    {
        if (value is { } v)
            values[alias] = v;
        else
            values.Remove(alias);
    }
}

public sealed class CultureChanges
{
    public string? Name { get; set; }
    public string? Segment { get; set; }
    public bool SegmentGiven { get; set; }
    public Dictionary<string, JsonElement?> Values { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Turns a record's fields into a document type's values: <c>alias</c> for a shared value or the default
/// culture's, <c>alias:fr</c> for another culture's; text is read as each editor expects (lists split on
/// <c>;</c>, <c>\;</c> for a semicolon inside a value), pickers resolved by key, external id or name.
/// </summary>
public sealed class RecordMapper(DocumentType type, DocumentTypeRegistry types, IReadOnlyList<string> cultures, PickerIndex pickers)
{
    public const string ExternalIdField = "externalId";
    public const string KeyField = "key";
    public const string ParentField = "parent";
    public const string SortOrderField = "sortOrder";
    public const string PublishField = "publish";
    public const string ContentTypeField = "contentType";
    public const string NameField = "name";
    public const string SegmentField = "segment";

    /// <summary>What an export writes about an item that an import does not set (it is the engine's to decide).</summary>
    public static readonly IReadOnlySet<string> ExportOnlyFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "version", "published", "versions", "mediaReferences", "updateDate", "createDate", "trashed",
    };

    private string DefaultCulture => cultures[0];

    public MappedRecord Map(ImportRecord record)
    {
        var mapped = new MappedRecord { Row = record.Row, Line = record.Line, File = record.File };
        if (record.ReadError is not null)
        {
            mapped.Errors.Add(new(null, null, record.ReadError));
            return mapped;
        }
        foreach (var (field, value) in record.Fields)
            MapField(mapped, field.Trim(), value);
        if (string.IsNullOrWhiteSpace(mapped.ExternalId))
        {
            if (mapped.Key is { } key)
                mapped.ExternalId = key.ToString();
            else
                mapped.Errors.Insert(0, new(ExternalIdField, null, "Every record needs an external id (or a key)."));
        }
        return mapped;
    }

    private void MapField(MappedRecord mapped, string field, JsonElement value)
    {
        var colon = field.LastIndexOf(':');
        var alias = colon < 0 ? field : field[..colon];
        string? culture = colon < 0 ? null : field[(colon + 1)..];
        void Fail(string message) => mapped.Errors.Add(new(alias, culture, message));

        if (culture is not null && !cultures.Contains(culture, StringComparer.Ordinal))
        {
            Fail($"'{culture}' is not one of the portal's cultures ({string.Join(", ", cultures)}).");
            return;
        }
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Trim(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
        var empty = value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined || text is { Length: 0 };

        if (ExportOnlyFields.Contains(alias) && culture is null)
            return;
        if (alias is ExternalIdField or KeyField or ParentField or SortOrderField or PublishField or ContentTypeField)
        {
            if (culture is not null)
            {
                Fail("This field is the same for every culture: write it without a culture.");
                return;
            }
            if (empty)
                return;
            switch (alias)
            {
                case ExternalIdField:
                    if (text is null) Fail("Expected text.");
                    else mapped.ExternalId = text;
                    break;
                case KeyField:
                    if (Guid.TryParse(text, out var key)) mapped.Key = key;
                    else Fail($"'{text ?? value.GetRawText()}' is not a content key (a GUID).");
                    break;
                case ParentField:
                    if (text is null) Fail("Expected a key or an external id.");
                    else mapped.Parent = text;
                    break;
                case SortOrderField:
                    if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var sort)) mapped.SortOrder = sort;
                    else Fail($"'{text ?? value.GetRawText()}' is not a whole number.");
                    break;
                case PublishField:
                    var wanted = Items(value).Select(v => v.GetString() ?? "").ToList();
                    var unknown = wanted.Where(c => !cultures.Contains(c, StringComparer.Ordinal)).ToList();
                    if (unknown.Count > 0) Fail($"'{string.Join("', '", unknown)}' is not one of the portal's cultures ({string.Join(", ", cultures)}).");
                    else mapped.Publish = wanted;
                    break;
                case ContentTypeField:
                    if (text != type.Alias) Fail($"The record is a '{text ?? value.GetRawText()}'; this import is of '{type.Alias}'.");
                    break;
            }
            return;
        }

        if (alias is NameField or SegmentField)
        {
            var target = culture ?? DefaultCulture;
            if (!type.VariesByCulture && target != DefaultCulture)
            {
                Fail($"'{type.Name}' does not vary by culture: give it only the '{DefaultCulture}' culture.");
                return;
            }
            if (text is null && !empty)
            {
                Fail("Expected text.");
                return;
            }
            var changes = mapped.Culture(target);
            if (alias == NameField)
                changes.Name = text ?? "";
            else
            {
                changes.SegmentGiven = true;
                changes.Segment = empty ? null : text;
            }
            return;
        }

        var property = type.FindProperty(alias);
        if (property is null)
        {
            Fail($"'{type.Name}' has no property '{alias}'.");
            return;
        }
        if (!property.VariesByCulture && culture is not null)
        {
            Fail("This property is shared by all cultures; set it once, not per culture.");
            return;
        }
        var converted = empty ? null : property.PropertyEditor.Import(property, value, new Cell(this, Fail));
        if (property.VariesByCulture)
            mapped.Culture(culture ?? DefaultCulture).Values[alias] = converted;
        else
            mapped.Invariant[alias] = converted;
    }

    /// <summary>One field being read: its problems go to the record, picked items are found by the import's picker index.</summary>
    private sealed class Cell(RecordMapper mapper, Action<string> fail) : IImportCell
    {
        public void Fail(string message) => fail(message);

        public (Guid? Key, string? Problem) ResolveContent(string text, PropertyType property) => mapper.Resolve(text, property);
    }

    private (Guid? Key, string? Problem) Resolve(string text, PropertyType property) => pickers.Resolve(text, property, types);

    /// <summary>A list given as a JSON array, or as text separated by <c>;</c>.</summary>
    internal static IReadOnlyList<JsonElement> Items(JsonElement value) => CellText.Items(value);

    /// <summary>Splits "a; b\;c" into "a" and "b;c". A backslash escapes the next character.</summary>
    public static IReadOnlyList<string> SplitList(string text) => CellText.Split(text);

    /// <summary>The inverse of <see cref="SplitList"/>.</summary>
    public static string JoinList(IEnumerable<string> items) => CellText.Join(items);
}
