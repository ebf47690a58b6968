namespace StrongCitiesPortal.Web.Features.Media.Storage;

/// <summary>The parts of an Azure Storage connection string the blob store needs.</summary>
public sealed record AzureBlobConnection(string AccountName, byte[] AccountKey, Uri BlobEndpoint)
{
    // The emulator's published well-known account (the same in Azurite and every Azure SDK).
    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static AzureBlobConnection Parse(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);

        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? p.TrimEnd('/') : "http://127.0.0.1";
            return new AzureBlobConnection(DevelopmentAccount, Convert.FromBase64String(DevelopmentKey), new Uri($"{proxy}:10000/{DevelopmentAccount}/"));
        }
        if (parts.ContainsKey("SharedAccessSignature"))
            throw new InvalidOperationException("Shared access signature connection strings are not supported for media: use the account name and key.");
        if (!parts.TryGetValue("AccountName", out var account) || account.Length == 0)
            throw new InvalidOperationException("The Azure Blob Storage connection string has no AccountName.");
        if (!parts.TryGetValue("AccountKey", out var key) || key.Length == 0)
            throw new InvalidOperationException("The Azure Blob Storage connection string has no AccountKey.");
        byte[] keyBytes;
        try
        {
            keyBytes = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("The Azure Blob Storage AccountKey is not base64.");
        }
        Uri endpoint;
        if (parts.TryGetValue("BlobEndpoint", out var blobEndpoint) && blobEndpoint.Length > 0)
        {
            endpoint = new Uri(blobEndpoint.TrimEnd('/') + "/");
        }
        else
        {
            var protocol = parts.TryGetValue("DefaultEndpointsProtocol", out var pr) ? pr : "https";
            var suffix = parts.TryGetValue("EndpointSuffix", out var s) ? s : "core.windows.net";
            endpoint = new Uri($"{protocol}://{account}.blob.{suffix}/");
        }
        return new AzureBlobConnection(account, keyBytes, endpoint);
    }
}
