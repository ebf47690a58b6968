namespace StrongCitiesPortal.Content.Items;

/// <summary>An item as the backoffice sees it: its latest version, and per culture what is live.</summary>
public sealed class ContentItem
{
    public required long Id { get; init; }
    public required Guid Key { get; init; }
    public required string ContentType { get; init; }
    public Guid? ParentKey { get; init; }
    public required int Level { get; init; }
    public required string Path { get; init; }
    public required int SortOrder { get; init; }
    public required bool Trashed { get; init; }
    public required int Version { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public required DateTimeOffset UpdateDate { get; init; }
    public required string CreatedBy { get; init; }
    public required string UpdatedBy { get; init; }
    public required ContentData Data { get; init; }
    public required IReadOnlyDictionary<string, CulturePublishState> Publishing { get; init; }

    public string Name(string culture) =>
        Data.Cultures.TryGetValue(culture, out var c) ? c.Name : Data.Cultures.Values.FirstOrDefault()?.Name ?? "";

    public bool IsPublished(string culture) =>
        Publishing.TryGetValue(culture, out var state) && state.PublishedVersion is not null;
}

public sealed record CulturePublishState(
    string Culture,
    string Name,
    string Segment,
    int? PublishedVersion,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? PublishAt,
    DateTimeOffset? UnpublishAt,
    int? PublishVersion = null);

public sealed record ContentVersionInfo(int Version, DateTimeOffset CreatedAt, string CreatedBy, string? Note, IReadOnlyList<string> PublishedCultures);

public sealed record AuditEntry(long Id, Guid NodeKey, string Action, string? Culture, int? FromVersion, int? ToVersion, string UserName, DateTimeOffset At, string? Detail);
