using System.Globalization;
using System.Text.RegularExpressions;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

/// <summary><c>contentType:alias</c>, <c>contentType:a,b</c>, <c>contentType:!alias</c>.</summary>
public sealed class ContentTypeFilter : IContentFilter
{
    public const string Specifier = "contentType:";

    public bool CanHandle(string filter) => filter.StartsWith(Specifier, StringComparison.OrdinalIgnoreCase);

    public Func<PublishedContent, bool> Build(string filter, QueryContext context)
    {
        var (negate, value) = QueryValue.Negation(filter[Specifier.Length..]);
        var aliases = QueryValue.List(value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return item => aliases.Contains(item.ContentType) != negate;
    }
}

/// <summary><c>name:text</c>: the name in the request's culture contains the text (any case, any accents); <c>name:!text</c> does not.</summary>
public sealed class NameFilter : IContentFilter
{
    private const string Specifier = "name:";

    public bool CanHandle(string filter) => filter.StartsWith(Specifier, StringComparison.OrdinalIgnoreCase);

    public Func<PublishedContent, bool> Build(string filter, QueryContext context)
    {
        var (negate, value) = QueryValue.Negation(filter[Specifier.Length..]);
        var text = DeliveryContentView.MatchText(value);
        var culture = context.Culture;
        return item => context.View.MatchName(item, culture).Contains(text, StringComparison.Ordinal) != negate;
    }
}

/// <summary>
/// <c>createDate&gt;date</c>, <c>&gt;:</c> (on or after), <c>&lt;</c>, <c>&lt;:</c> (on or before), <c>:</c> (exactly) and <c>:!</c>.
/// A date without a time means midnight UTC.
/// </summary>
public abstract partial class DateFilter(string field, Func<PublishedContent, DateTimeOffset> read) : IContentFilter
{
    public bool CanHandle(string filter) =>
        filter.StartsWith(field, StringComparison.OrdinalIgnoreCase) && filter.Length > field.Length && filter[field.Length] is '>' or '<' or ':';

    public Func<PublishedContent, bool> Build(string filter, QueryContext context)
    {
        var match = Operation().Match(filter[field.Length..]);
        if (!match.Success)
            throw DeliveryApiException.FilterNotFound();
        if (!DateTimeOffset.TryParse(match.Groups["value"].Value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var date))
            throw DeliveryApiException.InvalidFilterValue(filter, "the date must be ISO 8601, like 2024-01-31 or 2024-01-31T09:30:00Z.");
        return match.Groups["op"].Value switch
        {
            ">" => item => read(item) > date,
            ">:" => item => read(item) >= date,
            "<" => item => read(item) < date,
            "<:" => item => read(item) <= date,
            ":" => item => read(item) == date,
            ":!" => item => read(item) != date,
            _ => throw DeliveryApiException.FilterNotFound(),
        };
    }

    [GeneratedRegex("^(?<op>>:|<:|:!|>|<|:)(?<value>[^<>].*)$")]
    private static partial Regex Operation();
}

public sealed class CreateDateFilter() : DateFilter("createDate", item => item.CreateDate);

public sealed class UpdateDateFilter() : DateFilter("updateDate", item => item.UpdateDate);

/// <summary>
/// The portal's filters: <c>theme:</c> and <c>city:</c> (a key or URL segment; items that pick it),
/// <c>country:</c> (ISO code; the item's own countries or its cities'), <c>region:</c> and <c>kind:</c>
/// (the option text or its slug), <c>parent:</c> (a key or path; its direct children).
/// Each takes a comma-separated list (any of them) and a leading <c>!</c> (none of them).
/// </summary>
public abstract class PortalFilter(string specifier) : IContentFilter
{
    public bool CanHandle(string filter) => filter.StartsWith(specifier, StringComparison.OrdinalIgnoreCase);

    public Func<PublishedContent, bool> Build(string filter, QueryContext context)
    {
        var (negate, value) = QueryValue.Negation(filter[specifier.Length..]);
        var values = QueryValue.List(value);
        if (values.Count == 0)
            throw DeliveryApiException.InvalidFilterValue(filter, $"give a value after '{specifier}'.");
        var test = Build(filter, values, context);
        return item => test(item) != negate;
    }

    protected abstract Func<PublishedContent, bool> Build(string filter, IReadOnlyList<string> values, QueryContext context);
}

public abstract class PicksFilter(string specifier, string contentType) : PortalFilter(specifier)
{
    protected override Func<PublishedContent, bool> Build(string filter, IReadOnlyList<string> values, QueryContext context)
    {
        // An unknown theme or city matches nothing, as an unknown content type does.
        var keys = values.Select(v => context.ResolveOfType(v, contentType)?.Key).OfType<Guid>().ToHashSet();
        return item => context.View.Facts(item.Key).References.Overlaps(keys);
    }
}

public sealed class ThemeFilter() : PicksFilter("theme:", "theme");

public sealed class CityFilter() : PicksFilter("city:", "memberCity");

public sealed class CountryFilter() : PortalFilter("country:")
{
    protected override Func<PublishedContent, bool> Build(string filter, IReadOnlyList<string> values, QueryContext context)
    {
        var codes = values.Select(v => v.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        if (codes.FirstOrDefault(c => !Countries.IsCode(c)) is { } unknown)
            throw DeliveryApiException.InvalidFilterValue(filter, $"'{unknown}' is not an ISO 3166-1 alpha-2 country code (GB, FR, ...).");
        return item => context.View.Facts(item.Key).Countries.Overlaps(codes);
    }
}

public sealed class RegionFilter() : PortalFilter("region:")
{
    protected override Func<PublishedContent, bool> Build(string filter, IReadOnlyList<string> values, QueryContext context)
    {
        var keys = values.Select(DeliveryFacts.FilterKey).ToHashSet(StringComparer.Ordinal);
        return item => context.View.Facts(item.Key).Regions.Overlaps(keys);
    }
}

public sealed class KindFilter() : PortalFilter("kind:")
{
    protected override Func<PublishedContent, bool> Build(string filter, IReadOnlyList<string> values, QueryContext context)
    {
        var keys = values.Select(DeliveryFacts.FilterKey).ToHashSet(StringComparer.Ordinal);
        return item => context.View.Facts(item.Key).Kinds.Overlaps(keys);
    }
}

public sealed class ParentFilter() : PortalFilter("parent:")
{
    protected override Func<PublishedContent, bool> Build(string filter, IReadOnlyList<string> values, QueryContext context)
    {
        var parents = values.Select(context.Resolve).OfType<PublishedContent>().Select(p => p.Key).ToHashSet();
        return item => item.ParentKey is { } parent && parents.Contains(parent);
    }
}
