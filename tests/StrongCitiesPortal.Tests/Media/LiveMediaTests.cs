using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Tests.Backoffice;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Media;

namespace StrongCitiesPortal.Tests.Media;

/// <summary>Files that live pages use are changed or deleted by publishers only, whatever a writer's request says.</summary>
[Category("Database")]
public sealed class LiveMediaTests
{
    private BackofficePortal _portal = null!;
    private HttpClient _writer = null!;
    private HttpClient _editor = null!;

    private MediaLibrary Library => _portal.Services.GetRequiredService<MediaLibrary>();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _portal = await BackofficePortal.StartAsync("livemedia");
        _writer = await _portal.SignInAsync(BackofficePortal.Writer);
        _editor = await _portal.SignInAsync(BackofficePortal.Editor);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _writer.Dispose();
        _editor.Dispose();
        await _portal.DisposeAsync();
    }

    [Test]
    public async Task A_writer_cannot_delete_or_rename_a_file_a_live_page_uses_and_is_told_why()
    {
        var pdf = await UploadAsync("Live report.pdf");
        await AttachAsync(BackofficePortal.LeicesterPractice, pdf.Key, publish: true);
        var url = $"/backoffice/media/{pdf.Key}";

        var page = await _writer.PageAsync(url);
        var delete = await _writer.SubmitAsync(url, page.Form("form[action*=Delete]"), extra: [new("confirmed", "true")]);
        var rename = await _writer.SubmitAsync(url, page.Form("form[action*=Save]"), new Dictionary<string, string?> { ["name"] = "Renamed by a writer" });

        delete.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await delete.DocumentAsync()).QuerySelector("[role=alert]")!.TextContent.ShouldContain("used by 1 published page");
        rename.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var kept = (await Library.GetAsync(pdf.Key))!;
        kept.Name.ShouldBe("Live report");
        (await Library.Store.ExistsAsync(kept.StoragePath!)).ShouldBeTrue();
        var denied = await _portal.Audit.QueryAsync(new AuditQuery(User: BackofficePortal.Writer, Action: "access-denied", Subject: pdf.Key));
        denied.Count.ShouldBe(2);
    }

    [Test]
    public async Task A_publisher_deletes_a_file_a_live_page_uses_after_confirming()
    {
        var pdf = await UploadAsync("Editor's report.pdf");
        await AttachAsync(BackofficePortal.IReportIt, pdf.Key, publish: true);
        var url = $"/backoffice/media/{pdf.Key}";

        var warned = await _editor.SubmitAsync(url, (await _editor.PageAsync(url)).Form("form[action*=Delete]"));
        warned.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var confirmed = await _editor.SubmitAsync(url, (await warned.DocumentAsync()).Form("form[action*=Delete]"));

        confirmed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Library.GetAsync(pdf.Key)).ShouldBeNull();
    }

    [Test]
    public async Task A_writer_may_still_rename_and_delete_a_file_only_drafts_use()
    {
        var pdf = await UploadAsync("Draft notes.pdf");
        await AttachAsync(BackofficePortal.Twinning, pdf.Key, publish: false);
        var url = $"/backoffice/media/{pdf.Key}";

        var renamed = await _writer.SubmitAsync(url, (await _writer.PageAsync(url)).Form("form[action*=Save]"), new Dictionary<string, string?> { ["name"] = "Draft notes (v2)" });
        renamed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var deleted = await _writer.SubmitAsync(url, (await _writer.PageAsync(url)).Form("form[action*=Delete]"), extra: [new("confirmed", "true")]);

        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Library.GetAsync(pdf.Key)).ShouldBeNull();
    }

    private async Task<MediaItem> UploadAsync(string fileName)
    {
        using var stream = new MemoryStream(TestFiles.Pdf());
        var result = await Library.UploadAsync(stream, fileName, null, null, null, BackofficePortal.Editor);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        return result.Item!;
    }

    private async Task AttachAsync(Guid practiceKey, Guid media, bool publish)
    {
        var practice = (await _portal.Content.GetAsync(practiceKey))!;
        var data = practice.Data.Clone();
        data.Invariant["attachments"] = JsonSerializer.SerializeToElement(new[] { media.ToString() });
        var draft = new ContentDraft { Key = practice.Key, ContentType = practice.ContentType, Data = data };
        var result = publish
            ? await _portal.Content.SaveAndPublishAsync(draft, ["en"], BackofficePortal.Editor)
            : await _portal.Content.SaveAsync(draft, BackofficePortal.Editor);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
    }
}
