namespace StrongCitiesPortal.Web.Features.Webhooks;

public sealed record WebhookEvent(string Alias, string EventName, string EventType);

/// <summary>The events a webhook can be registered for, with Umbraco's aliases.</summary>
public static class WebhookEvents
{
    public const string ContentPublish = "Umbraco.ContentPublish";
    public const string ContentUnpublish = "Umbraco.ContentUnpublish";
    public const string ContentDelete = "Umbraco.ContentDelete";
    public const string MediaSave = "Umbraco.MediaSave";
    public const string MediaDelete = "Umbraco.MediaDelete";

    public const string ContentType = "Content";
    public const string MediaType = "Media";

    public static readonly IReadOnlyList<WebhookEvent> All =
    [
        new(ContentPublish, "Content Published", ContentType),
        new(ContentUnpublish, "Content Unpublished", ContentType),
        new(ContentDelete, "Content Deleted", ContentType),
        new(MediaSave, "Media Saved", MediaType),
        new(MediaDelete, "Media Deleted", MediaType),
    ];

    /// <summary>The media library's kinds as Umbraco names its media types; a webhook can be limited to some of them.</summary>
    public static readonly IReadOnlyList<string> MediaTypes = ["Folder", "Image", "File"];

    public static WebhookEvent? Find(string alias) =>
        All.FirstOrDefault(e => string.Equals(e.Alias, alias, StringComparison.Ordinal));
}

/// <summary>The names of the headers every delivery carries; registrations cannot override them.</summary>
public static class WebhookHeaders
{
    public const string Event = "Umb-Webhook-Event";
    public const string RetryCount = "Umb-Webhook-RetryCount";
    public const string Signature = "Umb-Webhook-Signature";
    public const string Delivery = "Umb-Webhook-Delivery";
    public const string Timestamp = "Umb-Webhook-Timestamp";

    /// <summary>What the portal shows instead of a registration's own header values, which may be credentials.</summary>
    public const string Hidden = "********";

    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Event, RetryCount, Signature, Delivery, Timestamp, "Host", "Content-Type", "Content-Length", "Transfer-Encoding", "Connection", "User-Agent",
    };

    /// <summary>A logged header block ("Name: value" lines) with every value the portal did not write itself hidden.</summary>
    public static string Redact(string headers) =>
        string.Join("\n", headers.Split('\n').Select(line =>
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 || Reserved.Contains(line[..colon].Trim()) ? line : $"{line[..colon]}: {Hidden}";
        }));

    /// <summary>A registration's headers as the API shows them: the names, never the values.</summary>
    public static IReadOnlyDictionary<string, string> Hide(IReadOnlyDictionary<string, string> headers) =>
        headers.ToDictionary(h => h.Key, _ => Hidden);
}
