using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>The backoffice's import and export pages, over HTTP, against a real database.</summary>
[Category("Database")]
public sealed class TransferPageTests() : EditorFixture("transferpages", new Dictionary<string, string?>
{
    ["Portal:Transfer:MaxUploadBytes"] = "65536",
    ["Portal:Transfer:MaxZipEntries"] = "100",
})
{
    private const string Header = "externalId,name,summary,kind,themes,countries,publicationDate,externalLink\n";

    [Test]
    public async Task A_dry_run_reports_every_bad_row_exactly_and_writes_nothing()
    {
        var csv = Header
            + "ok-1,A good one,A summary,Case study,Youth,United Kingdom,2024-01-31,https://example.org/a\n"
            + "bad-2,Wrong kind,A summary,Blog,Youth,,,\n"
            + "bad-3,,No name,Research,Unknown theme,Atlantis,31/01/2024,ftp://example.org\n"
            + "bad-4,No summary,,Evaluation,,fr,,\n"
            + ",No id,A summary,Research,,,,\n"
            + "bad-6,Too many,fields,Research,,,,,extra\n";
        var before = await Portal.Content.GetChildrenAsync(BackofficePortal.PracticeLibrary);

        var page = await ImportAsync(Editor, "bad.csv", csv, dryRun: true);

        Rows(page).ShouldBe(
        [
            "row 1 (line 2)|ok-1|would be created|||",
            "row 2 (line 3)|bad-2|would be invalid|kind||'Blog' is not one of: Case study, Toolkit, guide or template, Evaluation, Training, Initiative, Policy, Research.",
            "row 3 (line 4)|bad-3|would be invalid|themes||'Unknown theme' matches no Theme by key, external id or name.",
            "row 3 (line 4)|bad-3|would be invalid|countries||'Atlantis' is not a country name or ISO 3166 code.",
            "row 3 (line 4)|bad-3|would be invalid|name|en|A name is required.",
            "row 3 (line 4)|bad-3|would be invalid|publicationDate||Expected a date as yyyy-MM-dd.",
            "row 3 (line 4)|bad-3|would be invalid|externalLink||Must be an absolute http:// or https:// address.",
            "row 4 (line 5)|bad-4|would be invalid|summary|en|Summary is required.",
            "row 5 (line 6)||would be invalid|externalId||Every record needs an external id (or a key).",
            "row 6 (line 7)||would be invalid|||The row has 9 fields but the header names 8.",
        ]);
        Count(page, "created").ShouldBe("1");
        Count(page, "invalid").ShouldBe("5");
        page.QuerySelector("#import-title")!.TextContent.ShouldStartWith("Dry run (nothing written): 6 rows in");
        page.QuerySelector("#import-counts-line")!.TextContent.ShouldBe(
            "would be created: 1, would be updated: 0, would be published: 0, would be unchanged: 0, would be conflict: 0, would be skipped: 0, would be invalid: 5");
        var unknown = page.QuerySelector("#import-unknown-picks")!.TextContent;
        unknown.ShouldContain("'Unknown theme' matches no Theme");
        unknown.ShouldContain("'Atlantis' is not a country name");
        (await Portal.Content.GetChildrenAsync(BackofficePortal.PracticeLibrary)).Count.ShouldBe(before.Count);
        var audit = await Portal.Audit.QueryAsync(new AuditQuery(User: BackofficePortal.Editor, Action: "import-dry-run"));
        audit.ShouldContain(a => a.Detail!.Contains("bad.csv") && a.Detail.Contains("would be invalid: 5") && a.Subject == BackofficePortal.PracticeLibrary);
    }

    [Test]
    public async Task A_real_run_creates_and_publishes_the_items_and_a_reimport_updates_them()
    {
        var csv = Header
            + "page-1,Page import one,First summary,Case study,Youth,United Kingdom,2024-01-31,https://example.org/1\n"
            + "page-2,Page import two,Second summary,Research,,France,,\n";

        var first = await ImportAsync(Editor, "practices.csv", csv, dryRun: false, publish: ["en"]);

        Count(first, "created").ShouldBe("2");
        Count(first, "invalid").ShouldBe("0");
        first.QuerySelector("#import-title")!.TextContent.ShouldStartWith("Import run ");
        var created = Portal.Cache.Children(BackofficePortal.PracticeLibrary, "en").Where(p => p.Variant("en")!.Name.StartsWith("Page import", StringComparison.Ordinal)).ToList();
        created.Select(p => p.Variant("en")!.Name).Order().ShouldBe(["Page import one", "Page import two"]);

        var second = await ImportAsync(Editor, "practices.csv", csv.Replace("Second summary", "A better summary", StringComparison.Ordinal), dryRun: false, publish: ["en"]);

        Count(second, "updated").ShouldBe("1");
        Count(second, "unchanged").ShouldBe("1");
        Count(second, "created").ShouldBe("0");
        Portal.Cache.Children(BackofficePortal.PracticeLibrary, "en").Count(p => p.Variant("en")!.Name.StartsWith("Page import", StringComparison.Ordinal)).ShouldBe(2);
        var two = Portal.Cache.Children(BackofficePortal.PracticeLibrary, "en").Single(p => p.Variant("en")!.Name == "Page import two");
        two.Variant("en")!.Text("summary").ShouldBe("A better summary");
        var audit = await Portal.Audit.QueryAsync(new AuditQuery(User: BackofficePortal.Editor, Action: "import"));
        audit.ShouldContain(a => a.Detail!.Contains("practices.csv") && a.Detail.Contains("updated: 1") && a.Detail.Contains("unchanged: 1"));
    }

    [Test]
    public async Task A_dry_run_can_then_be_run_for_real_from_its_report()
    {
        var csv = Header + "again-1,Run for real,A summary,Training,,,,\n";
        var dry = await ImportAsync(Editor, "again.csv", csv, dryRun: true);
        Count(dry, "created").ShouldBe("1");

        var response = await Editor.SubmitAsync(Location!, dry.Form("form[action*='handler=Run']"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var real = await WaitAsync(Editor, response.Headers.Location!.ToString());
        Count(real, "created").ShouldBe("1");
        (await Portal.Content.GetChildrenAsync(BackofficePortal.PracticeLibrary)).ShouldContain(i => i.Name("en") == "Run for real");
    }

    [Test]
    public async Task A_stopped_import_resumes_without_duplicates_and_a_queued_one_stops_before_it_starts()
    {
        var rows = new StringBuilder("externalId,name,summary,kind\n");
        for (var i = 1; i <= 1200; i++)
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"bulk-{i},Bulk {i},S,Research\n");
        var (first, _) = await PostImportAsync(Editor, [("bulk.csv", Encoding.UTF8.GetBytes(rows.ToString()))], "goodPractice", BackofficePortal.PracticeLibrary.ToString(), dryRun: false);
        var (second, _) = await PostImportAsync(Editor, [("queued.csv", Encoding.UTF8.GetBytes(Header + "queued-1,Queued one,S,Research,,,,\n"))], "goodPractice", BackofficePortal.PracticeLibrary.ToString(), dryRun: false);
        var bulk = first.Headers.Location!.ToString();
        var queued = second.Headers.Location!.ToString();

        // The second waits for the first (one import at a time), so it stops before it starts.
        await StopAsync(queued);
        await StopAsync(bulk);

        var stoppedQueued = await WaitAsync(Editor, queued);
        stoppedQueued.QuerySelector("#import-job")!.GetAttribute("data-state").ShouldBe("stopped");
        Count(stoppedQueued, "created").ShouldBe("0");
        var stoppedBulk = await WaitAsync(Editor, bulk);
        stoppedBulk.QuerySelector("#import-job")!.GetAttribute("data-state").ShouldBe("stopped");
        var createdBefore = int.Parse(Count(stoppedBulk, "created"), System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        createdBefore.ShouldBeLessThan(1200);

        var resumed = await Editor.SubmitAsync(bulk, stoppedBulk.Form("form[action*='handler=Resume']"));
        var done = await WaitAsync(Editor, resumed.Headers.Location!.ToString());

        // Rows written before the stop are found again by their external ids, never created twice.
        int.Parse(Count(done, "created"), System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1200 - createdBefore);
        (await Portal.Content.GetChildrenAsync(BackofficePortal.PracticeLibrary)).Count(c => c.Name("en").StartsWith("Bulk ", StringComparison.Ordinal)).ShouldBe(1200);
        (await Portal.Audit.QueryAsync(new AuditQuery(User: BackofficePortal.Editor, Action: "import-stop"))).ShouldContain(a => a.Detail!.Contains("queued.csv"));
        (await Portal.Audit.QueryAsync(new AuditQuery(User: BackofficePortal.Editor, Action: "import-resume"))).ShouldContain(a => a.Detail!.Contains("bulk.csv"));
    }

    private async Task StopAsync(string job)
    {
        var page = await Editor.PageAsync(job);
        var form = page.QuerySelector("form[action*='handler=Stop']") as IHtmlFormElement;
        form.ShouldNotBeNull($"{job} had already ended");
        (await Editor.SubmitAsync(job, form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [TestCase(BackofficePortal.Writer)]
    [TestCase(BackofficePortal.LondonEditor)]
    public async Task Writers_and_city_editors_are_refused_the_pages_and_the_attempt_is_audited(string user)
    {
        using var client = await Portal.SignInAsync(user);

        (await client.GetAsync("/backoffice/import")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/backoffice/export?handler=download&format=jsonl")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var form = new MultipartFormDataContent { { new StringContent("goodPractice"), "type" } };
        (await client.PostAsync("/backoffice/import", form)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var log = await Portal.Audit.QueryAsync(new AuditQuery(User: user, Action: "access-denied"));
        log.ShouldContain(a => a.Detail!.Contains("/backoffice/import"));
        log.ShouldContain(a => a.Detail!.Contains("/backoffice/export"));
    }

    [TestCase("empty.csv", "", "goodPractice", null, 400, "'empty.csv' is empty.")]
    [TestCase("report.pdf", "%PDF-1.4", "goodPractice", null, 415, "'report.pdf' is not a file this page imports")]
    [TestCase("sheet.csv", "PK\u0003\u0004binary", "goodPractice", null, 415, "'sheet.csv' is not a text file")]
    [TestCase("lines.jsonl", "externalId,name\n", "goodPractice", null, 415, "'lines.jsonl' is not JSON Lines")]
    [TestCase("p.csv", Header, "noSuchType", null, 400, "There is no document type 'noSuchType'")]
    [TestCase("p.csv", Header, "goodPractice", "6c4a4f57-0000-4000-8000-000000000000", 400, "The parent you chose does not exist")]
    [TestCase("p.csv", Header, "goodPractice", "ad88f9d8-8691-45dd-a143-c9f7c4304c94", 400, "cannot hold a 'Good practice'")]
    [TestCase("p.zip", "not a zip", "goodPractice", null, 415, "'p.zip' is not a .zip file that can be read.")]
    public async Task A_bad_upload_gets_a_page_saying_what_to_fix(string name, string content, string type, string? parent, int status, string message)
    {
        var (response, _) = await PostImportAsync(Editor, [(name, Encoding.UTF8.GetBytes(content))], type, parent ?? BackofficePortal.PracticeLibrary.ToString(), dryRun: true);

        ((int)response.StatusCode).ShouldBe(status);
        var page = await response.DocumentAsync();
        page.QuerySelector(".bo-error")!.TextContent.ShouldContain(message);
        page.QuerySelector("#import-form").ShouldNotBeNull();
    }

    [Test]
    public async Task An_upload_over_the_limit_is_refused_with_the_limit_named()
    {
        var big = Encoding.UTF8.GetBytes(Header + string.Concat(Enumerable.Repeat("x-1,Name,Summary,Research,,,,\n", 4000)));

        var (response, _) = await PostImportAsync(Editor, [("big.csv", big)], "goodPractice", BackofficePortal.PracticeLibrary.ToString(), dryRun: true);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.DocumentAsync()).QuerySelector(".bo-error")!.TextContent.ShouldContain("the most this page takes is 64 KB");
    }

    [Test]
    public async Task A_zip_with_too_many_entries_of_any_kind_is_refused_before_it_is_unpacked()
    {
        using var zipped = new MemoryStream();
        using (var zip = new ZipArchive(zipped, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var writer = new StreamWriter(zip.CreateEntry("one.md").Open()))
                await writer.WriteAsync("---\nname: One\nsummary: S\nkind: Research\n---\nBody.\n");
            for (var i = 0; i < 150; i++)
                zip.CreateEntry($"empty/{i}.txt");
        }

        var (response, _) = await PostImportAsync(Editor, [("many.zip", zipped.ToArray())], "goodPractice", BackofficePortal.PracticeLibrary.ToString(), dryRun: true);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.DocumentAsync()).QuerySelector(".bo-error")!.TextContent.ShouldContain("'many.zip' holds more than 100 entries (folders and other files count too)");
    }

    [Test]
    public async Task A_form_without_its_antiforgery_token_is_refused_before_anything_is_written()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("goodPractice"), "type" },
            { new StringContent(BackofficePortal.PracticeLibrary.ToString()), "parent" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Header)), "file", "p.csv" },
        };

        var response = await Editor.PostAsync("/backoffice/import", form);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.DocumentAsync()).QuerySelector(".bo-error")!.TextContent.ShouldContain("The form has expired");
    }

    [Test]
    public async Task Markdown_files_in_a_zip_import_with_their_front_matter()
    {
        using var zipped = new MemoryStream();
        using (var zip = new ZipArchive(zipped, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (file, text) in new[]
            {
                ("folder/zip-one.md", "---\nname: Zipped one\nsummary: From a zip\nkind: Research\n---\nThe **body**.\n"),
                ("zip-two.md", "---\nname: Zipped two\nsummary: Also from a zip\nkind: Training\n---\nAnother body.\n"),
                ("notes.txt", "not imported"),
            })
            {
                await using var entry = zip.CreateEntry(file).Open();
                await entry.WriteAsync(Encoding.UTF8.GetBytes(text));
            }
        }

        var page = await ImportAsync(Editor, "practices.zip", zipped.ToArray(), dryRun: false, publish: ["en"]);

        Count(page, "created").ShouldBe("2");
        var one = Portal.Cache.Children(BackofficePortal.PracticeLibrary, "en").Single(p => p.Variant("en")!.Name == "Zipped one");
        one.Variant("en")!.Text("body").ShouldBe("The **body**.");
    }

    [Test]
    public async Task Exports_download_as_json_lines_csv_and_a_site_zip_that_read_back()
    {
        var jsonl = await Editor.GetAsync("/backoffice/export?handler=download&format=jsonl&type=goodPractice");
        jsonl.StatusCode.ShouldBe(HttpStatusCode.OK);
        jsonl.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        var lines = (await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        records.Count.ShouldBe((await Portal.Content.GetChildrenAsync(BackofficePortal.PracticeLibrary)).Count);
        records.ShouldAllBe(r => r.GetProperty("contentType").GetString() == "goodPractice");

        // The export imports back as the same items: a dry run finds nothing to do and nothing wrong.
        var sample = lines.Take(5).ToList();
        var again = await ImportAsync(Editor, "export.jsonl", Encoding.UTF8.GetBytes(string.Join('\n', sample)), dryRun: true);
        Count(again, "invalid").ShouldBe("0");
        Count(again, "created").ShouldBe("0");
        Count(again, "unchanged").ShouldBe(sample.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));

        var csv = await Editor.GetStringAsync("/backoffice/export?handler=download&format=csv&type=goodPractice");
        csv.Split('\n')[0].ShouldStartWith("externalId,key,parent,sortOrder,");

        var all = await Editor.GetStringAsync("/backoffice/export?handler=download&format=jsonl");
        all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("contentType").GetString()).Distinct().Count().ShouldBeGreaterThan(3);

        var site = await Editor.GetAsync("/backoffice/export?handler=download&format=site");
        site.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        using var zip = new ZipArchive(await site.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        zip.GetEntry("document-types/goodPractice.json").ShouldNotBeNull();
        zip.GetEntry("external-ids.jsonl").ShouldNotBeNull();
        zip.Entries.Count(e => e.FullName.StartsWith("content/", StringComparison.Ordinal) && !e.FullName.StartsWith("content/extra/", StringComparison.Ordinal))
            .ShouldBe((await Portal.Services.GetRequiredService<ContentTree>().LoadAsync()).All.Count);

        var refused = await Editor.GetAsync("/backoffice/export?handler=download&format=csv");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.DocumentAsync()).QuerySelector(".bo-error")!.TextContent.ShouldContain("A CSV file holds one document type");
        (await Portal.Audit.QueryAsync(new AuditQuery(User: BackofficePortal.Editor, Action: "export"))).Count.ShouldBeGreaterThanOrEqualTo(4);
    }

    private string? Location { get; set; }

    private Task<IHtmlDocument> ImportAsync(HttpClient client, string name, string content, bool dryRun, string[]? publish = null) =>
        ImportAsync(client, name, Encoding.UTF8.GetBytes(content), dryRun, publish);

    private async Task<IHtmlDocument> ImportAsync(HttpClient client, string name, byte[] content, bool dryRun, string[]? publish = null)
    {
        var (response, body) = await PostImportAsync(client, [(name, content)], "goodPractice", BackofficePortal.PracticeLibrary.ToString(), dryRun, publish);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, body);
        Location = response.Headers.Location!.ToString();
        return await WaitAsync(client, Location);
    }

    /// <summary>Polls the job's page (as a browser without script would) until the import has ended.</summary>
    private static async Task<IHtmlDocument> WaitAsync(HttpClient client, string location)
    {
        location.ShouldMatch("^/backoffice/import/[0-9a-f-]{36}$");
        for (var i = 0; i < 600; i++)
        {
            var page = await client.PageAsync(location);
            var state = page.QuerySelector("#import-job")!.GetAttribute("data-state");
            if (state is "finished" or "stopped" or "failed")
                return page;
            await Task.Delay(100);
        }
        throw new AssertionException($"The import at {location} did not finish.");
    }

    /// <summary>Posts the import form as a browser does: the page's antiforgery token first, then the choices, then the files.</summary>
    private static async Task<(HttpResponseMessage Response, string Body)> PostImportAsync(HttpClient client, (string Name, byte[] Content)[] files,
        string type, string parent, bool dryRun, string[]? publish = null)
    {
        var page = await client.PageAsync("/backoffice/import");
        var token = page.QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(type), "type" },
            { new StringContent(parent), "parent" },
            { new StringContent(dryRun ? "dry-run" : "import"), "mode" },
        };
        foreach (var culture in publish ?? [])
            form.Add(new StringContent(culture), "publish");
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", name);
        }
        var response = await client.PostAsync("/backoffice/import", form);
        return (response, response.StatusCode == HttpStatusCode.Redirect ? "" : await response.Content.ReadAsStringAsync());
    }

    private static IReadOnlyList<string> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("#import-rows tbody tr").Select(tr => string.Join('|', tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();

    private static string Count(IHtmlDocument page, string outcome) =>
        page.QuerySelector($"#import-counts tr[data-outcome={outcome}] [data-count]")!.TextContent.Trim();
}
