using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

/// <summary>
/// What a sort orders by: a number per item, read once per item and query (dates as ticks, names as their
/// alphabetical rank), so sorting a large result compares numbers only.
/// </summary>
public sealed record ContentSortKey(Func<PublishedContent, long> Key, bool Descending);

/// <summary><c>field:asc</c> or <c>field:desc</c>; any other direction is not a sort option.</summary>
public abstract class FieldSort(string field) : IContentSort
{
    private readonly string _specifier = field + ":";

    public bool CanHandle(string sort) =>
        sort.StartsWith(_specifier, StringComparison.OrdinalIgnoreCase)
        && sort[_specifier.Length..] is var direction
        && (direction.Equals("asc", StringComparison.OrdinalIgnoreCase) || direction.Equals("desc", StringComparison.OrdinalIgnoreCase));

    public ContentSortKey Build(string sort, QueryContext context) =>
        new(Key(context), Descending: sort[_specifier.Length..].Equals("desc", StringComparison.OrdinalIgnoreCase));

    protected abstract Func<PublishedContent, long> Key(QueryContext context);
}

public sealed class CreateDateSort() : FieldSort("createDate")
{
    protected override Func<PublishedContent, long> Key(QueryContext context) => item => item.CreateDate.UtcTicks;
}

public sealed class UpdateDateSort() : FieldSort("updateDate")
{
    protected override Func<PublishedContent, long> Key(QueryContext context) => item => item.UpdateDate.UtcTicks;
}

public sealed class LevelSort() : FieldSort("level")
{
    protected override Func<PublishedContent, long> Key(QueryContext context) => item => item.Level;
}

public sealed class SortOrderSort() : FieldSort("sortOrder")
{
    protected override Func<PublishedContent, long> Key(QueryContext context) => item => item.SortOrder;
}

/// <summary>By name in the request's culture, in that culture's alphabetical order (ranks worked out once per picture of the content).</summary>
public sealed class NameSort() : FieldSort("name")
{
    protected override Func<PublishedContent, long> Key(QueryContext context)
    {
        var culture = context.Culture;
        return item => context.View.NameRank(item, culture);
    }
}
