namespace StrongCitiesPortal.Web.Features.Webhooks;

/// <summary>Webhook settings under the names Umbraco gives them (<c>Umbraco:CMS:Webhook</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Umbraco:CMS:Webhook";

    public bool Enabled { get; set; } = true;

    /// <summary>Retries after the first attempt; a delivery that still fails is marked failed.</summary>
    public int MaximumRetries { get; set; } = 5;

    /// <summary>How often the queue is looked at when nothing wakes the worker sooner.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(10);

    public bool EnableLoggingCleanup { get; set; } = true;

    public int KeepLogsForDays { get; set; } = 30;
}

/// <summary>How the portal delivers, which Umbraco does not configure (<c>Portal:Webhooks</c>).</summary>
public sealed class WebhookDeliveryOptions
{
    public const string Section = "Portal:Webhooks";

    /// <summary>The wait before the first retry; each further retry waits twice as long.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between retries.</summary>
    public TimeSpan MaximumRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Deliveries one worker claims at a time.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Deliveries one worker has in flight at once.</summary>
    public int MaximumConcurrentDeliveries { get; set; } = 16;

    /// <summary>
    /// Networks (<c>10.20.0.0/16</c>) or addresses of intranet receivers that webhooks may call although they are
    /// loopback, link-local or private; empty, only public addresses are called.
    /// </summary>
    public List<string> AllowedPrivateNetworks { get; set; } = [];
}
