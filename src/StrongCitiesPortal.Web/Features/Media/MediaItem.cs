namespace StrongCitiesPortal.Web.Features.Media;

/// <summary>A folder, image or document of the media library. Files are served at <see cref="Url"/>.</summary>
public sealed record MediaItem(
    Guid Key,
    Guid? ParentKey,
    MediaKind Kind,
    string Name,
    string? FileName,
    string? ContentType,
    long? Size,
    int? Width,
    int? Height,
    string? AltText,
    string? StoragePath,
    string? Sha256,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    /// <summary>For a city's own folder, and a city editor's upload: the member city.</summary>
    public Guid? CityKey { get; init; }

    /// <summary>A city editor's upload, not served to the public until an item that uses it is published.</summary>
    public bool AwaitingReview { get; init; }

    public bool IsFolder => Kind == MediaKind.Folder;
    public bool IsImage => Kind == MediaKind.Image;

    /// <summary>Where the file is served; the key makes it unique and the file behind it never changes.</summary>
    public string? Url => FileName is null ? null : $"/media/{Key}/{FileName}";
}

public sealed record MediaQuery(string? Search = null, MediaKind? Kind = null, Guid? Folder = null, bool AnyFolder = true, int Skip = 0, int Take = 100);
