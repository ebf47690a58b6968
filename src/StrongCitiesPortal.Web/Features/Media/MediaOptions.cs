namespace StrongCitiesPortal.Web.Features.Media;

public sealed class MediaOptions
{
    public const string Section = "Portal:Media";

    public long MaxImageBytes { get; set; } = 10 * 1024 * 1024;

    public long MaxDocumentBytes { get; set; } = 30 * 1024 * 1024;

    /// <summary>The folder for files on local disk; the data folder's <c>media/</c> when empty.</summary>
    public string LocalPath { get; set; } = "";

    public long MaxUploadBytes => Math.Max(MaxImageBytes, MaxDocumentBytes);
}

/// <summary>Umbraco's keys for its Azure Blob media provider, so existing settings carry over.</summary>
public sealed class AzureBlobMediaOptions
{
    public const string Section = "Umbraco:Storage:AzureBlob:Media";

    public string ConnectionString { get; set; } = "";

    public string ContainerName { get; set; } = "media";
}
