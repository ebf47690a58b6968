using Npgsql;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Tests.Content;

[Category("Database")]
public sealed class ContentServiceTests
{
    private ContentHost _host = null!;
    private Guid _site;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await ContentHost.StartAsync("content", TestModel.Write(TestModel.Site));
        var site = await _host.Content.SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "site",
            Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" }, "fr": { "name": "Accueil" }, "ar": { "name": "الرئيسية" } } }"""),
        }, ["en", "fr", "ar"], "tester");
        site.Succeeded.ShouldBeTrue(string.Join("; ", site.Errors));
        _site = site.Item!.Key;
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private async Task<ContentItem> NewArticleAsync(string name, string? fr = null, Guid? parent = null)
    {
        var result = await _host.Content.SaveAsync(new ContentDraft { ContentType = "article", ParentKey = parent ?? _site, Data = Data.Named(name, fr) }, "tester");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        return result.Item!;
    }

    private async Task<long> VersionCountAsync()
    {
        await using var connection = new NpgsqlConnection(_host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from cms_version", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Test]
    public async Task Saving_writes_a_new_version_each_time()
    {
        var item = await NewArticleAsync("Versions");

        var second = await _host.Content.SaveAsync(new ContentDraft { Key = item.Key, ContentType = "article", Data = Data.Named("Versions 2"), BasedOnVersion = 1 }, "tester");

        second.Item!.Version.ShouldBe(2);
        (await _host.Content.GetVersionsAsync(item.Key)).Select(v => v.Version).ShouldBe([2, 1]);
        (await _host.Content.GetVersionDataAsync(item.Key, 1))!.Cultures["en"].Name.ShouldBe("Versions");
    }

    [Test]
    public async Task Invalid_input_is_refused_with_a_message_per_property_and_nothing_is_written()
    {
        var before = await VersionCountAsync();
        var result = await _host.Content.SaveAsync(new ContentDraft
        {
            ContentType = "article",
            ParentKey = _site,
            Data = Data.Parse("""
                { "invariant": { "code": "abc", "count": 11, "country": "XX", "related": ["not-a-key"], "colour": "red" },
                  "cultures": { "en": { "name": "", "values": { "summary": "This summary is far too long for the fifty character limit set" } },
                                "de": { "name": "Deutsch" } } }
                """),
        }, "tester");

        result.Outcome.ShouldBe(ContentOutcome.Invalid);
        var messages = result.Errors.Select(e => e.ToString()).ToList();
        messages.ShouldContain(m => m.StartsWith("name [en]: A name is required", StringComparison.Ordinal));
        messages.ShouldContain(m => m.StartsWith("summary [en]:", StringComparison.Ordinal) && m.Contains("the most is 50"));
        messages.ShouldContain(m => m.StartsWith("code:", StringComparison.Ordinal) && m.Contains("expected form"));
        messages.ShouldContain(m => m.StartsWith("count:", StringComparison.Ordinal) && m.Contains("at most 10"));
        messages.ShouldContain(m => m.StartsWith("country:", StringComparison.Ordinal) && m.Contains("ISO 3166"));
        messages.ShouldContain(m => m.StartsWith("related:", StringComparison.Ordinal) && m.Contains("not a content key"));
        messages.ShouldContain(m => m.StartsWith("colour:", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("'de' is not one of the portal's cultures"));
        messages.ShouldContain(m => m.StartsWith("summary [de]:", StringComparison.Ordinal) && m.Contains("required"));
        (await VersionCountAsync()).ShouldBe(before);
    }

    [Test]
    public async Task A_picker_refuses_an_item_of_the_wrong_type_and_blocks_are_checked_inside()
    {
        var result = await _host.Content.SaveAsync(new ContentDraft
        {
            ContentType = "article",
            ParentKey = _site,
            Data = Data.Parse($$"""
                { "invariant": { "related": ["{{_site}}"] },
                  "cultures": { "en": { "name": "Blocks", "values": { "summary": "ok", "points": [ { "contentType": "point", "values": { } }, { "contentType": "site", "values": { } } ] } } } }
                """),
        }, "tester");

        var messages = result.Errors.Select(e => e.ToString()).ToList();
        messages.ShouldContain(m => m.Contains("is a 'site'; this picker takes article"));
        messages.ShouldContain(m => m.StartsWith("points[0].heading [en]:", StringComparison.Ordinal) && m.Contains("required"));
        messages.ShouldContain(m => m.StartsWith("points[1] [en]:", StringComparison.Ordinal) && m.Contains("not allowed"));
    }

    [Test]
    public async Task A_type_not_allowed_below_its_parent_is_refused()
    {
        var result = await _host.Content.SaveAsync(new ContentDraft
        {
            ContentType = "site",
            ParentKey = _site,
            Data = Data.Parse("""{ "cultures": { "en": { "name": "Nested site" } } }"""),
        }, "tester");

        result.Errors.ShouldContain(e => e.Message.Contains("not allowed below"));
    }

    [Test]
    public async Task Publishing_a_culture_makes_only_that_culture_live_and_routable()
    {
        var item = await NewArticleAsync("Partnerships", "Partenariats");

        await _host.Content.PublishAsync(item.Key, ["fr"], "tester");

        _host.Cache.Route(item.Key, "fr").ShouldBe("/partenariats/");
        _host.Cache.Route(item.Key, "en").ShouldBeNull();
        _host.Cache.GetByRoute("/partenariats", "fr")!.Key.ShouldBe(item.Key);

        await _host.Content.PublishAsync(item.Key, ["en"], "tester");
        _host.Cache.Get(item.Key)!.Variant("en")!.Name.ShouldBe("Partnerships");

        await _host.Content.UnpublishAsync(item.Key, ["fr"], "tester");
        _host.Cache.Route(item.Key, "fr").ShouldBeNull();
        _host.Cache.Route(item.Key, "en").ShouldBe("/partnerships/");
    }

    [Test]
    public async Task The_live_version_stays_live_while_a_newer_draft_is_saved()
    {
        var item = await NewArticleAsync("Draft test");
        await _host.Content.PublishAsync(item.Key, ["en"], "tester");

        await _host.Content.SaveAsync(new ContentDraft { Key = item.Key, ContentType = "article", Data = Data.Named("Draft test", summary: "Changed in draft") }, "tester");

        _host.Cache.Get(item.Key)!.Variant("en")!.Text("summary").ShouldBe("A summary");
        (await _host.Content.GetAsync(item.Key))!.Data.Value("summary", "en")!.Value.GetString().ShouldBe("Changed in draft");

        await _host.Content.PublishAsync(item.Key, ["en"], "tester");
        _host.Cache.Get(item.Key)!.Variant("en")!.Text("summary").ShouldBe("Changed in draft");
    }

    [Test]
    public async Task A_culture_cannot_go_live_below_a_parent_that_is_not_live_in_it()
    {
        var parent = await NewArticleAsync("Parent only English", "Parent");
        await _host.Content.PublishAsync(parent.Key, ["en"], "tester");
        var child = await NewArticleAsync("Child", "Enfant", parent.Key);

        var result = await _host.Content.PublishAsync(child.Key, ["fr"], "tester");

        result.Outcome.ShouldBe(ContentOutcome.Invalid);
        result.Errors.Single().Message.ShouldContain("Publish the parent");
    }

    [Test]
    public async Task Rollback_brings_back_an_old_version_as_a_new_draft()
    {
        var item = await NewArticleAsync("Rollback");
        await _host.Content.SaveAsync(new ContentDraft { Key = item.Key, ContentType = "article", Data = Data.Named("Rollback changed") }, "tester");
        await _host.Content.PublishAsync(item.Key, ["en"], "tester");

        var rolled = await _host.Content.RollbackAsync(item.Key, 1, "tester");

        rolled.Item!.Version.ShouldBe(3);
        rolled.Item.Name("en").ShouldBe("Rollback");
        _host.Cache.Get(item.Key)!.Variant("en")!.Name.ShouldBe("Rollback changed");
        await _host.Content.PublishAsync(item.Key, ["en"], "tester");
        _host.Cache.Get(item.Key)!.Variant("en")!.Name.ShouldBe("Rollback");
        (await _host.Content.GetAuditAsync(item.Key)).Select(a => a.Action).ShouldContain("save");
    }

    [Test]
    public async Task A_second_save_based_on_an_old_version_is_refused_as_a_conflict()
    {
        var item = await NewArticleAsync("Shared");
        var first = await _host.Content.SaveAsync(new ContentDraft { Key = item.Key, ContentType = "article", Data = Data.Named("First editor"), BasedOnVersion = 1 }, "alice");
        var second = await _host.Content.SaveAsync(new ContentDraft { Key = item.Key, ContentType = "article", Data = Data.Named("Second editor"), BasedOnVersion = 1 }, "bob");

        first.Succeeded.ShouldBeTrue();
        second.Outcome.ShouldBe(ContentOutcome.Conflict);
        second.CurrentVersion.ShouldBe(2);
        (await _host.Content.GetAsync(item.Key))!.Name("en").ShouldBe("First editor");
    }

    [Test]
    public async Task Routes_follow_ancestors_and_change_when_a_parent_is_renamed_or_moved()
    {
        var folder = await NewArticleAsync("Library");
        var child = await NewArticleAsync("Toolkit", parent: folder.Key);
        await _host.Content.PublishAsync(folder.Key, ["en"], "tester");
        await _host.Content.PublishAsync(child.Key, ["en"], "tester");
        _host.Cache.Route(child.Key, "en").ShouldBe("/library/toolkit/");

        await _host.Content.SaveAndPublishAsync(new ContentDraft { Key = folder.Key, ContentType = "article", Data = Data.Parse("""{ "cultures": { "en": { "name": "Library", "segment": "resources", "values": { "summary": "s" } } } }""") }, ["en"], "tester");
        _host.Cache.Route(child.Key, "en").ShouldBe("/resources/toolkit/");

        var other = await NewArticleAsync("Other");
        await _host.Content.PublishAsync(other.Key, ["en"], "tester");
        (await _host.Content.MoveAsync(child.Key, other.Key, "tester")).Succeeded.ShouldBeTrue();
        _host.Cache.Route(child.Key, "en").ShouldBe("/other/toolkit/");
        _host.Cache.Children(folder.Key, "en").ShouldBeEmpty();
    }

    [Test]
    public async Task Siblings_get_distinct_url_segments()
    {
        var one = await NewArticleAsync("Same name");
        var two = await NewArticleAsync("Same name");

        one.Publishing["en"].Segment.ShouldBe("same-name");
        two.Publishing["en"].Segment.ShouldBe("same-name-2");
    }

    [Test]
    public async Task Trash_takes_an_item_and_its_children_offline_and_restore_brings_them_back_as_drafts()
    {
        var parent = await NewArticleAsync("Binned");
        var child = await NewArticleAsync("Binned child", parent: parent.Key);
        await _host.Content.PublishAsync(parent.Key, ["en"], "tester");
        await _host.Content.PublishAsync(child.Key, ["en"], "tester");

        await _host.Content.TrashAsync(parent.Key, "tester");
        _host.Cache.Get(parent.Key).ShouldBeNull();
        _host.Cache.Get(child.Key).ShouldBeNull();
        (await _host.Content.GetTrashedAsync()).Select(i => i.Key).ShouldContain(parent.Key);

        await _host.Content.RestoreAsync(parent.Key, "tester");
        (await _host.Content.GetAsync(child.Key))!.Trashed.ShouldBeFalse();

        await _host.Content.DeleteAsync(parent.Key, "tester");
        (await _host.Content.GetAsync(child.Key)).ShouldBeNull();
    }

    [Test]
    public async Task Sorting_orders_children_in_the_cache()
    {
        var folder = await NewArticleAsync("Sorted");
        var a = await NewArticleAsync("A", parent: folder.Key);
        var b = await NewArticleAsync("B", parent: folder.Key);
        foreach (var key in new[] { folder.Key, a.Key, b.Key })
            await _host.Content.PublishAsync(key, ["en"], "tester");

        await _host.Content.SortAsync(folder.Key, [b.Key, a.Key], "tester");

        _host.Cache.Children(folder.Key, "en").Select(c => c.Key).ShouldBe([b.Key, a.Key]);
    }

    [Test]
    public async Task An_invariant_item_is_reachable_in_every_culture_its_parent_is()
    {
        var folder = await _host.Content.SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "folder",
            ParentKey = _site,
            Data = Data.Parse("""{ "cultures": { "en": { "name": "Shared folder" } } }"""),
        }, ["en"], "tester");

        _host.Cache.Route(folder.Item!.Key, "en").ShouldBe("/shared-folder/");
        _host.Cache.Route(folder.Item.Key, "ar").ShouldBe("/shared-folder/");
    }
}
