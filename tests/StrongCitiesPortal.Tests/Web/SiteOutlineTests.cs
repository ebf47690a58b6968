using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Tests.Web;

/// <summary>
/// The site's outline (sections and the small types' live items, read by navigation and listings) is worked out per
/// type from the cache's index by type, and follows every change to what is live.
/// </summary>
[Category("Database")]
public sealed class SiteOutlineTests
{
    private static readonly string Model = TestModel.Write(TestModel.Site);

    [Test]
    public async Task Sections_and_the_items_of_a_type_follow_publishes_unpublishes_and_moves()
    {
        await using var host = await ContentHost.StartAsync("siteoutline", Model);
        var content = host.Content;
        var site = (await content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" }, "fr": { "name": "Accueil" } } }""") }, ["en", "fr"], "t")).Item!.Key;
        async Task<Guid> PublishAsync(string type, Guid parent, string name) =>
            (await content.SaveAndPublishAsync(new ContentDraft { ContentType = type, ParentKey = parent, Data = type == "folder" ? Data.Parse($$"""{ "cultures": { "en": { "name": "{{name}}" } } }""") : Data.Named(name, name + " fr") }, type == "folder" ? ["en"] : ["en", "fr"], "t")).Item!.Key;
        var top = await PublishAsync("article", site, "Top");
        var folder = await PublishAsync("folder", site, "Library");
        var first = await PublishAsync("article", folder, "First");
        var second = await PublishAsync("article", folder, "Second");
        var outline = new SiteOutline(host.Cache);

        outline.Section("folder").ShouldBe(folder);
        outline.Section("article").ShouldBe(top);
        // In sort order among siblings, then in the order they were made.
        outline.KeysOf("article").ShouldBe([top, first, second]);
        outline.KeysOf("nothing").ShouldBeEmpty();
        outline.Section("nothing").ShouldBeNull();

        // Items under an unpublished folder stay in the cache, but are no longer live anywhere.
        (await content.UnpublishAsync(folder, ["en"], "t")).Succeeded.ShouldBeTrue();
        outline.Section("folder").ShouldBeNull();
        outline.KeysOf("article").ShouldBe([top]);

        // Moved out from under it, an article is live again; the top one, unpublished, goes.
        (await content.MoveAsync(second, site, "t")).Succeeded.ShouldBeTrue();
        (await content.UnpublishAsync(top, ["en", "fr"], "t")).Succeeded.ShouldBeTrue();
        outline.KeysOf("article").ShouldBe([second]);
        outline.Section("article").ShouldBe(second);
        outline.ItemsOf("article").Single().Key.ShouldBe(second);
    }
}
