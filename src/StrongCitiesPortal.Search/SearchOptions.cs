namespace StrongCitiesPortal.Search;

public sealed class SearchOptions
{
    public const string Section = "Portal:Search";

    /// <summary>The folder with <c>facets.json</c>, <c>index.json</c> and <c>synonyms.json</c>; the content model's <c>search/</c> by default.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>Where this instance keeps its Lucene index; <c>search-index</c> in the data folder by default. Each instance needs its own.</summary>
    public string IndexPath { get; set; } = "";

    /// <summary>Longer queries are refused with a message rather than run.</summary>
    public int MaxQueryLength { get; set; } = 200;

    /// <summary>At most this many words and phrases of a query are used.</summary>
    public int MaxQueryTerms { get; set; } = 12;

    public int MaxTake { get; set; } = 100;

    public int MaxSkip { get; set; } = 10_000;

    /// <summary>Words of at least this many letters are corrected when they are not in the index.</summary>
    public int TypoMinLength { get; set; } = 5;

    /// <summary>How often the index looks at the change feed when no NOTIFY has woken it (a fallback).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Changes are searchable as soon as they are applied; they are committed to disk at most this often.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a search waits for this instance's own latest change to reach the index before answering without it.</summary>
    public TimeSpan ReadYourWritesTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
