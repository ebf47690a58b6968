using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Tests.Content;

[Category("Database")]
public sealed class DeferredCacheRefreshTests
{
    [Test]
    public async Task Publishes_inside_a_deferral_reach_the_cache_once_it_is_flushed()
    {
        await using var host = await ContentHost.StartAsync("deferred", TestModel.Write(TestModel.Site));
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");
        var generation = host.Cache.Generation;

        await using (var deferred = host.Cache.DeferRefresh())
        {
            var change = ChangeContext.For("t").With(deferred);
            var one = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("One") }, ["en"], change);
            var two = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item.Key, Data = Data.Named("Two") }, ["en"], change);
            host.Cache.Get(one.Item!.Key).ShouldBeNull();
            deferred.Pending.ShouldBe(2);
            host.Cache.Generation.ShouldBe(generation);

            await deferred.FlushAsync();

            host.Cache.Get(one.Item.Key).ShouldNotBeNull();
            host.Cache.Route(two.Item!.Key, "en").ShouldBe("/two/");
            host.Cache.Generation.ShouldBe(generation + 1);
        }

        var three = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item.Key, Data = Data.Named("Three") }, ["en"], "t");
        host.Cache.Get(three.Item!.Key).ShouldNotBeNull();
    }

    [Test]
    public async Task A_deferral_holds_back_only_the_changes_that_carry_it()
    {
        await using var host = await ContentHost.StartAsync("deferredflow", TestModel.Write(TestModel.Site));
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");
        await using var deferred = host.Cache.DeferRefresh();
        var held = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("Held") }, ["en"],
            ChangeContext.For("t").With(deferred));

        // Another change publishing meanwhile, in the same flow but without the deferral, is refreshed at once.
        var other = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item.Key, Data = Data.Named("Elsewhere") }, ["en"], "t");

        host.Cache.Get(other.Item!.Key).ShouldNotBeNull();
        host.Cache.Get(held.Item!.Key).ShouldBeNull();
        deferred.Pending.ShouldBe(1);
    }

    [Test]
    public async Task A_change_after_its_deferral_ended_is_refreshed_at_once()
    {
        await using var host = await ContentHost.StartAsync("deferredended", TestModel.Write(TestModel.Site));
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");
        var deferred = host.Cache.DeferRefresh();
        await deferred.DisposeAsync();

        var late = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("Late") }, ["en"],
            ChangeContext.For("t").With(deferred));

        host.Cache.Get(late.Item!.Key).ShouldNotBeNull();
        deferred.Pending.ShouldBe(0);
    }
}
