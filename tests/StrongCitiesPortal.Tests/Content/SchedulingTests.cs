using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Scheduling;

namespace StrongCitiesPortal.Tests.Content;

[Category("Database")]
public sealed class SchedulingTests
{

    [Test]
    public async Task Scheduled_dates_publish_and_unpublish_when_they_fall_due()
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var clock = TestClock.Reading(() => now);
        await using var host = await ContentHost.StartAsync("schedule", TestModel.Write(TestModel.Site), clock);
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");
        var article = await host.Content.SaveAsync(new ContentDraft { ContentType = "article", ParentKey = site.Item!.Key, Data = Data.Named("Embargoed") }, "t");
        var key = article.Item!.Key;
        var scheduler = host.Services.GetRequiredService<ScheduledPublishing>();

        var scheduled = await host.Content.ScheduleAsync(key, "en", clock.GetUtcNow().AddHours(1), clock.GetUtcNow().AddHours(3), "t");
        scheduled.Succeeded.ShouldBeTrue();

        (await scheduler.RunOnceAsync(CancellationToken.None)).ShouldBe(0);
        host.Cache.Get(key).ShouldBeNull();

        now += TimeSpan.FromHours(1);
        (await scheduler.RunOnceAsync(CancellationToken.None)).ShouldBe(1);
        host.Cache.Get(key)!.Variant("en")!.Name.ShouldBe("Embargoed");
        (await host.Content.GetAsync(key))!.Publishing["en"].PublishAt.ShouldBeNull();

        now += TimeSpan.FromHours(2);
        (await scheduler.RunOnceAsync(CancellationToken.None)).ShouldBe(1);
        host.Cache.Get(key).ShouldBeNull();
        (await host.Content.GetAuditAsync(key)).Select(a => (a.Action, a.UserName)).ShouldContain(("publish", "scheduler"));
    }

    [Test]
    public async Task An_unpublish_date_before_the_publish_date_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        var clock = TestClock.Reading(() => now);
        await using var host = await ContentHost.StartAsync("schedulebad", TestModel.Write(TestModel.Site), clock);
        var site = await host.Content.SaveAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, "t");

        var result = await host.Content.ScheduleAsync(site.Item!.Key, "en", clock.GetUtcNow().AddDays(2), clock.GetUtcNow().AddDays(1), "t");

        result.Outcome.ShouldBe(ContentOutcome.Invalid);
    }
}
