using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Tests.Backoffice;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Media;

namespace StrongCitiesPortal.Tests.Media;

/// <summary>The media library through the backoffice, on whichever store the portal is configured with.</summary>
[Category("Database")]
public abstract class MediaLibraryTests
{
    private BackofficePortal _portal = null!;
    private HttpClient _editor = null!;

    protected abstract Task<IReadOnlyDictionary<string, string?>> SettingsAsync();

    protected abstract string ExpectedStore { get; }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _portal = await BackofficePortal.StartAsync(GetType().Name, await SettingsAsync());
        _editor = await _portal.SignInAsync(BackofficePortal.Editor);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _editor.Dispose();
        await _portal.DisposeAsync();
    }

    private MediaLibrary Library => _portal.Services.GetRequiredService<MediaLibrary>();

    private async Task<HttpResponseMessage> UploadAsync(byte[] bytes, string fileName, string? altText, string folder = "")
    {
        var page = await _editor.PageAsync("/backoffice/media" + folder);
        var form = page.Form("form[enctype='multipart/form-data']");
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in HtmlForms.Fields(form))
            content.Add(new StringContent(name == "altText" ? altText ?? "" : value), name);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
        content.Add(file, "file", fileName);
        return await _editor.PostAsync(new Uri(new Uri("https://localhost/backoffice/media"), form.GetAttribute("action")), content);
    }

    [Test]
    public void The_portal_uses_the_expected_store() => Library.Store.Name.ShouldBe(ExpectedStore);

    [Test]
    public async Task An_uploaded_image_is_served_as_an_image_with_long_caching_and_nosniff()
    {
        var png = TestFiles.Png(8, 6);
        (await UploadAsync(png, "Town Hall.png", "The town hall at dusk")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var item = (await Library.ListAsync(new MediaQuery(Search: "Town Hall"))).ShouldHaveSingleItem();
        item.ContentType.ShouldBe("image/png");
        item.Width.ShouldBe(8);
        item.AltText.ShouldBe("The town hall at dusk");
        item.Url.ShouldBe($"/media/{item.Key}/town-hall.png");

        using var visitor = _portal.Anonymous();
        var response = await visitor.GetAsync(item.Url);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(png);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.CacheControl!.Public.ShouldBeTrue();
        response.Headers.CacheControl.MaxAge.ShouldBe(TimeSpan.FromDays(365));
        response.Content.Headers.ContentDisposition.ShouldBeNull();
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("sandbox");

        using var conditional = new HttpRequestMessage(HttpMethod.Get, item.Url);
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        (await visitor.SendAsync(conditional)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Test]
    public async Task A_document_downloads_under_its_own_name_and_type()
    {
        (await UploadAsync(TestFiles.Docx(), "Workshop notes.docx", null)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var item = (await Library.ListAsync(new MediaQuery(Search: "Workshop notes"))).ShouldHaveSingleItem();
        using var visitor = _portal.Anonymous();

        var response = await visitor.GetAsync(item.Url);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe("workshop-notes.docx");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    [TestCase("page.png", "not one of the accepted types")]
    [TestCase("page.html", "not one of the accepted types")]
    public async Task Html_dressed_as_an_image_is_refused(string fileName, string reason)
    {
        var response = await UploadAsync(TestFiles.Html(), fileName, "alt");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(reason);
        (await Library.ListAsync(new MediaQuery(Search: "page"))).ShouldBeEmpty();
    }

    [Test]
    public async Task A_pdf_named_as_a_word_document_is_refused()
    {
        var response = await UploadAsync(TestFiles.Pdf(), "report.docx", null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.DocumentAsync()).QuerySelector(".bo-error")!.TextContent.ShouldContain("a PDF document, but its name ends in “.docx”");
    }

    [Test]
    public async Task An_image_needs_alternative_text()
    {
        var response = await UploadAsync(TestFiles.Png(), "no-alt.png", "");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("alternative text");
    }

    [Test]
    public async Task A_file_over_the_size_limit_is_refused()
    {
        var big = new byte[3 * 1024 * 1024];
        TestFiles.Pdf().CopyTo(big, 0);

        var response = await UploadAsync(big, "big.pdf", null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("may be at most 2 MB");
    }

    [Test]
    public async Task Folders_hold_files_and_deleting_a_file_in_use_warns_first()
    {
        var folder = await Library.CreateFolderAsync("Reports", null, BackofficePortal.Editor);
        (await UploadAsync(TestFiles.Pdf(), "Annual report.pdf", null, $"?folder={folder.Item!.Key}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var pdf = (await Library.ChildrenAsync(folder.Item.Key)).ShouldHaveSingleItem();
        (await Library.ChildrenAsync(null)).ShouldContain(i => i.Key == folder.Item.Key && i.IsFolder);

        // A practice attaches it.
        var practice = (await _portal.Content.GetAsync(BackofficePortal.LeicesterPractice))!;
        var data = practice.Data.Clone();
        data.Invariant["attachments"] = System.Text.Json.JsonSerializer.SerializeToElement(new[] { pdf.Key.ToString() });
        (await _portal.Content.SaveAsync(new ContentDraft { Key = practice.Key, ContentType = practice.ContentType, Data = data }, BackofficePortal.Editor)).Succeeded.ShouldBeTrue();

        var url = $"/backoffice/media/{pdf.Key}";
        var page = await _editor.PageAsync(url);
        page.QuerySelector(".bo-used-by")!.TextContent.ShouldContain(practice.Name("en"));
        var warned = await _editor.SubmitAsync(url, page.Form("form[action*=Delete]"));
        warned.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Library.GetAsync(pdf.Key)).ShouldNotBeNull();

        // The live practice page lists it for download once the change is published.
        (await _portal.Content.PublishAsync(practice.Key, ["en"], BackofficePortal.Editor)).Succeeded.ShouldBeTrue();
        using (var reader = _portal.Anonymous())
        {
            var live = await reader.GetStringAsync(_portal.Cache.Route(practice.Key, "en"));
            live.ShouldContain(pdf.Url!);
        }

        var confirmed = await _editor.SubmitAsync(url, (await warned.DocumentAsync()).Form("form[action*=Delete]"));
        confirmed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Library.GetAsync(pdf.Key)).ShouldBeNull();
        (await Library.Store.ExistsAsync(pdf.StoragePath!)).ShouldBeFalse();
        using var visitor = _portal.Anonymous();
        (await visitor.GetAsync(pdf.Url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var audit = await _portal.Audit.QueryAsync(new AuditQuery(Subject: pdf.Key));
        audit.Select(a => a.Action).ShouldBe(["media-delete", "media-upload"]);
    }

    [Test]
    public async Task The_edit_forms_media_picker_offers_the_library()
    {
        (await UploadAsync(TestFiles.Xlsx(), "Budget.xlsx", null)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var budget = (await Library.ListAsync(new MediaQuery(Search: "Budget"))).ShouldHaveSingleItem();

        var page = await _editor.PageAsync($"/backoffice/content/{BackofficePortal.LeicesterPractice}");

        page.QuerySelectorAll(".bo-media-picker input[name='p.attachments']").Select(i => i.GetAttribute("value")).ShouldContain(budget.Key.ToString());
    }
}

[Category("Database")]
public sealed class LocalDiskMediaTests : MediaLibraryTests
{
    protected override string ExpectedStore => "local disk";

    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Portal:Media:MaxDocumentBytes"] = (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
