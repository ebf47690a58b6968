namespace StrongCitiesPortal.Search.Indexing;

/// <summary>A facet value as an item carries it: the stable key, and its label per culture where it has one.</summary>
public sealed record FacetValue(string Facet, string Key, IReadOnlyDictionary<string, string> Labels, string? Source = null);

/// <summary>What the index holds for one live item in one culture, before PostgreSQL turns its texts into vectors.</summary>
public sealed class IndexDocument
{
    public required long NodeId { get; init; }
    public required Guid NodeKey { get; init; }
    public required string Culture { get; init; }
    public required int Version { get; init; }
    public required string ContentType { get; init; }
    public required string Configuration { get; init; }
    public required string Name { get; init; }
    public required string Summary { get; init; }
    public required string Keywords { get; init; }
    public required string Body { get; init; }
    public required string Other { get; init; }
    public required DateTimeOffset UpdateDate { get; init; }
    public required DateTimeOffset SortDate { get; init; }
    public required double Boost { get; init; }
    public required IReadOnlyList<FacetValue> Facets { get; init; }
    public required int[] Phrases { get; init; }
    public required IReadOnlyCollection<string> Words { get; init; }
}
