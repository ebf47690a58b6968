using System.Text;
using Microsoft.Playwright;

namespace StrongCitiesPortal.Tests.Backoffice.Browser;

public sealed partial class BackofficeBrowserTests
{
    [Test]
    public async Task An_editor_dry_runs_an_import_then_runs_it_for_real_and_reads_the_report()
    {
        var page = await Browser.SignInAsync(BackofficePortal.Editor);
        var csv = "externalId,name,summary,kind,themes,countries\n"
            + "browser-1,Browser imported practice,Imported through the page,Initiative,Youth,United Kingdom\n"
            + "browser-2,Browser imported twin,Also imported,Research,,France\n"
            + "browser-3,Broken row,A summary,Initiative,,Atlantis\n";

        await page.GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true }).ClickAsync();
        await page.GetByLabel("Document type the records become").SelectOptionAsync("goodPractice");
        await page.GetByLabel("Parent of the new items").SelectOptionAsync(BackofficePortal.PracticeLibrary.ToString());
        await page.GetByLabel("File(s)").SetInputFilesAsync(new FilePayload { Name = "partner-library.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByLabel("en", new() { Exact = true }).CheckAsync();
        await Assertions.Expect(page.Locator("input[name=mode][value=dry-run]")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and start" }).ClickAsync();

        // The progress page follows the job and turns into the report when it ends.
        await Assertions.Expect(page.Locator("#import-title")).ToContainTextAsync("Dry run (nothing written): 3 rows");
        await Assertions.Expect(page.Locator("tr[data-outcome=created] [data-count]")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("tr[data-outcome=invalid] [data-count]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#import-rows")).ToContainTextAsync("'Atlantis' is not a country name or ISO 3166 code.");
        await Assertions.Expect(page.Locator("#import-unknown-picks")).ToContainTextAsync("row 3 (line 4) [browser-3]");
        Browser.Portal.Cache.Children(BackofficePortal.PracticeLibrary, "en").ShouldNotContain(p => p.Variant("en")!.Name == "Browser imported practice");

        await page.GetByRole(AriaRole.Button, new() { Name = "Import this file for real" }).ClickAsync();

        await Assertions.Expect(page.Locator("#import-title")).ToContainTextAsync("Import run");
        await Assertions.Expect(page.Locator("tr[data-outcome=created] [data-count]")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#import-rows")).ToContainTextAsync("'Atlantis' is not a country name or ISO 3166 code.");
        // The report is written when the rows have committed; the published cache follows the change feed (at most a moment behind).
        var imported = await ImportedAsync("Browser imported practice");
        await page.GotoAsync(Browser.Portal.Cache.Route(imported.Key, "en")!);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Browser imported practice");
    }

    private async Task<StrongCitiesPortal.Content.Publishing.PublishedContent> ImportedAsync(string name) =>
        (await Eventually.ReadAsync(
            () => Task.FromResult(Browser.Portal.Cache.Children(BackofficePortal.PracticeLibrary, "en").SingleOrDefault(p => p.Variant("en")!.Name == name)),
            found => found is not null, $"'{name}' in the published cache after the import's report", TimeSpan.FromSeconds(10)))!;
}
