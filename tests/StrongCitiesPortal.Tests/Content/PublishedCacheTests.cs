using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Tests.Content;

[Category("Database")]
public sealed class PublishedCacheTests
{
    [Test]
    public async Task Publishing_on_one_instance_refreshes_the_cache_of_another()
    {
        var model = TestModel.Write(TestModel.Site);
        await using var one = await ContentHost.StartAsync("twoinstances", model);
        await using var two = await ContentHost.StartOnAsync(one.ConnectionString, model);
        using var listening = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var listener = two.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
            .OfType<StrongCitiesPortal.Content.Publishing.PublishedCacheListener>().Single();
        await listener.StartAsync(listening.Token);
        await Task.Delay(300);

        var site = await one.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Shared home" } } }""") }, ["en"], "t");
        one.Cache.Get(site.Item!.Key).ShouldNotBeNull();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (two.Cache.Get(site.Item.Key) is null && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        two.Cache.Get(site.Item.Key)!.Variant("en")!.Name.ShouldBe("Shared home");
        await listener.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task The_cache_generation_grows_on_every_publish()
    {
        await using var host = await ContentHost.StartAsync("generation", TestModel.Write(TestModel.Site));
        var before = host.Cache.Generation;

        await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");

        host.Cache.Generation.ShouldBeGreaterThan(before);
    }
}

