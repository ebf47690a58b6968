using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Web.Features.Media;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>The audit log and an item's history read as sentences: names with links, a name filter, word diffs, media by name, the reader's dates.</summary>
[Category("Database")]
public sealed class AuditReadabilityTests() : EditorFixture("auditreadable")
{
    private string Url => $"/backoffice/content/{BackofficePortal.Twinning}";

    [Test]
    public async Task The_log_names_items_with_links_and_filters_by_name()
    {
        var page = await Editor.PageAsync(Url);
        (await Editor.SubmitAsync(Url, page.Form("#edit-form"), new Dictionary<string, string?> { ["note"] = "audit readability" }, button: "save"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var log = await Editor.PageAsync("/backoffice/audit");
        var row = log.QuerySelector($"tr[data-action=save][data-subject='{BackofficePortal.Twinning}']")!;
        var link = row.QuerySelector(".bo-audit-item a")!;
        link.GetAttribute("href").ShouldBe(Url);
        link.TextContent.ShouldBe("London–Paris twinning on countering violent extremism");

        var filtered = await Editor.PageAsync("/backoffice/audit?item=paris+TWINNING");
        var subjects = filtered.QuerySelectorAll("tbody tr").Select(r => r.GetAttribute("data-subject")).Distinct().ToList();
        subjects.ShouldBe([BackofficePortal.Twinning.ToString()]);
        filtered.QuerySelector("input[name=item]")!.GetAttribute("value").ShouldBe("paris TWINNING");
        (await Editor.PageAsync("/backoffice/audit?item=no+such+item+anywhere")).QuerySelector("tbody tr").ShouldBeNull();
        (await Editor.PageAsync($"/backoffice/audit?item={BackofficePortal.Twinning}")).QuerySelectorAll("tbody tr")
            .Select(r => r.GetAttribute("data-subject")).Distinct().ShouldBe([BackofficePortal.Twinning.ToString()]);
    }

    [Test]
    public async Task Schedule_lines_and_dates_read_in_the_readers_format()
    {
        var page = await Editor.PageAsync($"{Url}?culture=en");
        (await Editor.SubmitAsync(Url, page.Form("form:has(input[name=publishAt])"), new Dictionary<string, string?> { ["publishAt"] = "2031-03-01T09:30", ["unpublishAt"] = "" }, button: "schedule"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var german = new HttpRequestMessage(HttpMethod.Get, $"/backoffice/audit?subject={BackofficePortal.Twinning}&action=schedule");
        german.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("de-DE"));
        var response = await Editor.SendAsync(german);
        var log = await response.DocumentAsync();
        var detail = log.QuerySelector("tr[data-action=schedule] td:last-child")!.TextContent;
        detail.ShouldStartWith("publishes 01.03.2031 09:30 UTC (version ");
        detail.ShouldEndWith(", no unpublish date");
        log.Body!.TextContent.ShouldNotContain("unpublish at -");
        log.QuerySelector("tr[data-action=schedule] time[datetime]")!.TextContent.ShouldMatch(@"^\d\d\.\d\d\.\d{4} \d\d:\d\d UTC$");

        using var french = new HttpRequestMessage(HttpMethod.Get, $"/backoffice/audit?subject={BackofficePortal.Twinning}&action=schedule");
        french.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("fr-FR"));
        (await (await Editor.SendAsync(french)).DocumentAsync()).QuerySelector("tr[data-action=schedule] td:last-child")!.TextContent
            .ShouldStartWith("publishes 01/03/2031 09:30 UTC");
    }

    [Test]
    public async Task The_history_marks_the_words_that_changed_encoded_and_names_attached_media()
    {
        await using var png = new MemoryStream(TestFiles.Png());
        var uploaded = await Portal.Services.GetRequiredService<MediaLibrary>().UploadAsync(png, "twinning-photo.png", "Twinning signing photo", "Two mayors sign", null, BackofficePortal.Editor);
        uploaded.Succeeded.ShouldBeTrue(string.Join(" ", uploaded.Errors));
        var item = (await Portal.Content.GetAsync(BackofficePortal.Twinning))!;
        var summary = item.Data.Cultures["en"].Values["summary"].GetString()!;
        var page = await Editor.PageAsync(Url);
        (await Editor.SubmitAsync(Url, page.Form("#edit-form"), new Dictionary<string, string?>
        {
            ["p.summary"] = summary.Replace("formal twinning", "formal <b>twinning</b>", StringComparison.Ordinal),
            ["p.attachments"] = uploaded.Item!.Key.ToString(),
        }, button: "save")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var response = await Editor.GetAsync($"{Url}/history?left={item.Version}");
        var html = await response.Content.ReadAsStringAsync();
        var history = HtmlForms.Parse(html);
        var row = history.QuerySelector("tr[data-field=summary][data-culture=en]")!;
        row.QuerySelectorAll("td.right ins").Select(i => i.TextContent).ShouldBe(["<b>twinning</b> "]);
        row.QuerySelectorAll("td.left del").Select(d => d.TextContent).ShouldBe(["twinning "]);
        row.QuerySelector("td.right b").ShouldBeNull();
        html.ShouldContain("&lt;b&gt;twinning&lt;/b&gt;");

        var attachments = history.QuerySelector("tr[data-field=attachments]")!;
        attachments.QuerySelector("td.right")!.TextContent.ShouldBe("Twinning signing photo");
        attachments.TextContent.ShouldNotContain(uploaded.Item.Key.ToString());
    }
}
