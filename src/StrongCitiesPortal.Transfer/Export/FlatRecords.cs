using System.Globalization;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.PropertyEditors;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Transfer.Export;

/// <summary>
/// An item as one flat record, the shape imports read: <c>externalId</c>, <c>key</c>, <c>parent</c>,
/// <c>sortOrder</c>, <c>name</c>/<c>segment</c> and each property (<c>alias:fr</c> for another culture's),
/// then what only exports carry (<c>publish</c>, <c>mediaReferences</c>, <c>version</c>, <c>updateDate</c>).
/// </summary>
public sealed class FlatRecords(DocumentType type, IReadOnlyList<string> cultures)
{
    private string DefaultCulture => cultures[0];

    private IReadOnlyList<string> TypeCultures => type.VariesByCulture ? cultures : [DefaultCulture];

    private string Field(string alias, string culture) => culture == DefaultCulture ? alias : $"{alias}:{culture}";

    /// <summary>The CSV header: every field a record of this type can have, in a stable order.</summary>
    public IReadOnlyList<string> Columns()
    {
        var columns = new List<string> { RecordMapper.ExternalIdField, RecordMapper.KeyField, RecordMapper.ParentField, RecordMapper.SortOrderField };
        foreach (var culture in TypeCultures)
        {
            columns.Add(Field(RecordMapper.NameField, culture));
            columns.Add(Field(RecordMapper.SegmentField, culture));
        }
        foreach (var property in type.Properties)
        {
            if (property.VariesByCulture)
                columns.AddRange(TypeCultures.Select(c => Field(property.Alias, c)));
            else
                columns.Add(property.Alias);
        }
        columns.AddRange([RecordMapper.PublishField, "mediaReferences", "version", "updateDate"]);
        return columns;
    }

    /// <summary>The record's fields with JSON values (for JSON Lines); empty values are left out.</summary>
    public List<KeyValuePair<string, JsonElement>> Fields(ExportedItem item)
    {
        var fields = new List<KeyValuePair<string, JsonElement>>();
        void Add(string name, object? value) => fields.Add(new(name, JsonSerializer.SerializeToElement(value)));

        Add(RecordMapper.ExternalIdField, item.ExternalId);
        Add(RecordMapper.KeyField, item.Key);
        if (item.ParentKey is { } parent)
            Add(RecordMapper.ParentField, parent);
        Add(RecordMapper.SortOrderField, item.SortOrder);
        foreach (var culture in TypeCultures)
        {
            if (!item.Data.Cultures.TryGetValue(culture, out var variant))
                continue;
            Add(Field(RecordMapper.NameField, culture), variant.Name);
            if (variant.Segment is not null)
                Add(Field(RecordMapper.SegmentField, culture), variant.Segment);
        }
        foreach (var property in type.Properties)
        {
            if (property.VariesByCulture)
            {
                foreach (var culture in TypeCultures)
                {
                    if (item.Data.Cultures.TryGetValue(culture, out var variant) && variant.Values.TryGetValue(property.Alias, out var value))
                        fields.Add(new(Field(property.Alias, culture), value));
                }
            }
            else if (item.Data.Invariant.TryGetValue(property.Alias, out var value))
            {
                fields.Add(new(property.Alias, value));
            }
        }
        Add(RecordMapper.PublishField, item.LiveCultures);
        if (item.MediaReferences.Count > 0)
            Add("mediaReferences", item.MediaReferences);
        Add("version", item.Version);
        Add("updateDate", item.UpdateDate);
        return fields;
    }

    /// <summary>A value as text, the way a CSV cell or a front-matter line writes it (and an import reads it back).</summary>
    public string Text(string field, JsonElement value)
    {
        var alias = field.Split(':')[0];
        return type.FindProperty(alias) is { } property ? property.PropertyEditor.ExportText(value) : CellText.Of(value);
    }

    public string? Text(IEnumerable<KeyValuePair<string, JsonElement>> fields, string field) =>
        fields.Where(f => f.Key == field).Select(f => Text(field, f.Value)).FirstOrDefault();

    /// <summary>The property a Markdown file's body holds: the type's first Markdown property, in the default culture.</summary>
    public string? BodyProperty => type.Properties.FirstOrDefault(p => p.PropertyEditor is MarkdownEditor)?.Alias;

    public static string FileStem(ExportedItem item, string defaultCulture)
    {
        var segment = item.Data.Cultures.GetValueOrDefault(defaultCulture)?.Segment
            ?? item.Data.Cultures.Values.FirstOrDefault()?.Segment
            ?? UrlSegments.FromName(item.Data.Cultures.Values.FirstOrDefault()?.Name ?? "item");
        return string.Create(CultureInfo.InvariantCulture, $"{segment}");
    }
}
