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

    public string DefaultCulture => Cultures.Count > 0 ? Cultures[0] : "en";

    public IReadOnlyList<string> EffectiveCultures => Cultures.Count > 0 ? Cultures : ["en", "fr", "ar"];
}
