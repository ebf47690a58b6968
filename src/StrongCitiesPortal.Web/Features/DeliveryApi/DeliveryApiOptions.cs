namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>The Delivery API's settings, under the names Umbraco gives them (<c>Umbraco:CMS:DeliveryApi</c>).</summary>
public sealed class DeliveryApiOptions
{
    public const string Section = "Umbraco:CMS:DeliveryApi";

    /// <summary>Off by default, as in Umbraco: the API answers 404 until it is enabled.</summary>
    public bool Enabled { get; set; }

    /// <summary>When false, every request needs the <c>Api-Key</c> header.</summary>
    public bool PublicAccess { get; set; } = true;

    /// <summary>The key for non-public access and for preview. Empty: preview is refused.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Document types never exposed, whatever else is configured.</summary>
    public List<string> DisallowedContentTypeAliases { get; set; } = [];

    public DeliveryApiMediaOptions Media { get; set; } = new();

    public DeliveryApiOutputCacheOptions OutputCache { get; set; } = new();
}

public sealed class DeliveryApiMediaOptions
{
    public bool Enabled { get; set; } = true;

    public bool PublicAccess { get; set; } = true;
}

public sealed class DeliveryApiOutputCacheOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan ContentDuration { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MediaDuration { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>What the portal adds around the API, which Umbraco does not configure (<c>Portal:DeliveryApi</c>).</summary>
public sealed class DeliveryApiPortalOptions
{
    public const string Section = "Portal:DeliveryApi";

    /// <summary>Origins allowed to call the API from a browser; empty allows none.</summary>
    public List<string> CorsAllowedOrigins { get; set; } = [];

    /// <summary>Requests one client (API key, else IP address) may make per window.</summary>
    public int RateLimitPermits { get; set; } = 600;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest page a query may ask for.</summary>
    public int MaxTake { get; set; } = 1000;
}
