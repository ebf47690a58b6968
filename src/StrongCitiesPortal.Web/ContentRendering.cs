using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Html;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Markdown;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Web.PropertyEditors;

namespace StrongCitiesPortal.Web;

/// <summary>Turns published property values into encoded HTML, each by its editor's web companion.</summary>
public sealed class ContentRendering(DocumentTypeRegistry types, PublishedContentCache cache, MarkdownRenderer markdown,
    PropertyEditorWebCollection editors, Microsoft.Extensions.Options.IOptions<Features.Shared.PortalSiteOptions> options)
{
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

    /// <summary>Appends a value's HTML, as its editor's web companion writes it.</summary>
    public void Render(PropertyType property, JsonElement value, string culture, StringBuilder html) =>
        editors.For(property).Render(property, value, culture, html, this);

    public DocumentTypeRegistry Types => types;
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
