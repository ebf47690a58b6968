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

    /// <summary>An Azure Storage connection string (account key or shared access signature); set, media go to Blob Storage.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Instead of a connection string: the account's blob address, signed in with the machine's Azure identity.</summary>
    public string AccountUrl { get; set; } = "";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(AccountUrl);

    public string ContainerName { get; set; } = "media";
}
