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
            var one = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("One") }, ["en"], "t");
            var two = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item.Key, Data = Data.Named("Two") }, ["en"], "t");
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
    public async Task A_deferral_holds_back_only_its_own_flow()
    {
        await using var host = await ContentHost.StartAsync("deferredflow", TestModel.Write(TestModel.Site));
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");
        await using var deferred = host.Cache.DeferRefresh();

        // Another request (a flow that does not inherit this one's context) publishing meanwhile is refreshed at once.
        Task<ContentResult> publishing;
        using (ExecutionContext.SuppressFlow())
            publishing = Task.Run(() => host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("Elsewhere") }, ["en"], "t"));
        var other = await publishing;

        host.Cache.Get(other.Item!.Key).ShouldNotBeNull();
        deferred.Pending.ShouldBe(0);
    }
}
