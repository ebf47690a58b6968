using System.Globalization;
using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace StrongCitiesPortal.Content.Markdown;

/// <summary>
/// Renders editor Markdown to HTML. Raw HTML is escaped, and links or images whose address uses a
/// scheme other than http, https, mailto or tel (javascript:, vbscript:, data:, ...) lose their address.
/// </summary>
public sealed class MarkdownRenderer
{
    private static readonly string[] SafeSchemes = ["http", "https", "mailto", "tel"];

    // Built once: building a pipeline is far dearer than rendering with it.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .UseFootnotes()
        .Build();

    [ThreadStatic]
    private static PlainTextRenderer? PlainTextOnThisThread;

    public string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
            return "";
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url))
                link.Url = "";
            if (link.Reference is { } reference && !IsSafeUrl(reference.Url))
                reference.Url = "";
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!autolink.IsEmail && !IsSafeUrl(autolink.Url))
                autolink.Url = "";
        }
        return document.ToHtml(Pipeline);
    }

    /// <summary>The text of the Markdown without markup, for summaries and the search index.</summary>
    public string ToPlainText(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
            return "";
        // As Markdig's own ToPlainText, but with this thread's renderer: making one per text was a third of the work.
        var plain = PlainTextOnThisThread ??= NewPlainTextRenderer();
        plain.Writer.GetStringBuilder().Clear();
        plain.Renderer.Render(Markdig.Markdown.Parse(markdown, Pipeline));
        plain.Writer.Flush();
        return Trimmed(plain.Writer.GetStringBuilder());
    }

    /// <summary>The text without white space at either end, as string.Trim() gives it, copied once.</summary>
    private static string Trimmed(StringBuilder text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && char.IsWhiteSpace(text[start]))
            start++;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
            end--;
        return text.ToString(start, end - start);
    }

    private static PlainTextRenderer NewPlainTextRenderer()
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var renderer = new HtmlRenderer(writer) { EnableHtmlForBlock = false, EnableHtmlForInline = false, EnableHtmlEscape = false };
        Pipeline.Setup(renderer);
        return new PlainTextRenderer(writer, renderer);
    }

    private sealed record PlainTextRenderer(StringWriter Writer, HtmlRenderer Renderer);

    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return true;
        // Browsers ignore control characters and white space inside a scheme ("java\tscript:").
        var compact = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            return true;
        var firstDelimiter = compact.IndexOfAny(['/', '?', '#']);
        if (firstDelimiter >= 0 && firstDelimiter < colon)
            return true;
        var scheme = compact[..colon];
        return SafeSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase);
    }
}
