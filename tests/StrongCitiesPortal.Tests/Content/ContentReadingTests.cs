using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StrongCitiesPortal.Content.Audit;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Reading;

namespace StrongCitiesPortal.Tests.Content;

/// <summary>The engine's readers: pages of the tree by type and property, drafts over live, culture status, references, the audit trail.</summary>
[Category("Database")]
public sealed class ContentReadingTests
{
    private ContentHost _host = null!;
    private Guid _site;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await ContentHost.StartAsync("reading", TestModel.Write(TestModel.Site));
        var site = await _host.Content.SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "site",
            Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" }, "fr": { "name": "Accueil" } } }"""),
        }, ["en", "fr"], "tester");
        site.Succeeded.ShouldBeTrue(string.Join("; ", site.Errors));
        _site = site.Item!.Key;
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private ContentTreeReader Tree => _host.Services.GetRequiredService<ContentTreeReader>();

    private static ContentData Article(string name, IReadOnlyList<Guid>? related = null, string? fr = null)
    {
        var data = Data.Named(name, fr);
        if (related is not null)
            data.Invariant["related"] = JsonSerializer.SerializeToElement(related.Select(k => k.ToString()));
        return data;
    }

    private async Task<ContentItem> SaveAsync(string type, ContentData data, Guid? parent = null, Guid? key = null, bool publish = false)
    {
        var draft = new ContentDraft { Key = key, ContentType = type, ParentKey = key is null ? parent ?? _site : null, Data = data };
        var result = publish ? await _host.Content.SaveAndPublishAsync(draft, [.. data.Cultures.Keys], "tester") : await _host.Content.SaveAsync(draft, "tester");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        return result.Item!;
    }

    private async Task<Guid> FolderAsync() =>
        (await SaveAsync("folder", Data.Parse("""{ "cultures": { "en": { "name": "Folder" } } }"""))).Key;

    private async Task<List<Guid>> KeysAsync(ContentFilter filter)
    {
        var keys = new List<Guid>();
        await foreach (var key in Tree.KeysAsync(filter))
            keys.Add(key);
        return keys;
    }

    [Test]
    public async Task A_page_of_a_folders_children_holds_only_the_type_and_the_property_value_asked_for()
    {
        var target = (await SaveAsync("article", Article("Target"))).Key;
        var folder = await FolderAsync();
        var first = await SaveAsync("article", Article("First", [target]), folder);
        await SaveAsync("article", Article("Second"), folder);
        var third = await SaveAsync("article", Article("Third", [target]), folder);
        await SaveAsync("article", Article("Elsewhere", [target]));
        var filter = new ContentFilter { Parent = folder, ContentType = "article", Property = new PropertyMatch("related", target.ToString()) };

        var page = await Tree.PageAsync(filter, 0, 10);

        page.Nodes.Select(n => n.Key).ShouldBe([first.Key, third.Key]);
        page.Total.ShouldBe(2);
        page.Nodes[0].Name("en").ShouldBe("First");
        // Only the latest version counts: the first no longer names the target once saved without it.
        await SaveAsync("article", Article("First"), key: first.Key);
        (await KeysAsync(filter)).ShouldBe([third.Key]);
        (await KeysAsync(filter with { ContentType = "folder" })).ShouldBeEmpty();
    }

    [Test]
    public async Task Paging_gives_each_page_in_sort_order_and_the_total_even_past_the_last_page()
    {
        var folder = await FolderAsync();
        var keys = new List<Guid>();
        for (var i = 1; i <= 5; i++)
            keys.Add((await SaveAsync("article", Article($"Paged {i}"), folder)).Key);
        var children = new ContentFilter { Parent = folder };

        (await Tree.PageAsync(children, 0, 2)).Nodes.Select(n => n.Key).ShouldBe(keys[..2]);
        var second = await Tree.PageAsync(children, 2, 2);
        second.Nodes.Select(n => n.Key).ShouldBe(keys[2..4]);
        second.Total.ShouldBe(5);
        var past = await Tree.PageAsync(children, 10, 2);
        past.Nodes.ShouldBeEmpty();
        past.Total.ShouldBe(5);
        (await Tree.PageAsync(children with { NameContains = " paged 4 " }, 0, 10)).Nodes.Single().Key.ShouldBe(keys[3]);
        (await Tree.PageAsync(children with { NameContains = "Paged_" }, 0, 10)).Total.ShouldBe(0, "an underscore is a character, not a wildcard");
    }

    [Test]
    public async Task A_property_match_in_a_culture_reads_that_cultures_own_value_only()
    {
        var item = await SaveAsync("article", Data.Parse("""
            { "invariant": { "code": "ABC-1" },
              "cultures": { "en": { "name": "Alpha", "values": { "summary": "English words" } }, "fr": { "name": "Alpha fr", "values": { "summary": "Mots" } } } }
            """));
        var only = new ContentFilter { Keys = [item.Key] };

        (await KeysAsync(only with { Property = new PropertyMatch("summary", "Mots", "fr") })).ShouldBe([item.Key]);
        (await KeysAsync(only with { Property = new PropertyMatch("summary", "Mots", "en") })).ShouldBeEmpty();
        (await KeysAsync(only with { Property = new PropertyMatch("summary", "Mots") })).ShouldBeEmpty();
        (await KeysAsync(only with { Property = new PropertyMatch("code", "ABC-1") })).ShouldBe([item.Key]);
    }

    [Test]
    public async Task Items_in_the_recycle_bin_are_left_out_unless_asked_for()
    {
        var item = await SaveAsync("article", Article("Binned"));
        (await _host.Content.TrashAsync(item.Key, "tester")).Succeeded.ShouldBeTrue();

        (await KeysAsync(new ContentFilter { Keys = [item.Key] })).ShouldBeEmpty();
        (await KeysAsync(new ContentFilter { Keys = [item.Key], IncludeTrashed = true })).ShouldBe([item.Key]);
        (await Tree.PathAsync(item.Key)).ShouldBeEmpty();
    }

    [Test]
    public async Task Drafts_are_the_items_whose_latest_version_is_not_live_in_every_culture()
    {
        var live = await SaveAsync("article", Article("Live as it is"), publish: true);
        var edited = await SaveAsync("article", Article("Edited"), publish: true);
        await SaveAsync("article", Data.Parse("""
            { "invariant": { "code": "EDT-2" }, "cultures": { "en": { "name": "Edited again", "values": { "summary": "Newer words" } } } }
            """), key: edited.Key);
        var never = await SaveAsync("article", Article("Never published"));
        var binned = await SaveAsync("article", Article("Binned draft"));
        (await _host.Content.TrashAsync(binned.Key, "tester")).Succeeded.ShouldBeTrue();

        var drafts = new List<StrongCitiesPortal.Content.Publishing.PublishedContent>();
        await foreach (var draft in _host.Services.GetRequiredService<DraftContentReader>().ReadDraftsAsync())
            drafts.Add(draft);

        var keys = drafts.Select(d => d.Key).ToList();
        keys.ShouldContain(edited.Key);
        keys.ShouldContain(never.Key);
        keys.ShouldNotContain(live.Key);
        keys.ShouldNotContain(binned.Key);
        var variant = drafts.Single(d => d.Key == edited.Key).Variant("en")!;
        variant.Name.ShouldBe("Edited again");
        variant.Version.ShouldBe(2);
        variant.Text("summary").ShouldBe("Newer words");
        variant.Text("code").ShouldBe("EDT-2");
        variant.Segment.ShouldBe("edited-again", "the draft's own route segment");
    }

    [Test]
    public async Task Editing_one_culture_leaves_the_other_live_and_unchanged()
    {
        var item = await SaveAsync("article", Article("Both", fr: "Les deux"), publish: true);
        var data = Article("Both, edited", fr: "Les deux");
        await SaveAsync("article", data, key: item.Key);

        var states = (await _host.Services.GetRequiredService<CultureStatusReader>().ForAsync([item.Key, Guid.NewGuid()]))[item.Key];

        states.Select(s => s.Culture).ShouldBe(["en", "fr"]);
        states[0].ShouldBe(new CultureStatus("en", Published: true, DraftNewer: true, null, null));
        states[1].ShouldBe(new CultureStatus("fr", Published: true, DraftNewer: false, null, null));
    }

    [Test]
    public async Task References_are_found_in_the_latest_and_the_live_versions()
    {
        var target = (await SaveAsync("article", Article("Referred to"))).Key;
        var published = await SaveAsync("article", Article("Refers, live", [target]), publish: true);
        await SaveAsync("article", Article("Refers, live"), key: published.Key);
        var draftOnly = await SaveAsync("article", Article("Refers, draft", [target]));
        var references = _host.Services.GetRequiredService<ContentReferenceReader>();

        (await references.ReferringToAsync(target, ReferringVersions.LatestOrLive)).ShouldBe([published.Key, draftOnly.Key], ignoreOrder: true);
        (await references.ReferringToAsync(target, ReferringVersions.Live)).ShouldBe([published.Key]);

        var other = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(_host.ConnectionString);
        await connection.OpenAsync();
        (await references.MentionedInVersionAsync(connection, null, published.Key, 1, [target, other])).ShouldBe([target]);
        (await references.MentionedInVersionAsync(connection, null, published.Key, 2, [target, other])).ShouldBeEmpty();
    }

    [Test]
    public async Task Audit_lines_roll_back_with_their_transaction_and_the_item_filter_finds_content_by_name()
    {
        var trail = _host.Services.GetRequiredService<AuditTrail>();
        var subject = Guid.NewGuid();
        await using (var connection = new NpgsqlConnection(_host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await trail.WriteAsync(connection, transaction, new AuditLine(subject, "test-rolled-back", "tester"));
            await transaction.RollbackAsync();
        }
        (await trail.QueryAsync(new AuditFilter(Subject: subject))).ShouldBeEmpty();
        await trail.WriteAsync(new AuditLine(subject, "test-kept", "tester", "kept", ToVersion: 3));

        var kept = (await trail.QueryAsync(new AuditFilter(Subject: subject))).Single();
        kept.Entry.Action.ShouldBe("test-kept");
        kept.Entry.ToVersion.ShouldBe(3);
        kept.ContentName.ShouldBeNull();
        (await trail.ActionsAsync()).ShouldContain("test-kept");

        var item = await SaveAsync("article", Article("Zebra 100% audit"));
        var found = await trail.QueryAsync(new AuditFilter(ItemName: " zebra 100% ", OrSubjects: [subject]));
        found.Select(e => e.Entry.NodeKey).Distinct().ShouldBe([subject, item.Key], ignoreOrder: true);
        found.First(e => e.Entry.NodeKey == item.Key).ContentName.ShouldBe("Zebra 100% audit");
        (await trail.QueryAsync(new AuditFilter(ItemName: "zebra 1000"))).ShouldBeEmpty();
    }

    [Test]
    public async Task The_latest_version_lock_holds_a_save_until_its_transaction_ends()
    {
        var item = await SaveAsync("article", Article("Locked"));
        await using var connection = new NpgsqlConnection(_host.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        (await new LatestVersionLock().AcquireAsync(connection, transaction, item.Key)).ShouldBe(1);
        var save = SaveAsync("article", Article("Locked, saved"), key: item.Key);
        (await Task.WhenAny(save, Task.Delay(TimeSpan.FromMilliseconds(500)))).ShouldNotBe(save);
        await transaction.CommitAsync();
        (await save).Version.ShouldBe(2);


        (await _host.Content.TrashAsync(item.Key, "tester")).Succeeded.ShouldBeTrue();
        await using var again = await connection.BeginTransactionAsync();
        (await new LatestVersionLock().AcquireAsync(connection, again, item.Key)).ShouldBeNull("an item in the recycle bin is not sent anywhere");
    }
}
