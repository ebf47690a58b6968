using System.Globalization;
using System.Text.RegularExpressions;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Delivery;

namespace StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

/// <summary><c>contentType:alias</c>, <c>contentType:a,b</c>, <c>contentType:!alias</c> (aliases in any case).</summary>
public sealed class ContentTypeFilter(DocumentTypeRegistry types) : IContentFilter
{
    public const string Specifier = "contentType:";

    public bool CanHandle(string filter) => filter.StartsWith(Specifier, StringComparison.OrdinalIgnoreCase);

    public ContentCondition Build(string filter, QueryContext context)
    {
        var (negate, value) = QueryValue.Negation(filter[Specifier.Length..]);
        var aliases = QueryValue.List(value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // The index holds aliases as the document types spell them; an unknown one matches nothing.
        var known = types.All.Select(t => t.Alias).Where(aliases.Contains).ToList();
        return ContentCondition.AnyOf(DeliveryField.ContentType, known, negate, item => aliases.Contains(item.ContentType));
    }
}

/// <summary><c>name:text</c>: the name in the request's culture contains the text (any case, any accents); <c>name:!text</c> does not.</summary>
public sealed class NameFilter : IContentFilter
{
    private const string Specifier = "name:";

    public bool CanHandle(string filter) => filter.StartsWith(Specifier, StringComparison.OrdinalIgnoreCase);

    public ContentCondition Build(string filter, QueryContext context)
    {
        var (negate, value) = QueryValue.Negation(filter[Specifier.Length..]);
        var text = DeliveryText.Match(value);
        var culture = context.Culture;
        return new ContentCondition(new DeliveryCondition.NameContains(value) { Negate = negate },
            item => DeliveryText.Match(item.Variant(culture)?.Name ?? "").Contains(text, StringComparison.Ordinal) != negate);
    }
}

/// <summary>
/// <c>createDate&gt;date</c>, <c>&gt;:</c> (on or after), <c>&lt;</c>, <c>&lt;:</c> (on or before), <c>:</c> (exactly) and <c>:!</c>.
/// A date without a time means midnight UTC.
/// </summary>
public abstract partial class DateFilter(string field, DeliveryDateField dateField, Func<PublishedContent, DateTimeOffset> read) : IContentFilter
{
    public bool CanHandle(string filter) =>
        filter.StartsWith(field, StringComparison.OrdinalIgnoreCase) && filter.Length > field.Length && filter[field.Length] is '>' or '<' or ':';

    public ContentCondition Build(string filter, QueryContext context)
    {
        var match = Operation().Match(filter[field.Length..]);
        if (!match.Success)
            throw DeliveryApiException.FilterNotFound();
        if (!DateTimeOffset.TryParse(match.Groups["value"].Value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var date))
            throw DeliveryApiException.InvalidFilterValue(filter, "the date must be ISO 8601, like 2024-01-31 or 2024-01-31T09:30:00Z.");
        (DateComparison Comparison, Func<PublishedContent, bool> Test) operation = match.Groups["op"].Value switch
        {
            ">" => (DateComparison.After, item => read(item) > date),
            ">:" => (DateComparison.From, item => read(item) >= date),
            "<" => (DateComparison.Before, item => read(item) < date),
            "<:" => (DateComparison.Until, item => read(item) <= date),
            ":" => (DateComparison.Exactly, item => read(item) == date),
            ":!" => (DateComparison.NotExactly, item => read(item) != date),
            _ => throw DeliveryApiException.FilterNotFound(),
        };
        return new ContentCondition(new DeliveryCondition.Date(dateField, operation.Comparison, date), operation.Test);
    }

