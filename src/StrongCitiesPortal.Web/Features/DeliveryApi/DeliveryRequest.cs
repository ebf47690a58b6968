using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>What one request asks for: its culture, preview or live, its start item, and its expand and fields selections.</summary>
public sealed class DeliveryRequest
{
    public const string StartItemHeader = "Start-Item";
    public const string PreviewHeader = "Preview";
    public const string ApiKeyHeader = "Api-Key";

    public required DeliveryContentView View { get; init; }
    public required string Culture { get; init; }
    public PublishedContent? StartItem { get; init; }
    public required PropertySelection Expand { get; init; }
    public required PropertySelection Fields { get; init; }

    public bool IsPreview => View.IsPreview;

    /// <summary>The same request in another culture.</summary>
    public DeliveryRequest InCulture(string culture) => new()
    {
        View = View,
        Culture = culture,
        StartItem = StartItem,
        Expand = Expand,
        Fields = Fields,
    };

    /// <summary>Whether the request asks for drafts (<c>Preview: true</c>), whatever its key.</summary>
    public static bool WantsPreview(HttpRequest request) =>
        bool.TryParse(request.Headers[PreviewHeader].ToString(), out var preview) && preview;

    /// <summary>The best of the configured cultures for an Accept-Language header: exact, then by language; else the default.</summary>
    public static string ResolveCulture(string? acceptLanguage, IReadOnlyList<string> cultures, string defaultCulture)
    {
        if (string.IsNullOrWhiteSpace(acceptLanguage)
            || !StringWithQualityHeaderValue.TryParseList([acceptLanguage], out var ranges))
            return defaultCulture;
        foreach (var range in ranges.Where(r => r.Quality is not 0).OrderByDescending(r => r.Quality ?? 1))
        {
            var tag = range.Value.ToString();
            var exact = cultures.FirstOrDefault(c => string.Equals(c, tag, StringComparison.OrdinalIgnoreCase));
            if (exact is not null)
                return exact;
            var language = tag.Split('-', 2)[0];
            var neutral = cultures.FirstOrDefault(c => string.Equals(c.Split('-', 2)[0], language, StringComparison.OrdinalIgnoreCase));
            if (neutral is not null)
                return neutral;
        }
        return defaultCulture;
    }
}

/// <summary>Reads a <see cref="DeliveryRequest"/> off the HTTP request.</summary>
public sealed class DeliveryRequestReader(DeliveryContentViews views, PublishedContentCache cache, IOptions<DeliveryApiOptions> options)
{
    /// <exception cref="StartItemNotFoundException">The Start-Item header names no root item.</exception>
    /// <exception cref="DeliveryApiException">The expand or fields parameter cannot be read.</exception>
    public async Task<DeliveryRequest> ReadAsync(HttpContext context, string? expand, string? fields)
    {
        var request = context.Request;
        var preview = DeliveryRequest.WantsPreview(request) && DeliveryApiAccess.HasValidKey(request, options.Value);
        var view = preview ? await views.PreviewAsync(context.RequestAborted) : views.Published;
        var culture = DeliveryRequest.ResolveCulture(request.Headers.AcceptLanguage.ToString(), cache.Cultures, cache.DefaultCulture);
        PublishedContent? startItem = null;
        var startHeader = request.Headers[DeliveryRequest.StartItemHeader].ToString().Trim();
        if (startHeader.Length > 0)
            startItem = FindStartItem(view, startHeader) ?? throw new StartItemNotFoundException();
        return new DeliveryRequest
        {
            View = view,
            Culture = culture,
            StartItem = startItem,
            Expand = PropertySelection.ParseExpand(expand),
            Fields = PropertySelection.ParseFields(fields),
        };
    }

    /// <summary>A root item, by key or by its URL segment in any culture.</summary>
    private static PublishedContent? FindStartItem(DeliveryContentView view, string value)
    {
        if (Guid.TryParse(value, out var key))
            return view.Roots.FirstOrDefault(r => r.Key == key);
        var segment = value.Trim('/');
        return view.Roots.FirstOrDefault(r => r.Variants.Values.Any(v => string.Equals(v.Segment, segment, StringComparison.OrdinalIgnoreCase)));
    }
}

/// <summary>Umbraco answers an unknown Start-Item with 404 and the text "The Start-Item could not be found".</summary>
public sealed class StartItemNotFoundException() : Exception("The Start-Item could not be found");

internal static class DeliveryCultureInfo
{
    public static CultureInfo For(string culture)
    {
        try
        {
            return CultureInfo.GetCultureInfo(culture);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }
}
