namespace StrongCitiesPortal.Search.Delivery;

/// <summary>What a condition of a Delivery API query tests (each a field of the index, see <c>SearchSchema</c>).</summary>
public enum DeliveryField
{
    Key,
    ContentType,
    Parent,
    Ancestor,
    References,
    Country,
    Region,
    Kind,
}

public enum DeliveryDateField
{
    CreateDate,
    UpdateDate,
}

public enum DateComparison
{
    After,
    From,
    Before,
    Until,
    Exactly,
    NotExactly,
}

public enum DeliverySortField
{
    CreateDate,
    UpdateDate,
    Level,
    SortOrder,
    Name,
}

/// <summary>One condition every result meets (or, negated, none does).</summary>
public abstract record DeliveryCondition
{
    public bool Negate { get; init; }

    /// <summary>The field holds any of the values (none of them, negated). No values: nothing matches.</summary>
    public sealed record AnyOf(DeliveryField Field, IReadOnlyCollection<string> Values) : DeliveryCondition;

    /// <summary>The name in the query's culture contains the text, ignoring case and accents.</summary>
    public sealed record NameContains(string Text) : DeliveryCondition;

    public sealed record Date(DeliveryDateField Field, DateComparison Comparison, DateTimeOffset Value) : DeliveryCondition;
}

public sealed record DeliverySort(DeliverySortField Field, bool Descending);

/// <summary>
/// A Delivery API content query on the index: live documents in the culture, every condition met, ordered by the
/// sorts and then in tree order (depth first, children by sort order), a page of keys and the total.
/// </summary>
public sealed class DeliveryQuery
{
    public required string Culture { get; init; }
    public IReadOnlyList<DeliveryCondition> Conditions { get; init; } = [];
    public IReadOnlyList<DeliverySort> Sorts { get; init; } = [];
    public int Skip { get; init; }
    public int Take { get; init; } = 10;

    /// <summary>Document types never delivered.</summary>
    public IReadOnlyCollection<string> ExcludeTypes { get; init; } = [];

    /// <summary>Items to leave out (preview answers them from their drafts).</summary>
    public IReadOnlyCollection<Guid> ExcludeKeys { get; init; } = [];
}

public sealed record DeliveryQueryResult(int Total, IReadOnlyList<Guid> Keys);
