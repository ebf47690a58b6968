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

        var fresh = new StrongCitiesPortal.Content.Publishing.PublishedContentCache(
            host.Services.GetRequiredService<StrongCitiesPortal.Content.Persistence.PortalDatabase>(),
            host.Services.GetRequiredService<StrongCitiesPortal.Content.DocumentTypes.DocumentTypeRegistry>(),
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StrongCitiesPortal.Content.PortalContentOptions>>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<StrongCitiesPortal.Content.Publishing.PublishedContentCache>.Instance);
        await fresh.LoadAllAsync();

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
}
