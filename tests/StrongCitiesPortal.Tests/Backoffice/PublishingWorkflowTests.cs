using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StrongCitiesPortal.Tests.Content;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Reviews;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>
/// The workflow's promise: nothing goes live without someone allowed to publish choosing that version, and
/// two people saving at once end in a save and the merge screen, never an error.
/// </summary>
[Category("Database")]
public sealed class PublishingWorkflowTests
{
    private BackofficePortal _portal = null!;
    private HttpClient _editor = null!;
    private HttpClient _writer = null!;
    private HttpClient _london = null!;
    private HttpClient _paris = null!;

    private ReviewService Reviews => _portal.Services.GetRequiredService<ReviewService>();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // The test runs the scheduler itself, when it wants to.
        _portal = await BackofficePortal.StartAsync("workflow", new Dictionary<string, string?> { ["Portal:Content:SchedulerInterval"] = "12:00:00" });
        _editor = await _portal.SignInAsync(BackofficePortal.Editor);
        _writer = await _portal.SignInAsync(BackofficePortal.Writer);
        _london = await _portal.SignInAsync(BackofficePortal.LondonEditor);
        _paris = await _portal.SignInAsync(BackofficePortal.ParisEditor);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var client in new[] { _editor, _writer, _london, _paris })
            client.Dispose();
        await _portal.DisposeAsync();
    }

    [Test]
    public async Task A_city_editor_cannot_publish_a_new_practice_by_posting_the_publish_action()
    {
        var page = await _london.PageAsync("/backoffice/content/create?type=goodPractice");

        var response = await _london.SubmitAsync("/backoffice/content/create", page.Form("#edit-form"), new Dictionary<string, string?>
        {
            ["name"] = "London-only practice by London",
            ["p.summary"] = "A practice its city editor tries to put live without review.",
            ["p.kind"] = "Initiative",
            ["publishCultures"] = "en",
        }, button: "publish");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _portal.Content.GetChildrenAsync(BackofficePortal.PracticeLibrary)).ShouldNotContain(p => p.Name("en") == "London-only practice by London");
        _portal.Cache.All.ShouldNotContain(p => p.Variant("en") != null && p.Variant("en")!.Name == "London-only practice by London");
        var denied = await _portal.Audit.QueryAsync(new AuditQuery(User: BackofficePortal.LondonEditor, Action: "access-denied"));
        denied.ShouldContain(a => a.Detail!.Contains("Publish", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_writer_cannot_publish_a_new_item_by_posting_the_publish_action()
    {
        var page = await _writer.PageAsync($"/backoffice/content/create?type=newsArticle&parent={NewsKey()}");

        var response = await _writer.SubmitAsync("/backoffice/content/create", page.Form("#edit-form"), new Dictionary<string, string?>
        {
            ["name"] = "Writer's unreviewed news",
            ["publishCultures"] = "en",
        }, button: "publish");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        _portal.Cache.All.ShouldNotContain(p => p.Variant("en") != null && p.Variant("en")!.Name == "Writer's unreviewed news");
    }

    [Test]
    public async Task A_scheduled_publish_publishes_the_version_the_editor_scheduled_not_a_city_editors_later_draft()
    {
        var url = $"/backoffice/content/{BackofficePortal.London}";
        var editorPage = await _editor.PageAsync(url);
        (await _editor.SubmitAsync(url, editorPage.Form("#edit-form"),
            new Dictionary<string, string?> { ["p.summary"] = "London, as SCN staff approved it." }, button: "save")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var approved = (await _portal.Content.GetAsync(BackofficePortal.London))!.Version;
        var scheduled = await _editor.SubmitAsync(url, ScheduleForm(await _editor.PageAsync(url)),
            new Dictionary<string, string?> { ["publishAt"] = "2020-01-01T00:00" }, button: "schedule");
        scheduled.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // London's city editor then saves for review.
        var cityPage = await _london.PageAsync(url);
        (await _london.SubmitAsync(url, cityPage.Form("#edit-form"),
            new Dictionary<string, string?> { ["p.summary"] = "London, as its city editor would like it (unreviewed)." }, button: "save")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await _portal.Content.RunScheduleAsync()).ShouldBeGreaterThanOrEqualTo(1);

        _portal.Cache.Get(BackofficePortal.London)!.Variant("en")!.Text("summary").ShouldBe("London, as SCN staff approved it.");
        var item = (await _portal.Content.GetAsync(BackofficePortal.London))!;
        item.Publishing["en"].PublishedVersion.ShouldBe(approved);
        var pending = (await Reviews.PendingAsync()).Where(r => r.NodeKey == BackofficePortal.London).ShouldHaveSingleItem();
        pending.Version.ShouldBe(approved + 1);
        pending.SubmittedBy.ShouldBe(BackofficePortal.LondonEditor);
    }

    [Test]
    public async Task Publishing_a_review_publishes_the_reviewed_version_not_a_newer_draft()
    {
        var url = $"/backoffice/content/{BackofficePortal.Paris}";
        (await _paris.SubmitAsync(url, (await _paris.PageAsync(url)).Form("#edit-form"),
            new Dictionary<string, string?> { ["p.summary"] = "Paris, as its city editor sent it for review." }, button: "save")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var review = (await Reviews.PendingAsync()).Single(r => r.NodeKey == BackofficePortal.Paris);
        // An Editor saves an unfinished draft on top meanwhile.
        (await _editor.SubmitAsync(url, (await _editor.PageAsync(url)).Form("#edit-form"),
            new Dictionary<string, string?> { ["p.summary"] = "Paris, an Editor's unfinished draft." }, button: "save")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var reviewPage = await _editor.PageAsync($"/backoffice/reviews/{review.Id}");
        reviewPage.QuerySelector("tr[data-field=summary][data-culture=en] td.right")!.TextContent.ShouldContain("as its city editor sent it");
        var published = await _editor.SubmitAsync($"/backoffice/reviews/{review.Id}", reviewPage.Form("form[action*=Publish]"));

        published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        _portal.Cache.Get(BackofficePortal.Paris)!.Variant("en")!.Text("summary").ShouldBe("Paris, as its city editor sent it for review.");
        var item = (await _portal.Content.GetAsync(BackofficePortal.Paris))!;
        item.Publishing["en"].PublishedVersion.ShouldBe(review.Version);
        item.Version.ShouldBe(review.Version + 1);
        (await Reviews.GetAsync(review.Id))!.Status.ShouldBe(ReviewStatus.Published);
    }

    [Test]
    public async Task Publishing_another_version_leaves_a_pending_review_in_the_queue()
    {
        var url = $"/backoffice/content/{BackofficePortal.IReportIt}";
        (await _london.SubmitAsync(url, (await _london.PageAsync(url)).Form("#edit-form"),
            new Dictionary<string, string?> { ["p.summary"] = "IREPORTIT, in its city editor's words." }, button: "save")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var review = (await Reviews.PendingAsync()).Single(r => r.NodeKey == BackofficePortal.IReportIt);

        (await _editor.SubmitAsync(url, (await _editor.PageAsync(url)).Form("#edit-form"),
            new Dictionary<string, string?> { ["p.summary"] = "IREPORTIT, as an Editor rewrote it." }, button: "publish")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await Reviews.GetAsync(review.Id))!.Status.ShouldBe(ReviewStatus.Pending);
        (await _editor.PageAsync("/backoffice/reviews")).QuerySelector($"a[href='/backoffice/reviews/{review.Id}']").ShouldNotBeNull();
    }

    [Test]
    public async Task Scheduling_a_version_that_waits_for_review_is_refused_with_the_way_to_its_review()
    {
        var url = $"/backoffice/content/{BackofficePortal.Twinning}";
        (await _paris.SubmitAsync(url, (await _paris.PageAsync(url)).Form("#edit-form"),
            new Dictionary<string, string?> { ["p.summary"] = "Twinning, sent for review by Paris." }, button: "save")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var review = (await Reviews.PendingAsync()).Single(r => r.NodeKey == BackofficePortal.Twinning);

        var response = await _editor.SubmitAsync(url, ScheduleForm(await _editor.PageAsync(url)),
            new Dictionary<string, string?> { ["publishAt"] = "2020-01-01T00:00" }, button: "schedule");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain($"/backoffice/reviews/{review.Id}");
        (await _portal.Content.GetAsync(BackofficePortal.Twinning))!.Publishing["en"].PublishAt.ShouldBeNull();
    }

    [TestCase("home")]
    [TestCase("practice")]
    public async Task Parallel_saves_of_one_item_end_in_one_save_and_the_merge_screen_for_the_others(string which)
    {
        var key = which == "home" ? _portal.Cache.Roots.Single().Key : BackofficePortal.LeicesterPractice;
        var url = $"/backoffice/content/{key}";
        var form = (await _editor.PageAsync(url)).Form("#edit-form");
        var before = (await _portal.Content.GetAsync(key))!.Version;

        // Someone holds the item's row; four saves based on the same version queue behind them.
        await using var holder = new NpgsqlConnection(_portal.Factory.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("select 1 from cms_node where key = @key for update", holder, transaction))
        {
            hold.Parameters.AddWithValue("key", key);
            await hold.ExecuteScalarAsync();
        }
        var saves = Enumerable.Range(1, 4).Select(i => _editor.SubmitAsync(url, form,
            new Dictionary<string, string?> { ["p.summary"] = $"Summary from parallel save {i}." }, button: "save")).ToList();
        await PublishingRaceTests.WaitForLockWaitersAsync(_portal.Factory.ConnectionString, 4);
        await transaction.CommitAsync();
        var responses = await Task.WhenAll(saves);

        responses.Select(r => r.StatusCode).Order().ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict]);
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            (await refused.DocumentAsync()).QuerySelector(".bo-conflict").ShouldNotBeNull();
        (await _portal.Content.GetAsync(key))!.Version.ShouldBe(before + 1);
    }

    private Guid NewsKey() => _portal.Cache.OfType("newsList").First().Key;

    private static IHtmlFormElement ScheduleForm(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("form").OfType<IHtmlFormElement>().First(f => f.QuerySelector("button[value=schedule]") is not null);
}