    [GeneratedRegex("^(?<op>>:|<:|:!|>|<|:)(?<value>[^<>].*)$")]
    private static partial Regex Operation();
}

public sealed class CreateDateFilter() : DateFilter("createDate", DeliveryDateField.CreateDate, item => item.CreateDate);

public sealed class UpdateDateFilter() : DateFilter("updateDate", DeliveryDateField.UpdateDate, item => item.UpdateDate);

/// <summary>
/// The portal's filters: <c>theme:</c> and <c>city:</c> (a key or URL segment; items that pick it),
/// <c>country:</c> (ISO code; the item's own countries or its cities'), <c>region:</c> and <c>kind:</c>
/// (the option text or its slug), <c>parent:</c> (a key or path; its direct children).
/// Each takes a comma-separated list (any of them) and a leading <c>!</c> (none of them).
/// </summary>
public abstract class PortalFilter(string specifier) : IContentFilter
{
    public bool CanHandle(string filter) => filter.StartsWith(specifier, StringComparison.OrdinalIgnoreCase);

    public ContentCondition Build(string filter, QueryContext context)
    {
        var (negate, value) = QueryValue.Negation(filter[specifier.Length..]);
        var values = QueryValue.List(value);
        if (values.Count == 0)
            throw DeliveryApiException.InvalidFilterValue(filter, $"give a value after '{specifier}'.");
        var (field, keys, test) = Build(filter, values, context);
        return ContentCondition.AnyOf(field, keys, negate, test);
    }

    /// <summary>The field, the values it holds for these filter values, and the same test on one item.</summary>
    protected abstract (DeliveryField Field, IReadOnlyCollection<string> Values, Func<PublishedContent, bool> Test) Build(
        string filter, IReadOnlyList<string> values, QueryContext context);
}

public abstract class PicksFilter(string specifier, string contentType) : PortalFilter(specifier)
{
    protected override (DeliveryField, IReadOnlyCollection<string>, Func<PublishedContent, bool>) Build(string filter, IReadOnlyList<string> values, QueryContext context)
    {
        // An unknown theme or city matches nothing, as an unknown content type does.
        var keys = values.Select(v => context.ResolveOfType(v, contentType)?.Key).OfType<Guid>().ToHashSet();
        return (DeliveryField.References, [.. keys.Select(k => k.ToString())], item => context.Facts(item).References.Overlaps(keys));
    }
}

public sealed class ThemeFilter() : PicksFilter("theme:", "theme");

public sealed class CityFilter() : PicksFilter("city:", "memberCity");

public sealed class CountryFilter() : PortalFilter("country:")
{
    protected override (DeliveryField, IReadOnlyCollection<string>, Func<PublishedContent, bool>) Build(string filter, IReadOnlyList<string> values, QueryContext context)
    {
        var codes = values.Select(v => v.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        if (codes.FirstOrDefault(c => !Countries.IsCode(c)) is { } unknown)
            throw DeliveryApiException.InvalidFilterValue(filter, $"'{unknown}' is not an ISO 3166-1 alpha-2 country code (GB, FR, ...).");
        return (DeliveryField.Country, codes, item => context.Facts(item).Countries.Overlaps(codes));
    }
}

public sealed class RegionFilter() : PortalFilter("region:")
{
    protected override (DeliveryField, IReadOnlyCollection<string>, Func<PublishedContent, bool>) Build(string filter, IReadOnlyList<string> values, QueryContext context)
    {
        var keys = values.Select(DeliveryText.FilterKey).ToHashSet(StringComparer.Ordinal);
        return (DeliveryField.Region, keys, item => context.Facts(item).Regions.Overlaps(keys));
    }
}

public sealed class KindFilter() : PortalFilter("kind:")
{
    protected override (DeliveryField, IReadOnlyCollection<string>, Func<PublishedContent, bool>) Build(string filter, IReadOnlyList<string> values, QueryContext context)
    {
        var keys = values.Select(DeliveryText.FilterKey).ToHashSet(StringComparer.Ordinal);
        return (DeliveryField.Kind, keys, item => context.Facts(item).Kinds.Overlaps(keys));
    }
}

public sealed class ParentFilter() : PortalFilter("parent:")
{
    protected override (DeliveryField, IReadOnlyCollection<string>, Func<PublishedContent, bool>) Build(string filter, IReadOnlyList<string> values, QueryContext context)
    {
        var parents = values.Select(context.Resolve).OfType<PublishedContent>().Select(p => p.Key).ToHashSet();
        return (DeliveryField.Parent, [.. parents.Select(p => p.ToString())], item => item.ParentKey is { } parent && parents.Contains(parent));
    }
}
