namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// What the Delivery API needs from the media library: published media by key, by path and by parent.
/// The media library registers an implementation; until one is registered the media endpoints are not
/// mapped and media pickers render as empty lists.
/// </summary>
public interface IDeliveryMediaSource
{
    DeliveryMediaItem? Get(Guid key);

    /// <summary>A media item by its path in the media tree ("/reports/annual-report-2023/").</summary>
    DeliveryMediaItem? GetByPath(string path);

    /// <summary>The items directly below a folder, in sort order; the root items when <paramref name="parentKey"/> is null.</summary>
    IReadOnlyList<DeliveryMediaItem> Children(Guid? parentKey);
}

public sealed record DeliveryMediaItem
{
    public required Guid Key { get; init; }
    public Guid? ParentKey { get; init; }
    public required string Name { get; init; }
    public required string MediaType { get; init; }

    /// <summary>Its place in the media tree, as <see cref="IDeliveryMediaSource.GetByPath"/> takes it.</summary>
    public required string Path { get; init; }

    /// <summary>Where the file is served from; empty for a folder.</summary>
    public required string Url { get; init; }

    public string? Extension { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public long? Bytes { get; init; }
    public int SortOrder { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public required DateTimeOffset UpdateDate { get; init; }
    public ApiImageFocalPoint? FocalPoint { get; init; }

    /// <summary>The media type's own properties (alternative text, caption, credit...).</summary>
    public IReadOnlyDictionary<string, object?> Properties { get; init; } = new Dictionary<string, object?>();
}
