using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Seeding;

namespace StrongCitiesPortal.Tests.Content;

[Category("Database")]
public sealed class StarterContentTests
{
    [Test]
    public async Task Starter_content_loads_once_and_never_over_an_editors_change()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("starter");
        Guid london;
        await using (var first = await ContentHost.StartOnAsync(connectionString, loadStarterContent: true))
        {
            var files = StarterContentLoader.ReadFolder(Path.Combine(TestPostgres.ModelPath, "content"));
            first.Cache.All.Count().ShouldBe(files.Count(f => f.Item.Publish.Count > 0));
            london = first.Cache.OfType("memberCity").Single(c => c.Variant("en")!.Name == "London").Key;

            var item = (await first.Content.GetAsync(london))!;
            var edited = item.Data.Clone();
            edited.Cultures["en"].Name = "London (edited)";
            (await first.Content.SaveAndPublishAsync(new ContentDraft { Key = london, ContentType = "memberCity", Data = edited }, ["en"], "editor")).Succeeded.ShouldBeTrue();
            var paris = first.Cache.OfType("memberCity").Single(c => c.Variant("en")!.Name == "Paris").Key;
            await first.Content.DeleteAsync(paris, "editor");
        }

        await using var second = await ContentHost.StartOnAsync(connectionString, loadStarterContent: true);
        second.Cache.Get(london)!.Variant("en")!.Name.ShouldBe("London (edited)");
        second.Cache.OfType("memberCity").ShouldNotContain(c => c.Variant("en")!.Name == "Paris");
        (await second.Content.GetVersionsAsync(london)).Count.ShouldBe(2);
    }

    [Test]
    public async Task The_london_workshop_report_has_five_takeaways_and_four_next_steps()
    {
        await using var host = await ContentHost.StartAsync("workshop", loadStarterContent: true);

        var report = host.Cache.OfType("workshopReport").Single(r => r.Variant("en")!.Name.Contains("Strengthening Local Partnerships", StringComparison.Ordinal));

        report.Variant("en")!.Value("keyTakeaways")!.Value.GetArrayLength().ShouldBe(5);
        report.Variant("en")!.Value("nextSteps")!.Value.GetArrayLength().ShouldBe(4);
    }

    [Test]
    public void Every_practice_event_news_item_report_and_city_is_published_in_french_and_arabic()
    {
        string[] translated = ["goodPractice", "event", "newsArticle", "workshopReport", "memberCity"];
        var items = StarterContentLoader.ReadFolder(Path.Combine(TestPostgres.ModelPath, "content"))
            .Select(f => f.Item).Where(i => translated.Contains(i.ContentType)).ToList();

        items.Count.ShouldBe(27);
        foreach (var item in items)
        {
            var english = item.Cultures["en"];
            foreach (var culture in new[] { "fr", "ar" })
            {
                item.Publish.ShouldContain(culture, $"{english.Name} is not published in {culture}");
                var variant = item.Cultures[culture];
                variant.Values["summary"].GetString().ShouldNotBe(english.Values["summary"].GetString(), $"{english.Name} in {culture}");
                variant.Values.Keys.ShouldBe(english.Values.Keys, ignoreOrder: true, $"{english.Name} in {culture} lacks some of the English text");
            }
        }
    }

    [Test]
    public async Task The_london_workshop_report_reads_in_arabic_with_its_own_takeaways_and_next_steps()
    {
        await using var host = await ContentHost.StartAsync("workshop-ar", loadStarterContent: true);

        var report = host.Cache.OfType("workshopReport").Single().Variant("ar")!;

        report.Name.ShouldBe("تعزيز الشراكات والبرامج والسياسات المحلية للوقاية");
        var takeaways = report.Value("keyTakeaways")!.Value.EnumerateArray().ToList();
        takeaways.Count.ShouldBe(5);
        takeaways[2].GetProperty("values").GetProperty("heading").GetString()!.ShouldContain("القطاع الخاص");
        report.Value("nextSteps")!.Value.GetArrayLength().ShouldBe(4);
    }
}
