using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Transfer.Export;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Tests.Transfer;

[Category("Database")]
public sealed class RoundTripTests
{
    private static readonly Guid Attachment = Guid.Parse("5b3f6a52-1f0e-4a53-9d4e-2f1c0f7f2a11");

    private static async Task<List<ExportedItem>> EverythingAsync(ContentHost host)
    {
        var items = new List<ExportedItem>();
        await foreach (var item in host.Services.GetRequiredService<ContentExporter>().ReadAsync(new ExportQuery { IncludeHistory = true, PageSize = 7 }))
            items.Add(item);
        return items;
    }

    /// <summary>The starter site, then a season of editing: imports, drafts, a half-translated item, a schedule, the recycle bin.</summary>
    private static async Task<ContentHost> EditedSiteAsync(string hint)
    {
        var host = await TransferTesting.StartAsync(hint);
        var csv = TransferTesting.TempFile("imported.csv", "externalId,name,summary,kind,themes,cities,name:fr,summary:fr,attachments\n"
            + $"rt-1,Imported one,First summary,Research,Youth,London,Importé un,Premier résumé,{Attachment}\n"
            + "rt-2,Imported two,Second summary,Policy,Hate crime; Youth,Paris; London,,,\n");
        var report = await host.ImportAsync(ImportFormat.Csv, csv, new ImportRequest { ContentType = "goodPractice", Parent = "/practices/", Publish = ["en", "fr"] });
        report.Count(RowOutcome.Created).ShouldBe(2, string.Join("\n", report.IssueLines()));

        // A published item with a newer, unpublished draft.
        var practice = host.Cache.OfType("goodPractice").First(p => p.Variant("en")!.Name == "IREPORTIT app");
        var item = (await host.Content.GetAsync(practice.Key))!;
        var draft = item.Data.Clone();
        draft.Cultures["en"].Values["summary"] = JsonSerializer.SerializeToElement("A draft nobody has published yet.");
        (await host.Content.SaveAsync(new ContentDraft { Key = item.Key, ContentType = item.ContentType, Data = draft }, "editor")).Succeeded.ShouldBeTrue();

        // An editor changed an imported item: the copy must still know it changed since the import.
        var imported = (await host.ExternalIdsAsync("goodPractice"))["rt-2"];
        var changed = (await host.Content.GetAsync(imported))!.Data.Clone();
        changed.Cultures["en"].Name = "Imported two (edited)";
        (await host.Content.SaveAndPublishAsync(new ContentDraft { Key = imported, ContentType = "goodPractice", Data = changed }, ["en"], "editor")).Succeeded.ShouldBeTrue();

        // A theme published in French only, with an English draft, and a publish date ahead.
        var themes = host.Cache.OfType("themeLibrary").Single().Key;
        var theme = await host.Content.SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "theme",
            ParentKey = themes,
            Data = Data.Parse("""{ "cultures": { "en": { "name": "Sport", "values": { "summary": "Sport and prevention" } }, "fr": { "name": "Sport", "values": { "summary": "Le sport et la prévention" } } } }"""),
        }, ["fr"], "editor");
        theme.Succeeded.ShouldBeTrue(string.Join("; ", theme.Errors));
        (await host.Content.ScheduleAsync(theme.Item!.Key, "en", new DateTimeOffset(2031, 1, 1, 9, 0, 0, TimeSpan.Zero), null, "editor")).Succeeded.ShouldBeTrue();

        // An item in the recycle bin is not part of the site.
        var news = host.Cache.OfType("newsArticle").First();
        (await host.Content.TrashAsync(news.Key, "editor")).Succeeded.ShouldBeTrue();
        return host;
    }

    [Test]
    public async Task A_site_exported_and_imported_on_a_fresh_database_loses_nothing()
    {
        await using var original = await EditedSiteAsync("roundtripfrom");
        var folder = TransferTesting.TempFolder("site");
        var summary = await original.Site().ExportAsync(folder, includeHistory: true);
        summary.TrashedLeftOut.ShouldBe(1);
        summary.ExternalIds.ShouldBe(2);
        summary.MediaReferences.ShouldBe(1);
        File.ReadAllText(Path.Combine(folder, "media-references.jsonl")).ShouldContain(Attachment.ToString());

        await using var copy = await TransferTesting.StartAsync("roundtripto", folder, starterContent: false);
        var loaded = await copy.Site().ImportAsync(folder);

        loaded.Problems.ShouldBeEmpty();
        loaded.Items.ShouldBe(summary.Items);
        var before = (await EverythingAsync(original)).Where(i => !i.Trashed).ToList();
        var after = (await EverythingAsync(copy)).ToDictionary(i => i.Key);
        after.Count.ShouldBe(before.Count);
        foreach (var item in before)
        {
            var twin = after[item.Key];
            var what = $"{item.ContentType} {item.Data.Cultures.Values.First().Name}";
            (twin.ContentType, twin.ParentKey, twin.SortOrder, twin.Version).ShouldBe((item.ContentType, item.ParentKey, item.SortOrder, item.Version), what);
            TransferTesting.SameJson(twin.Data, item.Data).ShouldBeTrue(what);
            TransferTesting.SameJson(twin.Cultures.ToDictionary(c => c.Key, c => (c.Value.PublishedVersion, c.Value.PublishedName, c.Value.PublishedSegment, c.Value.PublishAt, c.Value.UnpublishAt)),
                item.Cultures.ToDictionary(c => c.Key, c => (c.Value.PublishedVersion, c.Value.PublishedName, c.Value.PublishedSegment, c.Value.PublishAt, c.Value.UnpublishAt))).ShouldBeTrue(what);
            TransferTesting.SameJson(twin.PublishedData, item.PublishedData).ShouldBeTrue(what);
            TransferTesting.SameJson(twin.Versions!.Select(v => v.Data), item.Versions!.Select(v => v.Data)).ShouldBeTrue(what);
            twin.ExternalIds.Select(m => (m.ContentType, m.ExternalId, m.ImportedVersion)).ShouldBe(item.ExternalIds.Select(m => (m.ContentType, m.ExternalId, m.ImportedVersion)), what);
            twin.MediaReferences.ShouldBe(item.MediaReferences, what);
        }
        ShouldShowTheSameSite(copy, original);
    }

    [Test]
    public async Task A_site_exported_without_history_keeps_live_content_drafts_and_what_editors_changed_since_an_import()
    {
        await using var original = await EditedSiteAsync("nohistoryfrom");
        var folder = TransferTesting.TempFolder("site");
        await original.Site().ExportAsync(folder, includeHistory: false);

        await using var copy = await TransferTesting.StartAsync("nohistoryto", folder, starterContent: false);
        (await copy.Site().ImportAsync(folder)).Problems.ShouldBeEmpty();

        var after = (await EverythingAsync(copy)).ToDictionary(i => i.Key);
        foreach (var item in (await EverythingAsync(original)).Where(i => !i.Trashed))
        {
            var twin = after[item.Key];
            TransferTesting.SameJson(twin.Data, item.Data).ShouldBeTrue();
            twin.LiveCultures.Order().ShouldBe(item.LiveCultures.Order());
            foreach (var culture in item.LiveCultures)
                TransferTesting.SameJson(twin.LiveData(culture)!.Cultures[culture], item.LiveData(culture)!.Cultures[culture]).ShouldBeTrue();
        }
        ShouldShowTheSameSite(copy, original);

        // rt-2 was edited after its import: re-importing it into the copy reports that, as it would have on the original.
        var csv = TransferTesting.TempFile("again.csv", "externalId,name,summary,kind\nrt-2,Imported two,Changed by the partner,Policy\nrt-1,Imported one,First summary,Research\n");
        var report = await copy.ImportAsync(ImportFormat.Csv, csv, new ImportRequest { ContentType = "goodPractice", Publish = ["en"] });
        report.Results.Select(r => r.Outcome).ShouldBe([RowOutcome.Conflict, RowOutcome.Unchanged]);
    }

    [Test]
    public async Task A_portal_started_on_a_site_export_shows_the_same_site()
    {
        await using var original = await EditedSiteAsync("startedfrom");
        var folder = TransferTesting.TempFolder("site");
        await original.Site().ExportAsync(folder, includeHistory: false);

        await using var portal = await TransferTesting.StartAsync("startedon", folder, starterContent: true);

        ShouldShowTheSameSite(portal, original);
    }

    private static void ShouldShowTheSameSite(ContentHost copy, ContentHost original)
    {
        copy.Cache.All.Count().ShouldBe(original.Cache.All.Count());
        foreach (var live in original.Cache.All)
        {
            var twin = copy.Cache.Get(live.Key).ShouldNotBeNull();
            twin.Cultures.Order().ShouldBe(live.Cultures.Order());
            foreach (var culture in live.Cultures)
            {
                twin.Variant(culture)!.Name.ShouldBe(live.Variant(culture)!.Name);
                TransferTesting.SameJson(twin.Variant(culture)!.Values, live.Variant(culture)!.Values).ShouldBeTrue();
                copy.Cache.Route(live.Key, culture).ShouldBe(original.Cache.Route(live.Key, culture));
            }
        }
    }

    [TestCase(ImportFormat.Csv, "practices.csv")]
    [TestCase(ImportFormat.JsonLines, "practices.jsonl")]
    [TestCase(ImportFormat.Markdown, "practices")]
    public async Task Practices_exported_in_each_format_import_back_unchanged(ImportFormat format, string name)
    {
        await using var original = await EditedSiteAsync("flat" + format);
        var path = Path.Combine(TransferTesting.TempFolder("flat"), name);
        (await original.Exporter().ExportAsync(format, path, "goodPractice", includeHistory: false)).Items.ShouldBe(16);
        await using var copy = await TransferTesting.StartAsync("flatto" + format, TransferTesting.ModelWithoutPractices());

        var report = await copy.ImportAsync(format, path, new ImportRequest { ContentType = "goodPractice", PublishAsRecorded = true });

        report.IssueLines().ShouldBeEmpty();
        report.Count(RowOutcome.Created).ShouldBe(16);
        foreach (var item in (await EverythingAsync(original)).Where(i => i.ContentType == "goodPractice"))
        {
            var twin = (await copy.Content.GetAsync(item.Key)).ShouldNotBeNull();
            TransferTesting.SameJson(twin.Data, item.Data).ShouldBeTrue($"{item.Data.Cultures["en"].Name}: {TransferTesting.Json(twin.Data)}");
            twin.Publishing.Where(p => p.Value.PublishedVersion is not null).Select(p => p.Key).Order().ShouldBe(item.LiveCultures.Order());
        }
        var again = await copy.ImportAsync(format, path, new ImportRequest { ContentType = "goodPractice", PublishAsRecorded = true });
        again.Count(RowOutcome.Unchanged).ShouldBe(16);
    }
}
