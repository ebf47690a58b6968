using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Tests.Web.DeliveryApi;

/// <summary>
/// Content queries answered from the search index: they follow publishes at once, page and count as a brute-force
/// answer worked out from the published cache does, keep the live rule, follow re-sorted sections, and preview
/// lays drafts over them.
/// </summary>
[Category("Database")]
public sealed class ContentQueryIndexTests
{
    private const string ApiKey = "index-test-key";
    private static readonly (string Name, string Kind)[] Practices =
    [
        ("Zebra crossing patrols", "Research"), ("alpha youth network", "Research"), ("Édition des quartiers", "Research"),
        ("Beta mentoring", "Research"), ("Community radio", "Policy"), ("delta forum", "Research"), ("Alpha youth network", "Research"),
        ("Gamma hotline", "Evaluation"), ("Écoles ouvertes", "Research"), ("epsilon dialogue", "Training"), ("Kappa cafés", "Research"),
        ("Lambda listening tour", "Research"), ("Mu mediation", "Case study"), ("Nu neighbours", "Research"), ("Omega awards", "Research"),
        ("Pi partnerships", "Research"), ("Rho reporting app", "Initiative"), ("Sigma sports league", "Research"), ("Tau tutoring", "Research"),
        ("Upsilon urban lab", "Research"), ("Phi festival", "Research"), ("Chi choir", "Training"), ("Psi safe spaces", "Research"),
    ];

    private PortalFactory _portal = null!;
    private HttpClient _client = null!;
    private Guid _library;

    private ContentService Content => _portal.Services.GetRequiredService<ContentService>();
    private PublishedContentCache Cache => _portal.Services.GetRequiredService<PublishedContentCache>();

    [OneTimeSetUp]
    public async Task StartWithASecondLibraryAsync()
    {
        _portal = await PortalFactory.StartAsync("deliveryindex", settings: new Dictionary<string, string?> { ["Umbraco:CMS:DeliveryApi:ApiKey"] = ApiKey });
        _client = _portal.CreateClient(new WebApplicationFactoryClientOptions());
        _library = await PublishAsync("practiceLibrary", Starter.Home, "Second library");
        foreach (var (name, kind) in Practices)
            await PublishAsync("goodPractice", _library, name, kind);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _portal.DisposeAsync();
    }

    private async Task<Guid> PublishAsync(string type, Guid parent, string name, string? kind = null, bool publish = true)
    {
        var values = kind is null ? "{}" : $$"""{ "summary": "About {{name}}." }""";
        var invariant = kind is null ? "{}" : $$"""{ "kind": "{{kind}}" }""";
        var draft = new ContentDraft
        {
            ContentType = type,
            ParentKey = parent,
            Data = Data.Parse($$"""{ "invariant": {{invariant}}, "cultures": { "en": { "name": "{{name}}", "values": {{values}} } } }"""),
        };
        var result = publish ? await Content.SaveAndPublishAsync(draft, ["en"], "tests") : await Content.SaveAsync(draft, "tests");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        return result.Item!.Key;
    }

    /// <summary>Every item reachable in the culture, depth first, children in their order: worked out from the cache alone.</summary>
    private List<PublishedContent> TreeOrder(string culture)
    {
        var order = new List<PublishedContent>();
        void Walk(PublishedContent item)
        {
            order.Add(item);
            foreach (var child in Cache.Children(item.Key, culture))
                Walk(child);
        }
        foreach (var root in Cache.Roots.Where(r => Cache.Route(r.Key, culture) is not null))
            Walk(root);
        return order;
    }

    private bool IsBelow(PublishedContent item, Guid ancestor) => Cache.Ancestors(item.Key).Any(a => a.Key == ancestor);

    private static string Kind(PublishedContent item) => item.Variant("en")?.Text("kind") ?? "";

    /// <summary>Every page of a query, read with <paramref name="take"/> items at a time, and the totals each page gave.</summary>
    private async Task<(List<Guid> Ids, List<long> Totals)> AllPagesAsync(string query, int take)
    {
        var ids = new List<Guid>();
        var totals = new List<long>();
        for (var skip = 0; ; skip += take)
        {
            var page = await _client.ApiAsync($"content?{query}&skip={skip}&take={take}");
            page.Status.ShouldBe(System.Net.HttpStatusCode.OK, page.Body);
            totals.Add(page.Total());
            ids.AddRange(page.ItemIds());
            if (page.ItemIds().Count < take)
                return (ids, totals);
        }
    }

