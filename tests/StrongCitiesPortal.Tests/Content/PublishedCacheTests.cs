using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Tests.Content;

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
