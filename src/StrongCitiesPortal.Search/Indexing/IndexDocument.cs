using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Delivery;

namespace StrongCitiesPortal.Search.Indexing;

/// <summary>A facet value as an item carries it: the stable key, and its label per culture where it has one.</summary>
public sealed record FacetValue(string Facet, string Key, IReadOnlyDictionary<string, string> Labels);

/// <summary>What the index holds for one live item in one culture.</summary>
public sealed class IndexDocument
{
    public required Guid NodeKey { get; init; }
    public required string Culture { get; init; }
    public required int Version { get; init; }
    public required string ContentType { get; init; }
    public required string Name { get; init; }
    public required string Summary { get; init; }
    public required string Keywords { get; init; }
    public required string Body { get; init; }
    public required string Other { get; init; }
    public required DateTimeOffset UpdateDate { get; init; }

    /// <summary>The item's own date (a practice's, an event's), if it has one: "newest first" puts items without one last.</summary>
    public required DateTimeOffset? ContentDate { get; init; }

    /// <summary>The date recency is reckoned from: the item's own, else when it was published.</summary>
    public required DateTimeOffset RecencyDate { get; init; }

    public required double Boost { get; init; }
    public required IReadOnlyList<FacetValue> Facets { get; init; }

    /// <summary>The cultures whose visitors find the item in this culture (each item shows once per visitor, in the best culture it has).</summary>
    public required IReadOnlyList<string> Views { get; init; }

    /// <summary>Items this one shows text or facet values of: when they change, this one is indexed again.</summary>
    public required IReadOnlyCollection<Guid> Picks { get; init; }

    /// <summary>What items that pick this one copy from it (<see cref="IndexDocumentBuilder.SourceOf"/>).</summary>
    public required string Source { get; init; }

    public required IReadOnlyCollection<string> Words { get; init; }

    /// <summary>The text of one part of the item.</summary>
    public string Text(FieldRole role) => role switch
    {
        FieldRole.Name => Name,
        FieldRole.Summary => Summary,
        FieldRole.Keywords => Keywords,
        FieldRole.Body => Body,
        FieldRole.Other => Other,
        _ => "",
    };

    /// <summary>What the Delivery API's queries read (null: the document is not delivered).</summary>
    public DeliveryFields? Delivery { get; init; }
}

/// <summary>
/// What the Delivery API's content queries read of an item: its place in the tree, its dates, the cultures a request
/// finds this document in (its own; every culture for a type that does not vary by culture), and its facts.
/// </summary>
public sealed record DeliveryFields(
    long NodeId,
    IReadOnlyList<Guid> AncestorKeys,
    int Level,
    int SortOrder,
    DateTimeOffset CreateDate,
    IReadOnlyList<string> Cultures,
    DeliveryFacts Facts);