[Category("Database")]
public sealed class PublishedCacheConsistencyTests
{
    [Test]
    public async Task Incremental_refreshes_give_the_same_routes_as_a_full_reload()
    {
        await using var host = await ContentHost.StartAsync("cacheconsistency", TestModel.Write(TestModel.Site));
        var random = new Random(20261121);
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" }, "fr": { "name": "Accueil" } } }""") }, ["en", "fr"], "t");
        var keys = new List<Guid> { site.Item!.Key };
        var articles = new List<Guid>();

        for (var step = 0; step < 120; step++)
        {
            var roll = random.Next(10);
            if (roll < 4 || articles.Count < 5)
            {
                var parent = keys[random.Next(keys.Count)];
                var name = $"Item {step}";
                var result = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = parent, Data = Data.Named(name, "Élément " + step) },
                    random.Next(3) == 0 ? ["en"] : ["en", "fr"], "t");
                if (result.Succeeded)
                {
                    keys.Add(result.Item!.Key);
                    articles.Add(result.Item.Key);
                }
            }
            else if (roll < 6)
            {
                await host.Content.UnpublishAsync(articles[random.Next(articles.Count)], [random.Next(2) == 0 ? "en" : "fr"], "t");
            }
            else if (roll < 8)
            {
                await host.Content.MoveAsync(articles[random.Next(articles.Count)], keys[random.Next(keys.Count)], "t");
            }
            else
            {
                var key = articles[random.Next(articles.Count)];
                var item = (await host.Content.GetAsync(key))!;
                var data = item.Data.Clone();
                data.Cultures["en"].Segment = "renamed-" + step;
                await host.Content.SaveAndPublishAsync(new ContentDraft { Key = key, ContentType = "article", Data = data }, ["en"], "t");
            }
        }

        using var fresh = await FullReadAsync(host);

        foreach (var key in keys)
        {
            foreach (var culture in new[] { "en", "fr" })
                host.Cache.Route(key, culture).ShouldBe(fresh.Route(key, culture), $"{key} in {culture}");
            host.Cache.Children(key, "en").Select(c => c.Key).ShouldBe(fresh.Children(key, "en").Select(c => c.Key));
            host.Cache.IsLive(key, "fr").ShouldBe(fresh.IsLive(key, "fr"), $"{key} live in fr");
        }
        host.Cache.KeysOfType("article").ShouldBe(fresh.KeysOfType("article"), ignoreOrder: true);
        host.Cache.OfType("article", "fr").Select(a => a.Key).ShouldBe(fresh.OfType("article", "fr").Select(a => a.Key), ignoreOrder: true);
        keys.Count(k => host.Cache.Route(k, "en") is not null).ShouldBeGreaterThan(10);
    }

    [Test]
    public async Task Two_live_siblings_with_one_segment_share_its_route_the_first_answers_and_the_other_takes_over_when_it_goes()
    {
        await using var host = await ContentHost.StartAsync("cacheduplicates", TestModel.Write(TestModel.Site));
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" }, "fr": { "name": "Accueil" } } }""") }, ["en", "fr"], "t");
        var folder = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("Folder", "Dossier") }, ["en", "fr"], "t");
        var first = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = folder.Item!.Key, Data = Data.Named("Same", "Pareil") }, ["en", "fr"], "t");

        // The first's draft moves to another segment, unpublished: the segment is free again for a new sibling's draft,
        // so two live siblings now have the same published segment.
        var draft = (await host.Content.GetAsync(first.Item!.Key))!.Data.Clone();
        draft.Cultures["en"].Segment = "other";
        (await host.Content.SaveAsync(new ContentDraft { Key = first.Item.Key, ContentType = "article", Data = draft }, "t")).Succeeded.ShouldBeTrue();
        var second = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = folder.Item.Key, Data = Data.Named("Same", "Pareil bis") }, ["en"], "t");
        second.Item!.Data.Cultures["en"].Segment.ShouldBe("same");

        host.Cache.Route(first.Item.Key, "en").ShouldBe("/folder/same/");
        host.Cache.Route(second.Item.Key, "en").ShouldBeNull();
        host.Cache.GetByRoute("/folder/same/", "en")!.Key.ShouldBe(first.Item.Key);
        host.Cache.ChildKeys(folder.Item.Key, "en").ShouldBe([first.Item.Key]);
        await ShouldMatchAFullReadAsync(host, [site.Item.Key, folder.Item.Key, first.Item.Key, second.Item.Key]);

        // The one that answered goes: the other, which did not change, answers now.
        await host.Content.UnpublishAsync(first.Item.Key, ["en"], "t");
        host.Cache.Route(second.Item.Key, "en").ShouldBe("/folder/same/");
        host.Cache.GetByRoute("/folder/same/", "en")!.Key.ShouldBe(second.Item.Key);
        await ShouldMatchAFullReadAsync(host, [site.Item.Key, folder.Item.Key, first.Item.Key, second.Item.Key]);

        // Back with its new segment, each has its own route; the French routes never moved.
        await host.Content.PublishAsync(first.Item.Key, ["en"], "t");
        host.Cache.Route(first.Item.Key, "en").ShouldBe("/folder/other/");
        host.Cache.Route(second.Item.Key, "en").ShouldBe("/folder/same/");
        host.Cache.Route(first.Item.Key, "fr").ShouldBe("/dossier/pareil/");
        await ShouldMatchAFullReadAsync(host, [site.Item.Key, folder.Item.Key, first.Item.Key, second.Item.Key]);

        // A move takes the subtree's routes with it without touching the items under it.
        var other = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item.Key, Data = Data.Named("Elsewhere", "Ailleurs") }, ["en", "fr"], "t");
        (await host.Content.MoveAsync(folder.Item.Key, other.Item!.Key, "t")).Succeeded.ShouldBeTrue();
        host.Cache.Route(second.Item.Key, "en").ShouldBe("/elsewhere/folder/same/");
        host.Cache.GetByRoute("/elsewhere/folder/other/", "en")!.Key.ShouldBe(first.Item.Key);
        host.Cache.GetByRoute("/folder/other/", "en").ShouldBeNull();
        await ShouldMatchAFullReadAsync(host, [site.Item.Key, folder.Item.Key, first.Item.Key, second.Item.Key, other.Item.Key]);
    }

    /// <summary>A second cache on the same database, read in full: what the incremental one must agree with.</summary>
    private static async Task<StrongCitiesPortal.Content.Publishing.PublishedContentCache> FullReadAsync(ContentHost host)
    {
        var fresh = new StrongCitiesPortal.Content.Publishing.PublishedContentCache(
            host.Services.GetRequiredService<StrongCitiesPortal.Content.Persistence.PortalDatabase>(),
            host.Services.GetRequiredService<StrongCitiesPortal.Content.DocumentTypes.DocumentTypeRegistry>(),
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StrongCitiesPortal.Content.PortalContentOptions>>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<StrongCitiesPortal.Content.Publishing.PublishedContentCache>.Instance);
        await fresh.LoadAllAsync();
        return fresh;
    }

    private static async Task ShouldMatchAFullReadAsync(ContentHost host, IReadOnlyList<Guid> keys)
    {
        using var fresh = await FullReadAsync(host);
        foreach (var key in keys)
        {
            foreach (var culture in new[] { "en", "fr" })
            {
                host.Cache.Route(key, culture).ShouldBe(fresh.Route(key, culture), $"{key} in {culture}");
                host.Cache.ChildKeys(key, culture).ShouldBe(fresh.ChildKeys(key, culture), $"children of {key} in {culture}");
                if (fresh.Route(key, culture) is { } route)
                    host.Cache.GetByRoute(route, culture)!.Key.ShouldBe(fresh.GetByRoute(route, culture)!.Key);
            }
        }
    }
}
