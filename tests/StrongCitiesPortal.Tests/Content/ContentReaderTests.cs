using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Tests.Content;

/// <summary>
/// The contracts' reader: latest, live and draft items by id, key, type or parent, streamed, and inside a change's own
/// transaction when a handler asks; and the content service's lists, which read through it.
/// </summary>
[Category("Database")]
public sealed class ContentReaderTests
{
    private static readonly Guid Home = Guid.Parse("a3de62ce-3547-45ff-95c9-91a652b147ca");
    private static readonly Guid PracticeLibrary = Data.PracticeLibrary;
    private static readonly Guid ThemeLibrary = Guid.Parse("117b94a7-61e1-4570-ad0b-a54afdaafda5");

    [Test]
    public async Task Latest_items_are_selected_by_parent_root_type_key_and_id_in_tree_order()
    {
        await using var host = await ContentHost.StartAsync("contentreaderlatest", loadStarterContent: true);
        var reader = host.Services.GetRequiredService<IContentReader>();
        var edited = (await host.Content.SaveAndPublishAsync(Data.StarterPractice("Published then edited"), ["en"], "editor")).Item!;
        (await host.Content.SaveAsync(new ContentDraft { Key = edited.Key, ContentType = "goodPractice", Data = Data.StarterPractice("Edited since").Data }, "editor")).Succeeded.ShouldBeTrue();
        var binned = (await host.Content.SaveAsync(Data.StarterPractice("Binned"), "editor")).Item!;
        (await host.Content.TrashAsync(binned.Key, "editor")).Succeeded.ShouldBeTrue();

        var roots = await reader.LatestAsync(ContentSelection.ChildrenOf(null)).ToListAsync();
        roots.Select(r => r.Key).ShouldBe([Home]);

        var practices = await reader.LatestAsync(ContentSelection.ChildrenOf(PracticeLibrary)).ToListAsync();
        practices.Count.ShouldBeGreaterThan(2);
        practices.ShouldAllBe(p => p.ParentKey == PracticeLibrary && !p.Trashed);
        practices.Select(p => p.SortOrder).ShouldBeInOrder();
        practices.Select(p => p.Key).ShouldNotContain(binned.Key);
        var newest = practices.Single(p => p.Key == edited.Key);
        (newest.Version, newest.Name("en"), newest.Publishing["en"].PublishedVersion).ShouldBe((2, "Edited since", (int?)1));
        (await reader.LatestAsync(new ContentSelection { Parent = PracticeLibrary, IncludeTrashed = true }).ToListAsync())
            .Select(p => p.Key).ShouldContain(binned.Key);

        var ofType = await reader.LatestAsync(ContentSelection.OfType("goodPractice")).ToListAsync();
        ofType.Select(p => p.Key).ShouldBe(practices.Select(p => p.Key), ignoreOrder: true);

        var byKey = await reader.LatestAsync(ContentSelection.ByKey(edited.Key, Home, Guid.NewGuid())).ToListAsync();
        byKey.Select(i => i.Key).ShouldBe([Home, edited.Key]);
        var byId = await reader.LatestAsync(ContentSelection.ById(edited.Id)).ToListAsync();
        byId.ShouldHaveSingleItem().Key.ShouldBe(edited.Key);

        // The content service's list is the same read.
        (await host.Content.GetChildrenAsync(PracticeLibrary)).Select(p => p.Key).ShouldBe(practices.Select(p => p.Key));
        (await host.Content.GetChildrenAsync(null)).Select(p => p.Key).ShouldBe([Home]);
    }

