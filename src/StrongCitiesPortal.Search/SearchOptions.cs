namespace StrongCitiesPortal.Search;

public sealed class SearchOptions
{
    public const string Section = "Portal:Search";

    /// <summary>The folder with <c>facets.json</c>, <c>index.json</c> and <c>synonyms.json</c>; the content model's <c>search/</c> by default.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>The PostgreSQL text-search configuration per culture; cultures not listed use <c>portal_simple</c>.</summary>
    public Dictionary<string, string> TextConfigurations { get; set; } = new(StringComparer.Ordinal)
    {
        ["en"] = "portal_english",
        ["fr"] = "portal_french",
        ["ar"] = "portal_arabic",
    };

    /// <summary>Longer queries are refused with a message rather than run.</summary>
    public int MaxQueryLength { get; set; } = 200;

    /// <summary>At most this many words and phrases of a query are used.</summary>
    public int MaxQueryTerms { get; set; } = 12;

    public int MaxTake { get; set; } = 100;

    public int MaxSkip { get; set; } = 10_000;

    /// <summary>Up to this many matches (estimated) every match is ranked on its whole text; above it, the best candidates are.</summary>
    public int ExactRankLimit { get; set; } = 1_000;

    /// <summary>Above this many matches (estimated), facets are counted with bitmaps rather than row by row.</summary>
    public int BitmapFacetThreshold { get; set; } = 4_000;

    /// <summary>How many candidates a large match set offers to the exact ranking.</summary>
    public int RankCandidates { get; set; } = 120;

    /// <summary>Up to this many matches, a search sorted by name sorts them all; beyond it, it walks the name index.</summary>
    public int NameSortLimit { get; set; } = 3_000;

    /// <summary>Words of at least this many letters are corrected when they are not in the index.</summary>
    public int TypoMinLength { get; set; } = 5;

    /// <summary>A reindex keeps a bitmap of the rows holding each lexeme found in at least this share of rows (and this many).</summary>
    public double TermBitmapShare { get; set; } = 0.01;

    public int TermBitmapMinRows { get; set; } = 1_000;

    /// <summary>How many connections a reindex writes through at once.</summary>
    public int ReindexConnections { get; set; } = 2;

    public string TextConfiguration(string culture) =>
        TextConfigurations.TryGetValue(culture, out var configuration) ? configuration : "portal_simple";
}
