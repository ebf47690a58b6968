using System.Net;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>Two people editing the same item: the second save is refused, shown what changed, and loses nothing.</summary>
[Category("Database")]
public sealed class ConcurrentEditTests
{
    [Test]
    public async Task The_second_save_is_refused_with_what_changed_and_both_edits_survive_the_next_save()
    {
        await using var portal = await BackofficePortal.StartAsync("concurrent");
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        using var writer = await portal.SignInAsync(BackofficePortal.Writer);
        var url = $"/backoffice/content/{BackofficePortal.London}";

        // Both open version N.
        var editorPage = await editor.PageAsync(url);
        var writerPage = await writer.PageAsync(url);
        var opened = (await portal.Content.GetAsync(BackofficePortal.London))!.Version;

        // The Editor changes the summary and saves first.
        (await editor.SubmitAsync(url, editorPage.Form("#edit-form"),
            new Dictionary<string, string?> { ["p.summary"] = "Summary edited by the Editor." }, button: "save")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The Writer changed the website and, separately, the summary too; their save is refused.
        var refused = await writer.SubmitAsync(url, writerPage.Form("#edit-form"), new Dictionary<string, string?>
        {
            ["p.website"] = "https://www.london.gov.uk/prevention",
            ["p.focalPointName"] = "A. Focal",
        }, button: "save");

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await portal.Content.GetAsync(BackofficePortal.London))!.Version.ShouldBe(opened + 1);
        var conflict = await refused.DocumentAsync();
        var notice = conflict.QuerySelector(".bo-conflict")!;
        notice.TextContent.ShouldContain($"version {opened}");
        notice.TextContent.ShouldContain(BackofficePortal.Editor);
        notice.QuerySelector("tr[data-field=summary] td.right")!.TextContent.ShouldContain("Summary edited by the Editor.");
        notice.QuerySelectorAll("tr.changed").Length.ShouldBe(1);

        // The form now carries both: the Writer's edits on top of the Editor's version.
        var form = conflict.Form("#edit-form");
        form.QuerySelector("input[name=basedOn]")!.GetAttribute("value").ShouldBe((opened + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        form.QuerySelector("input[name='p.website']")!.GetAttribute("value").ShouldBe("https://www.london.gov.uk/prevention");
        form.QuerySelector("textarea[name='p.summary']")!.TextContent.Trim().ShouldBe("Summary edited by the Editor.");

        // Saving again keeps both edits.
        (await writer.SubmitAsync(url, form, button: "save")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var saved = (await portal.Content.GetAsync(BackofficePortal.London))!;
        saved.Version.ShouldBe(opened + 2);
        saved.Data.Value("summary", "en")!.Value.GetString().ShouldBe("Summary edited by the Editor.");
        saved.Data.Value("website", "en")!.Value.GetString().ShouldBe("https://www.london.gov.uk/prevention");
        saved.Data.Value("focalPointName", "en")!.Value.GetString().ShouldBe("A. Focal");

        var audit = await portal.Audit.QueryAsync(new AuditQuery(Subject: BackofficePortal.London, Action: "save-conflict"));
        audit.ShouldHaveSingleItem().User.ShouldBe(BackofficePortal.Writer);
        audit[0].FromVersion.ShouldBe(opened);
        audit[0].ToVersion.ShouldBe(opened + 1);
    }

    [Test]
    public async Task When_both_change_the_same_field_the_form_keeps_yours_and_names_the_field()
    {
        await using var portal = await BackofficePortal.StartAsync("concurrentsame");
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        using var other = await portal.SignInAsync(BackofficePortal.Administrator);
        var url = $"/backoffice/content/{BackofficePortal.Paris}";
        var first = await editor.PageAsync(url);
        var second = await other.PageAsync(url);
        (await editor.SubmitAsync(url, first.Form("#edit-form"), new Dictionary<string, string?> { ["p.summary"] = "Editor's Paris." }, button: "save"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var refused = await other.SubmitAsync(url, second.Form("#edit-form"), new Dictionary<string, string?> { ["p.summary"] = "Administrator's Paris." }, button: "publish");

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var page = await refused.DocumentAsync();
        page.QuerySelector(".bo-conflict")!.TextContent.ShouldContain("You both changed: summary (en)");
        page.QuerySelector("textarea[name='p.summary']")!.TextContent.Trim().ShouldBe("Administrator's Paris.");
        portal.Cache.Get(BackofficePortal.Paris)!.Variant("en")!.Text("summary").ShouldNotBe("Administrator's Paris.");
    }

    [TestCase("the quick fox", "the slow fox", "= the |- quick |+ slow |= fox")]
    [TestCase("", "new words", "+ new words")]
    [TestCase("old", "", "- old")]
    [TestCase("same", "same", "= same")]
    [TestCase("one two", "one two three", "= one two |+ three")]
    [TestCase("a\nb\nc", "a\nB\nc", "= a\n|- b\n|+ B\n|= c")]
    [TestCase("keep <b>", "keep <i>", "= keep |- <b>|+ <i>")]
    public void Word_differences_mark_removed_and_added_words(string left, string right, string expected)
    {
        var lines = WordDiff.Compare(left, right)
            .Select(l => (l.Kind switch { DiffKind.Same => "= ", DiffKind.Removed => "- ", _ => "+ " }) + l.Text);

        string.Join("|", lines).ShouldBe(expected);
    }
}
