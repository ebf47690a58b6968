using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Tests.Content;

/// <summary>Every item streamed a page at a time, parents first, with what is live and (when asked) every version.</summary>
[Category("Database")]
public sealed class StoredItemReaderTests
{
    private static readonly Guid PracticeLibrary = Data.PracticeLibrary;

    [Test]
    public async Task Pages_put_parents_first_and_carry_the_live_data_of_older_versions_and_the_history()
    {
        await using var host = await ContentHost.StartAsync("storeditems", loadStarterContent: true);
        var reader = host.Services.GetRequiredService<StoredItemReader>();
        var item = (await host.Content.SaveAndPublishAsync(Data.StarterPractice("Live name"), ["en"], "editor")).Item!;
        (await host.Content.SaveAsync(new ContentDraft { Key = item.Key, ContentType = "goodPractice", Data = Data.StarterPractice("Draft name").Data }, "writer")).Succeeded.ShouldBeTrue();
        var binned = (await host.Content.SaveAsync(Data.StarterPractice("Binned"), "editor")).Item!;
        (await host.Content.TrashAsync(binned.Key, "editor")).Succeeded.ShouldBeTrue();

        var pages = await PagesAsync(reader, new StoredItemQuery { PageSize = 7, IncludeHistory = true });

        pages.ShouldAllBe(p => p.Count > 0 && p.Count <= 7);
        var items = pages.SelectMany(p => p).ToList();
        var seen = new HashSet<Guid>();
        foreach (var read in items)
        {
            if (read.ParentKey is { } parent)
                seen.ShouldContain(parent, $"{read.Key}'s parent comes first");
            seen.Add(read.Key).ShouldBeTrue();
        }
        items.ShouldNotContain(i => i.Key == binned.Key);
        var stored = items.Single(i => i.Key == item.Key);
        (stored.Version, stored.UpdatedBy, stored.ParentKey).ShouldBe((2, "writer", (Guid?)PracticeLibrary));
        stored.Data.Cultures["en"].Name.ShouldBe("Draft name");
        stored.Cultures["en"].PublishedVersion.ShouldBe(1);
        stored.Cultures["en"].PublishedName.ShouldBe("Live name");
        stored.PublishedData.Keys.ShouldBe([1]);
        stored.PublishedData[1].Cultures["en"].Name.ShouldBe("Live name");
        stored.Versions!.Select(v => (v.Version, v.CreatedBy, v.Data.Cultures["en"].Name)).ShouldBe([(1, "editor", "Live name"), (2, "writer", "Draft name")]);

        var practices = (await PagesAsync(reader, new StoredItemQuery { ContentType = "goodPractice", IncludeTrashed = true })).SelectMany(p => p).ToList();
        practices.ShouldAllBe(p => p.ContentType == "goodPractice" && p.Versions == null);
        practices.Single(p => p.Key == binned.Key).Trashed.ShouldBeTrue();
        practices.Count.ShouldBe(items.Count(i => i.ContentType == "goodPractice") + 1);
    }

    private static async Task<List<IReadOnlyList<StoredItem>>> PagesAsync(StoredItemReader reader, StoredItemQuery query)
    {
        var pages = new List<IReadOnlyList<StoredItem>>();
        await foreach (var page in reader.ReadPagesAsync(query))
            pages.Add(page);
        return pages;
    }

}
