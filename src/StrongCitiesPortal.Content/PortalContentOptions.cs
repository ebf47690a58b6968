namespace StrongCitiesPortal.Content;

public sealed class PortalContentOptions
{
    public const string Section = "Portal:Content";

    /// <summary>The cultures content is written in; the first is the default.</summary>
    public List<string> Cultures { get; set; } = [];

    /// <summary>The folder holding <c>document-types/</c> and <c>content/</c> (the repository's <c>umbraco/</c>).</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>Where the embedded database and media live when nothing else is configured.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>Load the starter content into an empty database at start-up.</summary>
    public bool LoadStarterContent { get; set; } = true;

    /// <summary>How often the scheduler looks for due publish and unpublish dates.</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The published cache's bounds (<c>Portal:Content:PublishedCache</c>).</summary>
    public PublishedCacheOptions PublishedCache { get; set; } = new();

    /// <summary>How long the change feed keeps its rows (<c>Portal:Content:ChangeFeed</c>).</summary>
    public ChangeFeedOptions ChangeFeed { get; set; } = new();

    public string DefaultCulture => Cultures.Count > 0 ? Cultures[0] : "en";

    public IReadOnlyList<string> EffectiveCultures => Cultures.Count > 0 ? Cultures : ["en", "fr", "ar"];
}

/// <summary>
/// The published cache keeps the tree, names and routes of every live item in memory and the items' values in a
/// bounded cache: these are its bounds.
/// </summary>
public sealed class PublishedCacheOptions
{
    /// <summary>At most this many item versions' values in memory (least recently used go first).</summary>
    public int MaxValueEntries { get; set; } = 10_000;

    /// <summary>And at most about this much memory for them, in megabytes (estimated from each version's size).</summary>
    public int MaxValueMegabytes { get; set; } = 64;

    /// <summary>How many items' values (nearest the root first) a web instance reads in the background after it starts.</summary>
    public int WarmUpEntries { get; set; } = 1_000;

    /// <summary>
    /// Keep the structure (tree, names, segments, versions; no values) in a local file (<c>published-cache/structure.bin</c>
    /// under the data folder), so a start reads it and catches up from the change feed instead of reading every item.
    /// </summary>
    public bool StructureFile { get; set; } = true;

    /// <summary>How often a running instance writes the file again when its content has changed (and once when it stops).</summary>
    public TimeSpan StructureFileInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A file further behind the change feed than this many changes is not used: reading everything is quicker.</summary>
    public int StructureFileMaxCatchUp { get; set; } = 20_000;

    /// <summary>Items per chunk of the file: a start decodes the chunks side by side.</summary>
    public int StructureFileChunk { get; set; } = 8_192;
}

/// <summary>The change feed's retention: rows older than this are pruned, and a consumer further behind rebuilds.</summary>
public sealed class ChangeFeedOptions
{
    /// <summary>Keep each change for at least this many days (at least 1).</summary>
    public int RetainDays { get; set; } = 30;

    /// <summary>How often an instance prunes what is older (one instance at a time).</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}
