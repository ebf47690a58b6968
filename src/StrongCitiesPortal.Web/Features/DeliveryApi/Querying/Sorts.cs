using System.Globalization;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

/// <summary><c>field:asc</c> or <c>field:desc</c>; any other direction is not a sort option.</summary>
public abstract class FieldSort(string field) : IContentSort
{
    private readonly string _specifier = field + ":";

    public bool CanHandle(string sort) =>
        sort.StartsWith(_specifier, StringComparison.OrdinalIgnoreCase)
        && sort[_specifier.Length..] is var direction
        && (direction.Equals("asc", StringComparison.OrdinalIgnoreCase) || direction.Equals("desc", StringComparison.OrdinalIgnoreCase));

    public Comparison<PublishedContent> Build(string sort, QueryContext context)
    {
        var ascending = sort[_specifier.Length..].Equals("asc", StringComparison.OrdinalIgnoreCase);
        var compare = Compare(context);
        return ascending ? compare : (a, b) => compare(b, a);
    }

    protected abstract Comparison<PublishedContent> Compare(QueryContext context);
}

public sealed class CreateDateSort() : FieldSort("createDate")
{
    protected override Comparison<PublishedContent> Compare(QueryContext context) => (a, b) => a.CreateDate.CompareTo(b.CreateDate);
}

public sealed class UpdateDateSort() : FieldSort("updateDate")
{
    protected override Comparison<PublishedContent> Compare(QueryContext context) => (a, b) => a.UpdateDate.CompareTo(b.UpdateDate);
}

public sealed class LevelSort() : FieldSort("level")
{
    protected override Comparison<PublishedContent> Compare(QueryContext context) => (a, b) => a.Level.CompareTo(b.Level);
}

public sealed class SortOrderSort() : FieldSort("sortOrder")
{
    protected override Comparison<PublishedContent> Compare(QueryContext context) => (a, b) => a.SortOrder.CompareTo(b.SortOrder);
}

/// <summary>By name in the request's culture, in that culture's alphabetical order.</summary>
public sealed class NameSort() : FieldSort("name")
{
    protected override Comparison<PublishedContent> Compare(QueryContext context)
    {
        var compare = DeliveryCultureInfo.For(context.Culture).CompareInfo;
        return (a, b) => compare.Compare(context.NameOf(a), context.NameOf(b), CompareOptions.IgnoreCase);
    }
}
