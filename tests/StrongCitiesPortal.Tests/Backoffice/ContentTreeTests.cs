using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Web.Features.Backoffice.Content;
using StrongCitiesPortal.Web.Features.Backoffice.Reviews;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>The content tree: nested lists with each culture's state, large folders collapsed to their first items and a paged list.</summary>
[Category("Database")]
public sealed class ContentTreeTests() : EditorFixture("contenttree")
{
    private const int Added = 60;

    [OneTimeSetUp]
    public async Task FillTheLibraryAsync()
    {
        for (var i = 1; i <= Added; i++)
        {
            var data = new ContentData();
            data.Invariant["kind"] = JsonSerializer.SerializeToElement("Case study");
            data.Cultures["en"] = new CultureData
            {
                Name = string.Create(CultureInfo.InvariantCulture, $"Bulk practice {i:000}"),
                Values = { ["summary"] = JsonSerializer.SerializeToElement("A practice made by the test.") },
            };
            var result = await Portal.Content.SaveAsync(new ContentDraft { ContentType = "goodPractice", ParentKey = BackofficePortal.PracticeLibrary, Data = data }, BackofficePortal.Editor);
            result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        }
    }

    [Test]
    public async Task A_large_folder_is_collapsed_to_its_first_items_with_a_count_and_a_link_to_all_of_them()
    {
        var total = (await Portal.Services.GetRequiredService<ContentTree>().LoadAsync()).Children(BackofficePortal.PracticeLibrary).Count();
        total.ShouldBeGreaterThan(TreeModel.LargeFolder);

        var tree = await Editor.PageAsync("/backoffice/content");

        var library = tree.QuerySelector($".bo-tree li[data-key='{BackofficePortal.PracticeLibrary}']")!;
        library.GetAttribute("data-children").ShouldBe(total.ToString(CultureInfo.InvariantCulture));
        library.QuerySelector("details")!.HasAttribute("open").ShouldBeFalse();
        library.QuerySelectorAll("details > ul > li[data-key]").Length.ShouldBe(TreeModel.ShownOfLarge);
        var more = library.QuerySelector("details > ul > li.bo-more a")!;
        more.GetAttribute("href").ShouldBe($"/backoffice/content?parent={BackofficePortal.PracticeLibrary}");
        more.TextContent.ShouldContain($"All {total} items");
        tree.Body!.TextContent.ShouldNotContain($"Bulk practice {Added:000}");
        // Small folders stay open with all their items.
        var cities = tree.QuerySelector($"li[data-key='{BackofficePortal.London}']")!.ParentElement!.ParentElement!;
        cities.HasAttribute("open").ShouldBeTrue();

        // The link gives every item, a page at a time, and a name filter narrows them.
        var first = await Editor.PageAsync(more.GetAttribute("href")!);
        first.QuerySelectorAll(".bo-paged li[data-key]").Length.ShouldBe(TreeModel.PageSize);
        first.QuerySelector(".bo-count")!.TextContent.ShouldContain($"{total} items");
        var next = first.QuerySelector(".bo-pager a[rel=next]")!.GetAttribute("href")!;
        var second = await Editor.PageAsync(next);
        second.QuerySelectorAll(".bo-paged li[data-key]").Length.ShouldBe(total - TreeModel.PageSize);
        second.QuerySelector(".bo-pager a[rel=next]").ShouldBeNull();
        var filtered = await Editor.PageAsync($"/backoffice/content?parent={BackofficePortal.PracticeLibrary}&q=practice+05");
        filtered.QuerySelectorAll(".bo-paged li[data-key]").Select(li => li.QuerySelector("a")!.TextContent)
            .ShouldBe(Enumerable.Range(50, 10).Select(i => $"Bulk practice {i:000}"));
    }

    [Test]
    public async Task Each_item_is_marked_per_culture_published_draft_in_review_or_scheduled()
    {
        await Portal.Services.GetRequiredService<ReviewService>().SubmitLatestAsync(BackofficePortal.London, ["en"], BackofficePortal.Writer, null);
        var paris = await Portal.Content.GetAsync(BackofficePortal.Paris);
        (await Portal.Content.ScheduleAsync(BackofficePortal.Paris, "fr", new DateTimeOffset(2031, 3, 1, 9, 30, 0, TimeSpan.Zero), null, paris!.Version, BackofficePortal.Editor)).Succeeded.ShouldBeTrue();

        var tree = await Editor.PageAsync("/backoffice/content");
        string Mark(Guid key, string culture) => tree.QuerySelector($"li[data-key='{key}'] .bo-mark[data-culture={culture}]")!.TextContent;

        Mark(BackofficePortal.IReportIt, "en").ShouldBe("en: published");
        Mark(BackofficePortal.London, "en").ShouldBe("en: published, in review");
        Mark(BackofficePortal.London, "fr").ShouldBe("fr: published");
        Mark(BackofficePortal.Paris, "fr").ShouldBe("fr: published, scheduled for 1 Mar 2031 09:30 UTC");
        tree.QuerySelector($"li[data-key='{BackofficePortal.Paris}'] .bo-mark[data-culture=fr]")!.ClassList.ShouldContain("scheduled");

        var list = await Editor.PageAsync($"/backoffice/content?parent={BackofficePortal.PracticeLibrary}&q=Bulk+practice+001");
        list.QuerySelector(".bo-paged .bo-mark[data-culture=en]")!.TextContent.ShouldBe("en: not published");
    }
}
