using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Html;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Markdown;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web;

/// <summary>Turns published property values into encoded HTML, by editor kind.</summary>
public sealed class ContentRendering(DocumentTypeRegistry types, PublishedContentCache cache, MarkdownRenderer markdown,
    Microsoft.Extensions.Options.IOptions<Features.Shared.PortalSiteOptions> options)
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    // Keyed by the Markdown text itself: the same text always renders the same, so an entry can never be stale.
    private readonly RenderedMarkdown _rendered = new(options.Value.RenderedMarkdownMegabytes * 1024L * 1024L);

    /// <summary>The public URL of a route in a culture: the default culture has no prefix.</summary>
    public string Url(string route, string culture) =>
        culture == cache.DefaultCulture ? route : $"/{culture}{route}";

    public string? UrlOf(Guid key, string culture)
    {
        var route = cache.Route(key, culture);
        if (route is not null)
            return Url(route, culture);
        route = cache.Route(key, cache.DefaultCulture);
        return route is null ? null : Url(route, cache.DefaultCulture);
    }

    public string NameOf(Guid key, string culture)
    {
        var item = cache.Get(key);
        return item?.Variant(culture)?.Name ?? item?.Variant(cache.DefaultCulture)?.Name ?? item?.Variants.Values.FirstOrDefault()?.Name ?? "";
    }

    public IHtmlContent Markdown(string? text) => new HtmlString(ToHtml(text));

    /// <summary>The Markdown's safe HTML, rendered once per text while it stays among the recently used.</summary>
    public string ToHtml(string? text) =>
        string.IsNullOrEmpty(text) ? markdown.ToHtml(text) : _rendered.Get(text, markdown.ToHtml);

    public IHtmlContent Property(PropertyType property, JsonElement value, string culture)
    {
        var html = new StringBuilder();
        Render(property, value, culture, html);
        return new HtmlString(html.ToString());
    }

    private void Render(PropertyType property, JsonElement value, string culture, StringBuilder html)
    {
        switch (property.Kind)
        {
            case EditorKind.Markdown:
                html.Append(ToHtml(value.ValueKind == JsonValueKind.String ? value.GetString() : ""));
                break;
            case EditorKind.TextArea:
                foreach (var paragraph in (value.GetString() ?? "").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
                    html.Append("<p>").Append(Encoder.Encode(paragraph.Trim())).Append("</p>");
                break;
            case EditorKind.Url when value.ValueKind == JsonValueKind.String && MarkdownRenderer.IsSafeUrl(value.GetString()):
                html.Append("<a href=\"").Append(Encoder.Encode(value.GetString()!)).Append("\" rel=\"noopener\">")
                    .Append(Encoder.Encode(value.GetString()!)).Append("</a>");
                break;
            case EditorKind.Email when value.ValueKind == JsonValueKind.String:
                html.Append("<a href=\"mailto:").Append(Encoder.Encode(value.GetString()!)).Append("\">")
                    .Append(Encoder.Encode(value.GetString()!)).Append("</a>");
                break;
            case EditorKind.ContentPicker:
                html.Append("<ul class=\"links\">");
                foreach (var key in Keys(value))
                {
                    var url = UrlOf(key, culture);
                    var name = Encoder.Encode(NameOf(key, culture));
                    if (name.Length == 0)
                        continue;
                    html.Append("<li>");
                    html.Append(url is null ? name : $"<a href=\"{Encoder.Encode(url)}\">{name}</a>");
                    html.Append("</li>");
                }
                html.Append("</ul>");
                break;
            case EditorKind.Country:
                html.Append(Encoder.Encode(string.Join(", ", Strings(value).Select(Countries.EnglishName))));
                break;
            case EditorKind.Tags or EditorKind.Dropdown:
                html.Append(Encoder.Encode(string.Join(", ", Strings(value))));
                break;
            case EditorKind.Boolean:
                html.Append(value.ValueKind == JsonValueKind.True ? "Yes" : "No");
                break;
            case EditorKind.Date when DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                html.Append("<time datetime=\"").Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\">")
                    .Append(Encoder.Encode(date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo(culture)))).Append("</time>");
                break;
            case EditorKind.GeoLocation when value.ValueKind == JsonValueKind.Object:
                html.Append(Encoder.Encode($"{value.GetProperty("lat").GetDouble().ToString(CultureInfo.InvariantCulture)}, {value.GetProperty("lng").GetDouble().ToString(CultureInfo.InvariantCulture)}"));
                break;
            case EditorKind.BlockList when value.ValueKind == JsonValueKind.Array:
                var number = 0;
                foreach (var block in value.EnumerateArray())
                {
                    number++;
                    if (!block.TryGetProperty("contentType", out var alias) || types.Find(alias.GetString() ?? "") is not { } element)
                        continue;
                    var values = block.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
                    html.Append("<section class=\"block block-").Append(Encoder.Encode(element.Alias)).Append("\">");
                    foreach (var inner in element.Properties)
                    {
                        if (values.ValueKind != JsonValueKind.Object || !values.TryGetProperty(inner.Alias, out var innerValue) || innerValue.ValueKind == JsonValueKind.Null)
                            continue;
                        if (inner.Alias is "heading" or "title")
                        {
                            html.Append("<h3>").Append(number.ToString(CultureInfo.InvariantCulture)).Append(". ")
                                .Append(Encoder.Encode(innerValue.GetString() ?? "")).Append("</h3>");
                            continue;
                        }
                        html.Append("<div class=\"block-property\"><span class=\"label\">").Append(Encoder.Encode(inner.Name)).Append("</span> ");
                        Render(inner, innerValue, culture, html);
                        html.Append("</div>");
                    }
                    html.Append("</section>");
                }
                break;
            default:
                html.Append(Encoder.Encode(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()));
                break;
        }
    }

    private static IEnumerable<string> Strings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!),
        _ => [],
    };

    private static IEnumerable<Guid> Keys(JsonElement value) =>
        Strings(value).Select(s => Guid.TryParse(s, out var key) ? key : Guid.Empty).Where(k => k != Guid.Empty);
}

/// <summary>Rendered Markdown by its text, least recently used first out, bounded by the characters held (text and HTML).</summary>
internal sealed class RenderedMarkdown(long maxBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Text, string Html)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, string Html)> _recency = new();
    private long _bytes;

    public int Count
    {
        get
        {
            lock (_gate)
                return _entries.Count;
        }
    }

    public string Get(string text, Func<string, string> render)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(text, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Html;
            }
        }
        var html = render(text);
        var weight = Weight(text, html);
        if (weight > maxBytes / 4)
            return html;
        lock (_gate)
        {
            if (_entries.ContainsKey(text))
                return html;
            _entries[text] = _recency.AddFirst((text, html));
            _bytes += weight;
            while (_bytes > maxBytes && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Text);
                _bytes -= Weight(oldest.Value.Text, oldest.Value.Html);
            }
        }
        return html;
    }

    private static long Weight(string text, string html) => 64 + (2L * (text.Length + html.Length));
}
