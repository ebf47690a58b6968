using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Seeding;

namespace StrongCitiesPortal.Tests.Content;

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
}