    [Test]
    public async Task Published_items_follow_the_live_rule_and_drafts_are_what_is_not_live_as_it_is()
    {
        await using var host = await ContentHost.StartAsync("contentreaderlive", loadStarterContent: true);
        var reader = host.Services.GetRequiredService<IContentReader>();
        var live = (await host.Content.SaveAndPublishAsync(Data.StarterPractice("Live as it is"), ["en"], "editor")).Item!;
        var edited = (await host.Content.SaveAndPublishAsync(Data.StarterPractice("Live before the edit"), ["en"], "editor")).Item!;
        (await host.Content.SaveAsync(new ContentDraft { Key = edited.Key, ContentType = "goodPractice", Data = Data.StarterPractice("The edit").Data }, "editor")).Succeeded.ShouldBeTrue();
        var draft = (await host.Content.SaveAsync(Data.StarterPractice("Never published"), "editor")).Item!;
        var selection = ContentSelection.ByKey(live.Key, edited.Key, draft.Key);

        var published = await reader.PublishedAsync(selection).ToListAsync();
        published.Select(p => p.Key).ShouldBe([live.Key, edited.Key], ignoreOrder: true);
        published.Single(p => p.Key == edited.Key).Culture("en")!.Name.ShouldBe("Live before the edit");
        published.Single(p => p.Key == live.Key).AncestorKeys.ShouldBe([Home, PracticeLibrary]);

        var drafts = await reader.DraftsAsync(selection).ToListAsync();
        drafts.Select(d => d.Key).ShouldBe([edited.Key, draft.Key], ignoreOrder: true);
        drafts.Single(d => d.Key == edited.Key).Variant("en")!.Name.ShouldBe("The edit");

        // Nothing under a section taken offline in a culture is live in it, though it is still published itself.
        (await host.Content.UnpublishAsync(PracticeLibrary, ["en"], "editor")).Succeeded.ShouldBeTrue();
        (await reader.PublishedAsync(selection).ToListAsync()).ShouldBeEmpty();
        var practices = await reader.PublishedAsync(ContentSelection.OfType("goodPractice")).ToListAsync();
        practices.ShouldNotBeEmpty();
        practices.ShouldAllBe(p => p.Culture("en") == null && p.Cultures.Count > 0);
        (await reader.PublishedAsync(ContentSelection.ChildrenOf(null)).ToListAsync()).Select(p => p.Key).ShouldBe([Home]);
    }

    [Test]
    public async Task Inside_a_change_a_handler_reads_the_change_s_own_save_before_it_commits()
    {
        var seen = new NamesSeen();
        await using var host = await ContentHost.StartAsync("contentreaderscope",
            configure: s => s.AddSingleton<IContentNotificationHandler<ContentSavedNotification>>(seen), loadStarterContent: true);
        seen.Reader = host.Services.GetRequiredService<IContentReader>();
        var item = (await host.Content.SaveAsync(Data.StarterPractice("First"), "editor")).Item!;

        (await host.Content.SaveAsync(new ContentDraft { Key = item.Key, ContentType = "goodPractice", Data = Data.StarterPractice("Second").Data }, "editor")).Succeeded.ShouldBeTrue();

        seen.Inside.ShouldBe(["First", "Second"]);
        seen.Outside.ShouldBe([null, "First"]);
    }

    [Test]
    public async Task The_recycle_bin_shows_what_was_put_there_most_recent_first_without_what_went_with_it()
    {
        await using var host = await ContentHost.StartAsync("contentreaderbin", loadStarterContent: true);
        var practice = (await host.Content.SaveAsync(Data.StarterPractice("Binned alone"), "editor")).Item!;
        var themes = await host.Content.GetChildrenAsync(ThemeLibrary);
        themes.ShouldNotBeEmpty();

        (await host.Content.TrashAsync(practice.Key, "editor")).Succeeded.ShouldBeTrue();
        await Task.Delay(10);
        (await host.Content.TrashAsync(ThemeLibrary, "editor")).Succeeded.ShouldBeTrue();

        (await host.Content.GetTrashedAsync()).Select(i => i.Key).ShouldBe([ThemeLibrary, practice.Key]);
        (await host.Content.GetChildrenAsync(ThemeLibrary)).ShouldBeEmpty();

        var audit = await host.Content.GetAuditAsync(ThemeLibrary);
        audit[0].Action.ShouldBe("trash");
        audit.ShouldAllBe(a => a.NodeKey == ThemeLibrary);
        var newest = await host.Content.GetAuditAsync(null, take: 3);
        newest.Count.ShouldBe(3);
        (newest[0].NodeKey, newest[0].Action).ShouldBe((ThemeLibrary, "trash"));
        newest.Select(a => a.Id).ShouldBeInOrder(SortDirection.Descending);
    }



    /// <summary>The saved item's name as the change's own transaction reads it, and as another connection does meanwhile.</summary>
    private sealed class NamesSeen : IContentNotificationHandler<ContentSavedNotification>
    {
        public IContentReader? Reader { get; set; }

        public List<string?> Inside { get; } = [];

        public List<string?> Outside { get; } = [];

        public async Task HandleAsync(ContentSavedNotification notification, CancellationToken cancellationToken)
        {
            if (Reader is null || notification.Item.ContentType != "goodPractice")
                return;
            var selection = ContentSelection.ByKey(notification.Item.Key);
            Inside.Add(await NameAsync(Reader.LatestAsync(selection, notification.Scope, cancellationToken)));
            Outside.Add(await NameAsync(Reader.LatestAsync(selection, null, cancellationToken)));
        }

        private static async Task<string?> NameAsync(IAsyncEnumerable<ContentItem> items)
        {
            await foreach (var item in items)
                return item.Name("en");
            return null;
        }
    }
}
