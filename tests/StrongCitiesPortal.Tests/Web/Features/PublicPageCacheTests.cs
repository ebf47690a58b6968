using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Tests.Backoffice;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Tests.Web.Features;

/// <summary>
/// The anonymous page cache and the remembered search answers: a page is answered from memory only for visitors
/// without cookies, and never after the change that made it stale has reached this instance (published here, or on
/// another instance and applied from the change feed).
/// </summary>
[Category("Database")]
public sealed class PublicPageCacheTests
{
    private const string IReportItPage = "/practices/ireportit/";

    private BackofficePortal _portal = null!;
    private PortalFactory _other = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _portal = await BackofficePortal.StartAsync("page-cache");
        // A second instance on the same database: what it publishes reaches the first only through the change feed.
        _other = new PortalFactory(_portal.Factory.ConnectionString);
        _ = _other.Server;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _other.DisposeAsync();
        await _portal.DisposeAsync();
    }

    [Test]
    public async Task An_anonymous_page_is_answered_from_the_page_cache_once_rendered()
    {
        var client = _portal.Factory.CreateClient();
        var first = await client.GetAsync("/steering-committee/");
        var second = await client.GetAsync("/steering-committee/");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Headers.Age.ShouldBeNull("the first request renders the page");
        second.Headers.Age.ShouldNotBeNull("the second is answered from the page cache");
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_signed_in_editor_or_a_visitor_with_a_cookie_never_gets_a_cached_page()
    {
        var anonymous = _portal.Factory.CreateClient();
        await anonymous.GetAsync("/news/");
        (await anonymous.GetAsync("/news/")).Headers.Age.ShouldNotBeNull("the anonymous page is cached");

        var editor = await _portal.SignInAsync(BackofficePortal.Editor);
        var signedIn = await editor.GetAsync("/news/");
        signedIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        signedIn.Headers.Age.ShouldBeNull("a signed-in editor's page is rendered for them");

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/news/");
        withCookie.Headers.Add("Cookie", "anything=1");
        (await anonymous.SendAsync(withCookie)).Headers.Age.ShouldBeNull("a request with a cookie is never answered from the cache");
    }

    [Test]
    public async Task An_edit_published_on_another_instance_is_never_served_stale_once_its_notification_is_applied()
    {
        var client = _portal.Factory.CreateClient();
        await client.GetAsync(IReportItPage);
        (await client.GetAsync(IReportItPage)).Headers.Age.ShouldNotBeNull("the page is cached before the edit");

        var content = _other.Services.GetRequiredService<ContentService>();
        var practice = (await content.GetAsync(BackofficePortal.IReportIt))!;
        var data = practice.Data.Clone();
        data.Cultures["en"].Values["summary"] = JsonSerializer.SerializeToElement("Edited on the other instance: a fresh summary.");
        var saved = await content.SaveAndPublishAsync(new ContentDraft { Key = practice.Key, ContentType = practice.ContentType, Data = data }, ["en"], "test");
        saved.Succeeded.ShouldBeTrue(string.Join("; ", saved.Errors));

        // The moment this instance's published cache has the new version, its pages show it.
        var cache = _portal.Services.GetRequiredService<PublishedContentCache>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var version = saved.Item!.Version;
        while (cache.Get(BackofficePortal.IReportIt)?.Variant("en")?.Version != version && clock.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(20);
        cache.Get(BackofficePortal.IReportIt)!.Variant("en")!.Version.ShouldBe(version, "the change feed reached this instance");

        var after = await client.GetAsync(IReportItPage);
        (await after.Content.ReadAsStringAsync()).ShouldContain("Edited on the other instance: a fresh summary.");
    }

    [Test]
    public async Task A_search_of_the_library_finds_a_practice_published_after_the_same_search_was_remembered()
    {
        var client = _portal.Factory.CreateClient();
        const string search = "/practices/?q=zebracorn";
        await client.GetAsync(search);
        var before = await client.GetAsync(search);
        before.Headers.Age.ShouldNotBeNull("the search page is cached before the publish");
        (await before.Content.ReadAsStringAsync()).ShouldNotContain("Zebracorn partnership");

        var published = await _portal.Content.SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "goodPractice",
            ParentKey = BackofficePortal.PracticeLibrary,
            Data = new ContentData
            {
                Cultures =
                {
                    ["en"] = new CultureData
                    {
                        Name = "Zebracorn partnership",
                        Values = { ["summary"] = JsonSerializer.SerializeToElement("A zebracorn partnership between schools and the city.") },
                    },
                },
                Invariant = { ["kind"] = JsonSerializer.SerializeToElement("Initiative") },
            },
        }, ["en"], "test");
        published.Succeeded.ShouldBeTrue(string.Join("; ", published.Errors));

        var after = await client.GetAsync(search);
        after.Headers.Age.ShouldBeNull("the publish ended the cached page");
        (await after.Content.ReadAsStringAsync()).ShouldContain("Zebracorn partnership");
    }

    [Test]
    public void An_answer_computed_before_the_site_changed_is_never_remembered()
    {
        var now = new SiteState(1, "g1", 10, 0, new DateOnly(2030, 1, 1));
        var memo = new StateMemo<string>(2, () => now);

        memo.Set(now, "a", "from state 1");
        memo.TryGet(now, "a", out var remembered).ShouldBeTrue();
        remembered.ShouldBe("from state 1");

        var old = now;
        now = now with { IndexSequence = 11 };
        memo.TryGet(now, "a", out _).ShouldBeFalse("the site moved on");
        memo.Set(old, "b", "computed before the change");
        memo.TryGet(old, "b", out _).ShouldBeFalse("an answer from an older state is not stored");

        memo.Set(now, "a", "1");
        memo.Set(now, "b", "2");
        memo.Set(now, "c", "3");
        memo.Count.ShouldBe(2, "bounded: the least recently used goes");
        memo.TryGet(now, "a", out _).ShouldBeFalse();
        memo.TryGet(now, "c", out _).ShouldBeTrue();
    }
}
