using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Tests.Content;

/// <summary>Items looked up by key or type many at a time, as imports and site copies do.</summary>
[Category("Database")]
public sealed class ItemLookupTests
{
    private static readonly Guid PracticeLibrary = Data.PracticeLibrary;

    [Test]
    public async Task The_latest_version_comes_with_each_culture_s_live_version_and_the_recycle_bin_is_told_apart()
    {
        await using var host = await ContentHost.StartAsync("itemlookuplatest", loadStarterContent: true);
        var lookup = host.Services.GetRequiredService<ItemLookup>();
        var live = (await host.Content.SaveAndPublishAsync(Data.StarterPractice("Published then edited"), ["en"], "editor")).Item!;
        (await host.Content.SaveAsync(new ContentDraft { Key = live.Key, ContentType = "goodPractice", Data = Data.StarterPractice("Edited since").Data }, "editor")).Succeeded.ShouldBeTrue();
        var binned = (await host.Content.SaveAsync(Data.StarterPractice("Binned"), "editor")).Item!;
        (await host.Content.TrashAsync(binned.Key, "editor")).Succeeded.ShouldBeTrue();
        var missing = Guid.NewGuid();

        var latest = await lookup.LatestAsync([live.Key, binned.Key, missing, live.Key]);

        latest.Keys.Order().ShouldBe(new[] { live.Key, binned.Key }.Order());
        var edited = latest[live.Key];
        (edited.Version, edited.ContentType, edited.ParentKey, edited.Trashed, edited.UpdatedBy).ShouldBe((2, "goodPractice", (Guid?)PracticeLibrary, false, "editor"));
        edited.Data.Cultures["en"].Name.ShouldBe("Edited since");
        edited.Cultures["en"].ShouldBe(new LatestCulture("Edited since", 1));
        latest[binned.Key].Trashed.ShouldBeTrue();
        latest[binned.Key].Cultures["en"].PublishedVersion.ShouldBeNull();

        var types = await lookup.TypesOfAsync([live.Key, binned.Key, missing, PracticeLibrary]);
        types.Count.ShouldBe(2);
        types[live.Key].ShouldBe("goodPractice");
        types[PracticeLibrary].ShouldBe("practiceLibrary");
    }

    [Test]
    public async Task Names_sort_orders_and_keys_cover_what_a_bulk_writer_needs()
    {
        await using var host = await ContentHost.StartAsync("itemlookupnames", loadStarterContent: true);
        var lookup = host.Services.GetRequiredService<ItemLookup>();
        var children = await host.Content.GetChildrenAsync(PracticeLibrary);
        var binned = children[0];
        (await host.Content.TrashAsync(binned.Key, "editor")).Succeeded.ShouldBeTrue();

        var names = await lookup.NamesAsync(["goodPractice"]).ToListAsync();
        names.Select(n => n.Key).Distinct().ShouldBe(children.Skip(1).Select(c => c.Key), ignoreOrder: true);
        names.ShouldContain(new ItemName("goodPractice", children[1].Key, "en", children[1].Publishing["en"].Name));
        names.ShouldAllBe(n => n.ContentType == "goodPractice");
        (await lookup.NamesAsync([]).ToListAsync()).ShouldBeEmpty();

        // A child in the recycle bin keeps its place: new ones still go after it.
        (await lookup.NextSortOrderAsync(PracticeLibrary)).ShouldBe(children.Max(c => c.SortOrder) + 1);
        (await lookup.NextSortOrderAsync(children[1].Key)).ShouldBe(0);

        var all = await lookup.AllKeysAsync().ToListAsync();
        all.ShouldContain(binned.Key);
        all.ShouldContain(PracticeLibrary);
        all.Count.ShouldBe(all.Distinct().Count());
    }

    [Test]
    public async Task Inside_a_change_the_latest_version_is_the_change_s_own_before_it_commits()
    {
        var seen = new LatestSeen();
        await using var host = await ContentHost.StartAsync("itemlookupscope",
            configure: s => s.AddSingleton<IContentNotificationHandler<ContentSavedNotification>>(seen), loadStarterContent: true);
        var lookup = host.Services.GetRequiredService<ItemLookup>();
        var item = (await host.Content.SaveAsync(Data.StarterPractice("First"), "editor")).Item!;
        seen.Listening = true;
        IReadOnlyDictionary<Guid, LatestItem>? outside = null;

        await host.Content.InBatchAsync("importer", async batch =>
        {
            (await host.Content.SaveAsync(new ContentDraft { Key = item.Key, ContentType = "goodPractice", Data = Data.StarterPractice("Second").Data }, batch.Context)).Succeeded.ShouldBeTrue();
            outside = await lookup.LatestAsync([item.Key]);
        });

        var inside = seen.Versions.ShouldHaveSingleItem();
        inside.Count.ShouldBe(1);
        inside[item.Key].ShouldBe(2);
        outside![item.Key].Version.ShouldBe(1);
        (await lookup.LatestAsync([item.Key]))[item.Key].Version.ShouldBe(2);
    }



    /// <summary>What the change's own transaction says the saved item's latest version is.</summary>
    private sealed class LatestSeen : IContentNotificationHandler<ContentSavedNotification>
    {
        public List<IReadOnlyDictionary<Guid, int>> Versions { get; } = [];

        public bool Listening { get; set; }

        public async Task HandleAsync(ContentSavedNotification notification, CancellationToken cancellationToken)
        {
            if (Listening)
                Versions.Add(await ItemLookup.LatestVersionsAsync(notification.Scope, [notification.Item.Key, Guid.NewGuid()], cancellationToken));
        }
    }
}
