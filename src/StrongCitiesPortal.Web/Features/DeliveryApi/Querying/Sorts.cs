using StrongCitiesPortal.Search.Delivery;

namespace StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

/// <summary><c>field:asc</c> or <c>field:desc</c>; any other direction is not a sort option.</summary>
public abstract class FieldSort(string field, DeliverySortField sortField) : IContentSort
{
    private readonly string _specifier = field + ":";

    public bool CanHandle(string sort) =>
        sort.StartsWith(_specifier, StringComparison.OrdinalIgnoreCase)
        && sort[_specifier.Length..] is var direction
        && (direction.Equals("asc", StringComparison.OrdinalIgnoreCase) || direction.Equals("desc", StringComparison.OrdinalIgnoreCase));

    public DeliverySort Build(string sort, QueryContext context) =>
        new(sortField, Descending: sort[_specifier.Length..].Equals("desc", StringComparison.OrdinalIgnoreCase));
}

public sealed class CreateDateSort() : FieldSort("createDate", DeliverySortField.CreateDate);

public sealed class UpdateDateSort() : FieldSort("updateDate", DeliverySortField.UpdateDate);

public sealed class LevelSort() : FieldSort("level", DeliverySortField.Level);

public sealed class SortOrderSort() : FieldSort("sortOrder", DeliverySortField.SortOrder);

/// <summary>By name in the request's culture, in that culture's alphabetical order, ignoring case.</summary>
public sealed class NameSort() : FieldSort("name", DeliverySortField.Name);