    [Test]
    public async Task Descendants_with_a_filter_and_a_name_sort_page_as_the_brute_force_answer()
    {
        var english = StringComparer.Create(CultureInfo.GetCultureInfo("en"), ignoreCase: true);
        var expected = TreeOrder("en")
            .Where(i => IsBelow(i, Starter.Home) && i.ContentType == "goodPractice" && Kind(i) == "Research")
            .OrderBy(i => i.Variant("en")!.Name, english)
            .Select(i => i.Key)
            .ToList();

        var (ids, totals) = await AllPagesAsync($"fetch=descendants:{Starter.Home}&filter=contentType:goodPractice&filter=kind:research&sort=name:asc", take: 4);

        expected.Count.ShouldBeGreaterThan(12);
        ids.ShouldBe(expected);
        totals.ShouldAllBe(t => t == expected.Count);
    }

    [Test]
    public async Task Children_with_a_name_filter_and_a_date_sort_page_as_the_brute_force_answer()
    {
        var expected = Cache.Children(_library, "en")
            .Where(i => CultureInfo.InvariantCulture.CompareInfo.IndexOf(i.Variant("en")!.Name, "a", CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0)
            .OrderByDescending(i => i.CreateDate)
            .Select(i => i.Key)
            .ToList();

        var (ids, totals) = await AllPagesAsync($"fetch=children:{_library}&filter=name:A&sort=createDate:desc", take: 5);

        expected.Count.ShouldBeGreaterThan(10);
        ids.ShouldBe(expected);
        totals.ShouldAllBe(t => t == expected.Count);
    }

    [Test]
    public async Task Without_a_sort_descendants_come_in_tree_order_and_page_through_it()
    {
        var expected = TreeOrder("en").Where(i => IsBelow(i, Starter.Home)).Select(i => i.Key).ToList();

        var (ids, totals) = await AllPagesAsync($"fetch=descendants:/", take: 9);

        ids.ShouldBe(expected);
        totals.ShouldAllBe(t => t == expected.Count);
    }

    [Test]
    public async Task Tree_order_follows_sections_sorted_again_without_reindexing_below_them()
    {
        var sections = Cache.Children(Starter.Home, "en").Select(s => s.Key).ToList();
        var sorted = await Content.SortAsync(Starter.Home, [.. Enumerable.Reverse(sections)], "tests");
        sorted.Succeeded.ShouldBeTrue(string.Join("; ", sorted.Errors));
        try
        {
            var expected = TreeOrder("en").Where(i => i.ContentType == "goodPractice").Select(i => i.Key).ToList();

            var (ids, _) = await AllPagesAsync("filter=contentType:goodPractice", take: 50);

            Cache.Children(Starter.Home, "en")[0].Key.ShouldBe(sections[^1]);
            ids.ShouldBe(expected);
        }
        finally
        {
            (await Content.SortAsync(Starter.Home, sections, "tests")).Succeeded.ShouldBeTrue();
        }
    }

    [Test]
    public async Task Ties_of_a_sort_come_in_tree_order_after_an_item_moves_and_the_sections_are_sorted_again()
    {
        // Every practice of both libraries is at one level: the sort ties them all, tree order decides.
        const string query = "filter=contentType:goodPractice&sort=level:asc";
        List<Guid> Expected() => TreeOrder("en").Where(i => i.ContentType == "goodPractice").OrderBy(i => i.Level).Select(i => i.Key).ToList();
        (await AllPagesAsync(query, take: 50)).Ids.ShouldBe(Expected());

        var moving = Cache.Children(_library, "en")[0].Key;
        var sections = Cache.Children(Starter.Home, "en").Select(s => s.Key).ToList();
        (await Content.MoveAsync(moving, Starter.Practices, "tests")).Succeeded.ShouldBeTrue();
        (await Content.SortAsync(Starter.Home, [.. Enumerable.Reverse(sections)], "tests")).Succeeded.ShouldBeTrue();
        try
        {
            var expected = Expected();
            var (ids, _) = await AllPagesAsync(query, take: 50);

            Cache.Get(moving)!.ParentKey.ShouldBe(Starter.Practices);
            var starterFirst = expected.IndexOf(Cache.Children(Starter.Practices, "en")[0].Key);
            expected.IndexOf(Cache.Children(_library, "en")[0].Key).ShouldBeLessThan(starterFirst, "the second library now comes first");
            expected.IndexOf(moving).ShouldBeGreaterThan(starterFirst, "the moved practice is in the starter library");
            ids.ShouldBe(expected);
        }
        finally
        {
            (await Content.SortAsync(Starter.Home, sections, "tests")).Succeeded.ShouldBeTrue();
            (await Content.MoveAsync(moving, _library, "tests")).Succeeded.ShouldBeTrue();
        }
    }

    [Test]
    public async Task A_query_sees_a_publish_and_an_unpublish_at_once()
    {
        var token = "Fresh" + Guid.NewGuid().ToString("N")[..8];
        var url = $"content?fetch=children:{_library}&filter=name:{token}";
        (await _client.ApiAsync(url)).Total().ShouldBe(0);

        var key = await PublishAsync("goodPractice", _library, $"{token} practice", "Policy");
        var afterPublish = await _client.ApiAsync(url);
        (await Content.UnpublishAsync(key, ["en"], "tests")).Succeeded.ShouldBeTrue();
        var afterUnpublish = await _client.ApiAsync(url);

        afterPublish.ItemIds().ShouldBe([key]);
        afterPublish.Total().ShouldBe(1);
        afterUnpublish.Total().ShouldBe(0);
        afterUnpublish.Items().ShouldBeEmpty();
    }

    [Test]
    public async Task Items_under_an_unpublished_section_are_left_out_until_it_is_published_again()
    {
        var token = "Hidden" + Guid.NewGuid().ToString("N")[..8];
        var section = await PublishAsync("practiceLibrary", Starter.Home, $"{token} library");
        var below = await PublishAsync("goodPractice", section, $"{token} practice", "Research");
        var byName = $"content?fetch=descendants:/&filter=name:{token}&take=10";
        (await _client.ApiAsync(byName)).ItemIds().ShouldBe([section, below]);

        (await Content.UnpublishAsync(section, ["en"], "tests")).Succeeded.ShouldBeTrue();
        var hidden = await _client.ApiAsync(byName);
        var hiddenChildren = await _client.ApiAsync($"content?filter=parent:{section}");
        var hiddenByKind = await _client.ApiAsync($"content?filter=kind:research&filter=name:{token}");
        var hiddenItem = await _client.ApiAsync($"content/item/{below}");
        (await Content.PublishAsync(section, ["en"], "tests")).Succeeded.ShouldBeTrue();
        var shownAgain = await _client.ApiAsync(byName);

        hidden.Total().ShouldBe(0);
        hiddenChildren.Total().ShouldBe(0);
        hiddenByKind.Total().ShouldBe(0);
        hiddenItem.Status.ShouldBe(System.Net.HttpStatusCode.NotFound);
        shownAgain.ItemIds().ShouldBe([section, below]);
    }

    [Test]
    public async Task Preview_lays_drafts_and_what_lies_below_unpublished_items_over_the_live_answer()
    {
        var token = "Preview" + Guid.NewGuid().ToString("N")[..8];
        var section = await PublishAsync("practiceLibrary", Starter.Home, $"{token} library");
        var published = await PublishAsync("goodPractice", section, $"{token} b published", "Research");
        (await Content.UnpublishAsync(section, ["en"], "tests")).Succeeded.ShouldBeTrue();
        var draft = await PublishAsync("goodPractice", section, $"{token} a draft", "Research", publish: false);
        var liveDraft = await PublishAsync("goodPractice", _library, $"{token} c live", "Research");
        var edited = (await Content.GetAsync(liveDraft))!;
        var data = edited.Data.Clone();
        data.Cultures["en"].Name = $"{token} c edited";
        (await Content.SaveAsync(new ContentDraft { Key = liveDraft, ContentType = "goodPractice", Data = data }, "tests")).Succeeded.ShouldBeTrue();
        (string, string)[] preview = [("Preview", "true"), ("Api-Key", ApiKey)];

        var previewed = await _client.ApiAsync($"content?fetch=descendants:/&filter=name:{token}&filter=contentType:goodPractice&sort=name:asc", preview);
        var secondPage = await _client.ApiAsync($"content?fetch=descendants:/&filter=name:{token}&filter=contentType:goodPractice&sort=name:asc&skip=1&take=1", preview);
        var children = await _client.ApiAsync($"content?fetch=children:{section}", preview);
        var live = await _client.ApiAsync($"content?fetch=descendants:/&filter=name:{token}&filter=contentType:goodPractice&sort=name:asc");

        previewed.ItemIds().ShouldBe([draft, published, liveDraft]);
        previewed.ItemNames()[2].ShouldBe($"{token} c edited");
        previewed.Total().ShouldBe(3);
        secondPage.ItemIds().ShouldBe([published]);
        secondPage.Total().ShouldBe(3);
        children.ItemIds().ShouldBe([published, draft]);
        live.ItemIds().ShouldBe([liveDraft]);
        live.ItemNames().ShouldBe([$"{token} c live"]);
    }
}
