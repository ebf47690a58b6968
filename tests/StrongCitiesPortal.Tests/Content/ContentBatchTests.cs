using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Tests.Content;

/// <summary>Several changes in one transaction (bulk imports): each is still checked alone, and nothing is seen before the commit.</summary>
[Category("Database")]
public sealed class ContentBatchTests
{
    private static readonly Guid PracticeLibrary = Data.PracticeLibrary;

    [Test]
    public async Task A_refused_change_in_a_batch_is_rolled_back_alone_and_the_rest_commit_together()
    {
        var deferred = new DeferringHandler();
        await using var host = await ContentHost.StartAsync("contentbatch",
            configure: s => s.AddSingleton<IContentNotificationHandler<ContentPublishedNotification>>(deferred), loadStarterContent: true);
        var content = host.Services.GetRequiredService<ContentService>();
        deferred.Listening = true;
        var results = new List<ContentResult>();
        bool? visibleInside = null;

        await content.InBatchAsync("importer", async batch =>
        {
            results.Add(await content.SaveAndPublishAsync(Data.StarterPractice("Batched one"), ["en"], batch.Context));
            results.Add(await content.SaveAndPublishAsync(Data.StarterPractice(""), ["en"], batch.Context));
            results.Add(await content.SaveAndPublishAsync(Data.StarterPractice("Batched two"), ["en"], batch.Context));
            visibleInside = (await content.GetChildrenAsync(PracticeLibrary)).Any(c => c.Name("en") == "Batched one");
            deferred.Flushed.ShouldBeEmpty();
        });

        results.Select(r => r.Succeeded).ShouldBe([true, false, true]);
        visibleInside.ShouldBe(false);
        var names = (await content.GetChildrenAsync(PracticeLibrary)).Select(c => c.Name("en")).ToList();
        names.ShouldContain("Batched one");
        names.ShouldContain("Batched two");
        deferred.Flushed.ShouldBe([2]);
        host.Cache.Children(PracticeLibrary, "en").Select(c => c.Variant("en")!.Name).ShouldContain("Batched two");
    }

    [Test]
    public async Task A_change_joins_a_batch_only_through_its_context_and_keeps_its_own_user_otherwise()
    {
        var seen = new SeenContexts();
        await using var host = await ContentHost.StartAsync("contentbatchuser",
            configure: s => s.AddSingleton<IContentNotificationHandler<ContentSavedNotification>>(seen), loadStarterContent: true);
        var content = host.Services.GetRequiredService<ContentService>();
        var marker = new Marker();
        ContentResult inBatch = null!, alone = null!;
        bool? aloneCommittedInside = null;

        await content.InBatchAsync("importer", async batch =>
        {
            inBatch = await content.SaveAsync(Data.StarterPractice("In the batch"), batch.Context.With(marker));
            alone = await content.SaveAsync(Data.StarterPractice("On its own"), ChangeContext.For("editor"));
            aloneCommittedInside = (await content.GetChildrenAsync(PracticeLibrary)).Any(c => c.Key == alone.Item!.Key);
        });

        aloneCommittedInside.ShouldBe(true);
        (await content.GetAsync(inBatch.Item!.Key))!.CreatedBy.ShouldBe("importer");
        (await content.GetAsync(alone.Item!.Key))!.CreatedBy.ShouldBe("editor");
        (await content.GetAuditAsync(alone.Item.Key)).Single().UserName.ShouldBe("editor");
        seen.Contexts[inBatch.Item.Key].ShouldBe(("importer", true, true));
        seen.Contexts[alone.Item.Key].ShouldBe(("editor", false, false));
    }

    [Test]
    public async Task A_batch_that_has_ended_takes_no_more_changes()
    {
        await using var host = await ContentHost.StartAsync("contentbatchended", loadStarterContent: true);
        var content = host.Services.GetRequiredService<ContentService>();
        ContentBatch ended = null!;
        await content.InBatchAsync("importer", batch =>
        {
            ended = batch;
            return Task.CompletedTask;
        });

        await Should.ThrowAsync<InvalidOperationException>(() => content.SaveAsync(Data.StarterPractice("Too late"), ended.Context));
    }

    [Test]
    public async Task Outside_a_batch_nothing_is_deferred()
    {
        var deferred = new DeferringHandler();
        await using var host = await ContentHost.StartAsync("contentnobatch",
            configure: s => s.AddSingleton<IContentNotificationHandler<ContentPublishedNotification>>(deferred), loadStarterContent: true);
        deferred.Listening = true;

        (await host.Services.GetRequiredService<ContentService>().SaveAndPublishAsync(Data.StarterPractice("Alone"), ["en"], "editor")).Succeeded.ShouldBeTrue();

        deferred.Flushed.ShouldBe([1]);
    }


    private sealed class Marker;

    /// <summary>Who each save's notification says made it, whether in a batch, and whether the caller's state reached it.</summary>
    private sealed class SeenContexts : IContentNotificationHandler<ContentSavedNotification>
    {
        public Dictionary<Guid, (string User, bool InBatch, bool Marked)> Contexts { get; } = [];

        public Task HandleAsync(ContentSavedNotification notification, CancellationToken cancellationToken)
        {
            Contexts[notification.Item.Key] = (notification.Context.User, notification.Context.Batch is not null, notification.Context.Get<Marker>() is not null);
            return Task.CompletedTask;
        }
    }

    /// <summary>Defers its work in a batch, as search indexing does; records how many items each flush saw, checking they are there.</summary>
    private sealed class DeferringHandler : IContentNotificationHandler<ContentPublishedNotification>
    {
        public List<int> Flushed { get; } = [];

        /// <summary>Off while the starter content loads.</summary>
        public bool Listening { get; set; }

        public async Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken)
        {
            if (!Listening)
                return;
            if (!notification.Scope.InBatch)
            {
                Flushed.Add(1);
                return;
            }
            var scope = notification.Scope;
            scope.Defer<long>("test", notification.Item.Id, async (ids, token) =>
            {
                await using var command = scope.Database().Command("select count(*) from cms_node where id = any(@ids)");
                command.Parameters.AddWithValue("ids", ids.ToArray());
                Flushed.Add((int)(long)(await command.ExecuteScalarAsync(token))!);
            });
            await Task.CompletedTask;
        }
    }
}
