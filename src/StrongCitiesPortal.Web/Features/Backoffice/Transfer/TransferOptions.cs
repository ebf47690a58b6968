namespace StrongCitiesPortal.Web.Features.Backoffice.Transfer;

public sealed class TransferOptions
{
    public const string Section = "Portal:Transfer";

    /// <summary>The largest upload (a file, several Markdown files, or a .zip once unpacked).</summary>
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>The most Markdown files one upload (or .zip) may hold.</summary>
    public int MaxMarkdownFiles { get; set; } = 100_000;

    /// <summary>The most entries of any kind (folders and other files included) a .zip may list; a larger one is refused before it is read.</summary>
    public int MaxZipEntries { get; set; } = 100_000;

    /// <summary>Where uploads wait for their import; empty: <c>imports/</c> in the content data folder.</summary>
    public string UploadPath { get; set; } = "";

    /// <summary>How long an upload is kept for a real run after its dry run, or for resuming a stopped import.</summary>
    public TimeSpan KeepUploads { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How many reported rows (problems, and what a dry run would do) a job keeps to show; its CSV report has them all.</summary>
    public int ShowRows { get; set; } = 1_000;
}
