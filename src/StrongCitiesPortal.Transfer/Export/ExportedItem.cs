using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Transfer.Export;

/// <summary>Everything about one item: its latest version, what is live per culture, its external ids and, optionally, its history.</summary>
public sealed class ExportedItem
{
    public required Guid Key { get; init; }
    public required string ContentType { get; init; }
    public Guid? ParentKey { get; init; }
    public required int SortOrder { get; init; }
    public required int Level { get; init; }
    public required bool Trashed { get; init; }
    public required int Version { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public required DateTimeOffset UpdateDate { get; init; }
    public required string CreatedBy { get; init; }
    public required string UpdatedBy { get; init; }
    public required ContentData Data { get; init; }
    public Dictionary<string, ExportedCulture> Cultures { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The data of versions live in some culture other than the latest one.</summary>
    public Dictionary<int, ContentData> PublishedData { get; init; } = [];

    public List<ExternalIdMapping> ExternalIds { get; init; } = [];
    public List<Guid> MediaReferences { get; init; } = [];
    public List<ExportedVersion>? Versions { get; set; }

    public IReadOnlyList<string> LiveCultures => Cultures.Where(c => c.Value.PublishedVersion is not null).Select(c => c.Key).ToList();

    /// <summary>The data a culture shows visitors: the version published in it.</summary>
    public ContentData? LiveData(string culture) =>
        Cultures.GetValueOrDefault(culture)?.PublishedVersion is { } version
            ? version == Version ? Data : PublishedData.GetValueOrDefault(version)
            : null;

    /// <summary>The external id an export writes for the item: the one its type's imports use, else its key.</summary>
    public string ExternalId => ExternalIds.FirstOrDefault(m => m.ContentType == ContentType)?.ExternalId ?? Key.ToString();
}

public sealed record ExportedCulture(int? PublishedVersion, string? PublishedName, string? PublishedSegment, DateTimeOffset? PublishedAt, DateTimeOffset? PublishAt, DateTimeOffset? UnpublishAt);

public sealed record ExportedVersion(int Version, DateTimeOffset CreatedAt, string CreatedBy, string? Note, ContentData Data);

/// <summary>The media keys an item's values refer to, blocks included.</summary>
public static class MediaReferences
{
    public static List<Guid> Find(DocumentType type, ContentData data, DocumentTypeRegistry types)
    {
        var keys = new List<Guid>();
        var values = data.Invariant.Concat(data.Cultures.Values.SelectMany(c => c.Values));
        foreach (var (alias, value) in values)
            Collect(type.FindProperty(alias), value, types, keys);
        return keys.Distinct().ToList();
    }

    private static void Collect(PropertyType? property, JsonElement value, DocumentTypeRegistry types, List<Guid> keys)
    {
        if (property is null)
            return;
        keys.AddRange(property.PropertyEditor.MediaKeys(value));
        foreach (var element in property.PropertyEditor.Elements(value, types))
        {
            foreach (var (alias, inner) in element.Values)
                Collect(element.Element.FindProperty(alias), inner, types, keys);
        }
    }
}
