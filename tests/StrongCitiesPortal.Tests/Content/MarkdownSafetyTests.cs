using Markdig;
using StrongCitiesPortal.Content.Markdown;

namespace StrongCitiesPortal.Tests.Content;

[Category("Unit")]
public sealed class MarkdownSafetyTests
{
    private readonly MarkdownRenderer _markdown = new();

    // input, a fragment the output must contain, a fragment it must never contain
    [TestCase("<script>alert(1)</script>", "&lt;script&gt;", "<script")]
    [TestCase("Hello <b onclick=\"x()\">you</b>", "&lt;b onclick", "<b ")]
    [TestCase("<img src=x onerror=alert(1)>", "&lt;img", "<img")]
    [TestCase("[click](javascript:alert(1))", "<a href=\"\">click</a>", "javascript:")]
    [TestCase("[click](JaVaScRiPt:alert(1))", "click", "avascript")]
    [TestCase("[click](java\tscript:alert(1))", "click", "href=\"java")]
    [TestCase("[click](&#106;avascript:alert(1))", "click", "href=\"javascript")]
    [TestCase("[click]( javascript:alert(1))", "click", "href=\"javascript")]
    [TestCase("[click](vbscript:msgbox)", "click", "vbscript:")]
    [TestCase("[click](data:text/html;base64,PHNjcmlwdD4=)", "click", "data:")]
    [TestCase("![pic](javascript:alert(1))", "pic", "javascript:")]
    [TestCase("[ref][1]\n\n[1]: javascript:alert(1)", "ref", "javascript:")]
    [TestCase("<javascript:alert(1)>", "", "href=\"javascript")]
    [TestCase("[safe](https://example.org/a?b=1)", "<a href=\"https://example.org/a?b=1\">safe</a>", "javascript")]
    [TestCase("[mail](mailto:focal@example.org)", "href=\"mailto:focal@example.org\"", "javascript")]
    [TestCase("[page](/practices/ireportit/)", "href=\"/practices/ireportit/\"", "javascript")]
    [TestCase("**bold** and _it_", "<strong>bold</strong>", "<script")]
    [TestCase("| a | b |\n|---|---|\n| 1 | 2 |", "<table>", "<script")]
    [TestCase("Text {onclick=alert(1)}", "{onclick=alert(1)}", " onclick=\"")]
    public void Editor_markdown_can_never_inject_script(string input, string mustContain, string mustNotContain)
    {
        var html = _markdown.ToHtml(input);

        html.ShouldContain(mustContain);
        html.ShouldNotContain(mustNotContain, Case.Insensitive);
    }

    [Test]
    public void Plain_text_drops_the_markup()
    {
        _markdown.ToPlainText("## Title\n\nSome **bold** [link](https://x.org)").ShouldBe("Title\nSome bold link");
    }

    [Test]
    public void Plain_text_from_a_reused_renderer_is_what_Markdig_gives_from_a_new_one()
    {
        string[] texts =
        [
            "## Title\n\nSome **bold** [link](https://x.org)",
            "- one\n- two\n  - nested *deep*\n\n1. first\n2. second",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "A footnote[^1] here.\n\n[^1]: The note, with `code`.",
            "> a quote\n> on two lines\n\n```\nfenced code\n```",
            "- [x] done\n- [ ] to do",
            "Text ending without a line break",
            "   \n\nLeading blank lines, ~~struck~~ and ==marked== text\n\n\n",
            "<b>raw html</b> and www.example.org",
        ];
        var pipeline = new MarkdownPipelineBuilder().DisableHtml().UsePipeTables().UseEmphasisExtras().UseListExtras()
            .UseTaskLists().UseAutoLinks().UseFootnotes().Build();

        // Twice through, so every text follows a different one on the same renderer.
        foreach (var text in texts.Concat(texts.Reverse()))
            _markdown.ToPlainText(text).ShouldBe(Markdig.Markdown.ToPlainText(text, pipeline).Trim(), text);
    }
}
