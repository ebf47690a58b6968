using System.Globalization;
using System.Net;

namespace StrongCitiesPortal.Tests.Web.DeliveryApi;

/// <summary>The query endpoint (<c>/content</c>) against the starter content: every selector, filter, sort and paging parameter, errors included.</summary>
[Category("Database")]
public sealed class ContentQueryTests() : PortalFixture("deliveryquery")
{
    private const int CityCount = 6;
    private const int PracticeCount = 14;
    private const int ThemeCount = 13;

    [Test]
    public async Task A_query_answers_umbracos_paged_shape()
    {
        var answer = await Client.ApiAsync("content?take=3");

        answer.Status.ShouldBe(HttpStatusCode.OK);
        answer.Json.Names().ShouldBe(["total", "items"]);
        answer.Items().Count.ShouldBe(3);
        answer.Items()[0].Names().ShouldBe(["id", "contentType", "name", "createDate", "updateDate", "route", "properties", "cultures"]);
    }

    [Test]
    public async Task Without_fetch_everything_live_in_the_culture_is_queried_in_tree_order()
    {
        var english = await Client.ApiAsync("content?take=1000");
        var french = await Client.ApiAsync("content?take=1000", ("Accept-Language", "fr"));

        english.Total().ShouldBe(49);
        english.ItemIds()[0].ShouldBe(Starter.Home);
        english.ItemIds()[1].ShouldBe(Starter.Practices);
        english.ItemIds()[2].ShouldBe(Starter.Ireportit);
        // Every starter item is translated (or, like a committee seat, the same in every culture).
        french.ItemIds().ShouldBe(english.ItemIds());
        french.ItemNames()[2].ShouldBe("Application IREPORTIT");
        french.ItemIds().ShouldContain(Starter.MayorOfLondon);
    }

    [Test]
    public async Task The_default_page_is_ten_items()
    {
        (await Client.ApiAsync("content")).Items().Count.ShouldBe(10);
    }

    [TestCase("children:11405358-73cb-4fe5-a03d-a8a1b146a032")]
    [TestCase("children:/practices/")]
    [TestCase("children:practices")]
    public async Task Fetch_children_by_id_or_path_gives_the_children_in_sort_order(string fetch)
    {
        var answer = await Client.ApiAsync($"content?fetch={fetch}&take=100");

        answer.Total().ShouldBe(PracticeCount);
        answer.ItemIds()[0].ShouldBe(Starter.Ireportit);
        answer.Items().ShouldAllBe(i => i.GetProperty("contentType").GetString() == "goodPractice");
    }

    [Test]
    public async Task Fetch_children_by_a_path_in_another_culture()
    {
        var answer = await Client.ApiAsync("content?fetch=children:/villes/&take=100", ("Accept-Language", "fr"));

        answer.Total().ShouldBe(CityCount);
        answer.ItemNames().ShouldContain("Londres");
    }

    [Test]
    public async Task Fetch_descendants_gives_everything_below()
    {
        var answer = await Client.ApiAsync($"content?fetch=descendants:{Starter.Events}&take=100");

        answer.Total().ShouldBe(5);
        answer.ItemIds().ShouldContain(Starter.Report);
    }

    [Test]
    public async Task Fetch_ancestors_gives_the_ancestors_from_the_root_down()
    {
        var answer = await Client.ApiAsync($"content?fetch=ancestors:{Starter.Ireportit}");

        answer.ItemIds().ShouldBe([Starter.Home, Starter.Practices]);
    }

    [Test]
    public async Task Fetching_below_an_unknown_item_finds_nothing()
    {
        var answer = await Client.ApiAsync($"content?fetch=children:{Guid.NewGuid()}");

        answer.Status.ShouldBe(HttpStatusCode.OK);
        answer.Total().ShouldBe(0);
    }

    [TestCase("siblings:/practices/")]
    [TestCase("children")]
    [TestCase("everything")]
    public async Task An_unknown_selector_is_a_400_titled_as_umbraco_titles_it(string fetch)
    {
        (await Client.ApiAsync($"content?fetch={fetch}"))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "Selector option not found", "The attempted 'fetch' option does not exist");
    }

    [Test]
    public async Task Filter_by_content_type()
    {
        var cities = await Client.ApiAsync("content?filter=contentType:memberCity&take=100");
        var citiesAndThemes = await Client.ApiAsync("content?filter=contentType:memberCity,theme&take=100");

        cities.Total().ShouldBe(CityCount);
        citiesAndThemes.Total().ShouldBe(CityCount + ThemeCount);
    }

    [Test]
    public async Task Filter_by_content_type_negated()
    {
        var all = await Client.ApiAsync("content?take=0");
        var notCities = await Client.ApiAsync("content?filter=contentType:!memberCity&take=100");

        notCities.Total().ShouldBe(all.Total() - CityCount);
        notCities.Items().ShouldNotContain(i => i.GetProperty("contentType").GetString() == "memberCity");
    }

    [Test]
    public async Task Filter_by_name_matches_part_of_the_name_in_any_case()
    {
        var answer = await Client.ApiAsync("content?filter=name:LONDON&take=100");

        answer.ItemNames().ShouldContain("London");
        answer.ItemNames().ShouldContain("Mayor of London");
        answer.ItemNames().ShouldAllBe(n => n.Contains("London", StringComparison.OrdinalIgnoreCase));
    }

    [Test]
    public async Task Filter_by_name_negated_and_in_the_requested_culture()
    {
        var notLondon = await Client.ApiAsync("content?filter=contentType:memberCity&filter=name:!london&take=100");
        var londres = await Client.ApiAsync("content?filter=contentType:memberCity&filter=name:londres", ("Accept-Language", "fr"));

        notLondon.Total().ShouldBe(CityCount - 1);
        londres.ItemIds().ShouldBe([Starter.London]);
    }

    [Test]
    public async Task Filter_by_name_ignores_accents_and_reads_every_script()
    {
        var french = await Client.ApiAsync("content?filter=name:evenements", ("Accept-Language", "fr"));
        var arabic = await Client.ApiAsync($"content?filter=name:{Uri.EscapeDataString("الفعاليات")}", ("Accept-Language", "ar"));

        french.ItemIds().ShouldBe([Starter.Events]);
        arabic.ItemIds().ShouldBe([Starter.Events]);
    }

    [Test]
    public async Task Filters_combine_as_and()
    {
        var answer = await Client.ApiAsync("content?filter=contentType:goodPractice&filter=name:london&take=100");

        answer.Total().ShouldBe(3);
        answer.Items().ShouldAllBe(i => i.GetProperty("contentType").GetString() == "goodPractice");
    }

    [Test]
    public async Task Filter_by_create_and_update_date_with_every_operator()
    {
        var all = (await Client.ApiAsync("content?take=0")).Total();
        var day = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var past = "2000-01-01";

        (await Client.ApiAsync($"content?filter=createDate>{past}&take=0")).Total().ShouldBe(all);
        (await Client.ApiAsync($"content?filter=createDate>:{past}&take=0")).Total().ShouldBe(all);
        (await Client.ApiAsync($"content?filter=createDate<{past}&take=0")).Total().ShouldBe(0);
        (await Client.ApiAsync($"content?filter=updateDate<{day}&take=0")).Total().ShouldBe(all);
        (await Client.ApiAsync($"content?filter=updateDate<:{day}&take=0")).Total().ShouldBe(all);
        (await Client.ApiAsync($"content?filter=updateDate>{day}&take=0")).Total().ShouldBe(0);
        (await Client.ApiAsync($"content?filter=createDate>{past}&filter=createDate<{day}&take=0")).Total().ShouldBe(all);
    }

    [Test]
    public async Task Filter_by_the_exact_create_date_of_an_item()
    {
        var item = (await Client.ApiAsync($"content/item/{Starter.London}")).Json;
        var created = Uri.EscapeDataString(item.GetProperty("createDate").GetDateTimeOffset().ToString("O", CultureInfo.InvariantCulture));

        (await Client.ApiAsync($"content?filter=createDate:{created}")).ItemIds().ShouldBe([Starter.London]);
        (await Client.ApiAsync($"content?filter=createDate:!{created}&take=0")).Total().ShouldBe(48);
    }

    [TestCase("createDate>yesterday")]
    [TestCase("updateDate<:31/12/2024x")]
    public async Task An_unreadable_date_is_a_400_saying_how_to_write_it(string filter)
    {
        (await Client.ApiAsync($"content?filter={Uri.EscapeDataString(filter)}"))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "Invalid filter value", "ISO 8601");
    }

    [TestCase("colour:red")]
    [TestCase("contenttypes:theme")]
    [TestCase("createDate=2020-01-01")]
    [TestCase("createDate<>2020-01-01")]
    public async Task An_unknown_filter_is_a_400_titled_as_umbraco_titles_it(string filter)
    {
        (await Client.ApiAsync($"content?filter={Uri.EscapeDataString(filter)}"))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "Filter option not found", "One of the attempted 'filter' options does not exist");
    }

    [Test]
    public async Task Sort_by_name_in_both_directions()
    {
        var ascending = (await Client.ApiAsync("content?filter=contentType:memberCity&sort=name:asc")).ItemNames();
        var descending = (await Client.ApiAsync("content?filter=contentType:memberCity&sort=name:desc")).ItemNames();

        ascending.ShouldBe(["Birmingham", "Leicester", "London", "Luton", "Manchester", "Paris"]);
        descending.ShouldBe(ascending.Reverse());
    }

    [Test]
    public async Task Sort_by_name_uses_the_requested_cultures_names()
    {
        var names = (await Client.ApiAsync("content?filter=contentType:memberCity&sort=name:asc", ("Accept-Language", "fr"))).ItemNames();

        names.ShouldBe(["Birmingham", "Leicester", "Londres", "Luton", "Manchester", "Paris"]);
    }

    [Test]
    public async Task Sort_by_level_sort_order_and_dates()
    {
        var byLevel = (await Client.ApiAsync("content?sort=level:desc&take=100")).Items();
        var bySortOrder = (await Client.ApiAsync($"content?fetch=children:{Starter.Home}&sort=sortOrder:desc")).ItemIds();
        var byCreated = (await Client.ApiAsync("content?sort=createDate:desc&take=100")).Items().Select(i => i.GetProperty("createDate").GetDateTimeOffset()).ToList();
        var byUpdated = (await Client.ApiAsync("content?sort=updateDate:asc&take=100")).Items().Select(i => i.GetProperty("updateDate").GetDateTimeOffset()).ToList();

        byLevel[^1].GetProperty("id").GetGuid().ShouldBe(Starter.Home);
        bySortOrder[^1].ShouldBe(Starter.Practices);
        byCreated.ShouldBe(byCreated.OrderByDescending(d => d));
        byUpdated.ShouldBe(byUpdated.Order());
    }

    [Test]
    public async Task Several_sorts_apply_in_the_order_given()
    {
        var levelFirst = (await Client.ApiAsync("content?filter=contentType:memberCity,practiceLibrary&sort=level:asc&sort=name:asc")).ItemNames();
        var nameFirst = (await Client.ApiAsync("content?filter=contentType:memberCity,practiceLibrary&sort=name:asc&sort=level:asc")).ItemNames();

        levelFirst.ShouldBe(["Practice library", "Birmingham", "Leicester", "London", "Luton", "Manchester", "Paris"]);
        nameFirst.ShouldBe(["Birmingham", "Leicester", "London", "Luton", "Manchester", "Paris", "Practice library"]);
    }

    [TestCase("title:asc")]
    [TestCase("name")]
    [TestCase("name:sideways")]
    public async Task An_unknown_sort_is_a_400_titled_as_umbraco_titles_it(string sort)
    {
        (await Client.ApiAsync($"content?sort={sort}"))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "Sort option not found", "One of the attempted 'sort' options does not exist");
    }

    [Test]
    public async Task Skip_and_take_page_through_the_same_total()
    {
        var first = await Client.ApiAsync("content?filter=contentType:theme&sort=name:asc&skip=0&take=5");
        var second = await Client.ApiAsync("content?filter=contentType:theme&sort=name:asc&skip=5&take=5");
        var last = await Client.ApiAsync("content?filter=contentType:theme&sort=name:asc&skip=10&take=5");
        var none = await Client.ApiAsync("content?filter=contentType:theme&take=0");

        first.Total().ShouldBe(ThemeCount);
        second.Total().ShouldBe(ThemeCount);
        first.ItemIds().Intersect(second.ItemIds()).ShouldBeEmpty();
        last.Items().Count.ShouldBe(3);
        none.Items().ShouldBeEmpty();
        none.Total().ShouldBe(ThemeCount);
    }

    [TestCase("skip=-1", "skip")]
    [TestCase("take=ten", "take")]
    [TestCase("take=1001", "take")]
    [TestCase("skip=1.5", "skip")]
    public async Task Bad_paging_is_a_400_saying_what_is_allowed(string paging, string parameter)
    {
        (await Client.ApiAsync($"content?{paging}"))
            .ShouldBeProblem(HttpStatusCode.BadRequest, $"Invalid {parameter} parameter", "whole number");
    }

    [Test]
    public async Task A_start_item_without_fetch_queries_below_it()
    {
        var all = (await Client.ApiAsync("content?take=0")).Total();
        var below = await Client.ApiAsync("content?take=100", ("Start-Item", Starter.HomeSegment));

        below.Total().ShouldBe(all - 1);
        below.ItemIds().ShouldNotContain(Starter.Home);
    }

    [Test]
    public async Task Query_results_honour_expand_and_fields()
    {
        var answer = await Client.ApiAsync("content?filter=contentType:goodPractice&filter=name:ireportit&expand=properties[cities]&fields=properties[cities[properties[country]],kind]");

        var item = answer.Items().Single();
        item.GetProperty("properties").Names().ShouldBe(["kind", "cities"]);
        item.GetProperty("properties").GetProperty("cities")[0].GetProperty("properties").Names().ShouldBe(["country"]);
    }

    [TestCase("theme:hate-crime")]
    [TestCase("theme:b3525b5a-9cd2-4c1c-abd1-713b84f29c66")]
    [TestCase("theme:HATE-CRIME,youth")]
    public async Task Filter_by_theme_finds_what_picks_the_theme(string filter)
    {
        var answer = await Client.ApiAsync($"content?filter={filter}&take=100");

        answer.ItemIds().ShouldContain(Starter.Ireportit);
        answer.ItemIds().ShouldContain(Starter.London);
        answer.ItemIds().ShouldNotContain(Starter.Paris);
        answer.ItemIds().ShouldNotContain(Starter.HateCrime);
    }

    [Test]
    public async Task Filter_by_theme_negated_and_unknown()
    {
        var practices = (await Client.ApiAsync("content?filter=contentType:goodPractice&take=0")).Total();
        var withHateCrime = (await Client.ApiAsync("content?filter=contentType:goodPractice&filter=theme:hate-crime&take=0")).Total();
        var withoutHateCrime = (await Client.ApiAsync("content?filter=contentType:goodPractice&filter=theme:!hate-crime&take=0")).Total();
        var unknown = (await Client.ApiAsync("content?filter=theme:no-such-theme&take=0")).Total();

        withHateCrime.ShouldBeGreaterThan(0);
        (withHateCrime + withoutHateCrime).ShouldBe(practices);
        unknown.ShouldBe(0);
    }

    [Test]
    public async Task Filter_by_country_finds_items_in_it_or_picking_its_cities()
    {
        var france = await Client.ApiAsync("content?filter=country:fr&take=100");

        france.ItemIds().ShouldContain(Starter.Paris);
        france.ItemIds().ShouldContain(Starter.Twinning);
        france.ItemIds().ShouldNotContain(Starter.London);
        france.ItemIds().ShouldNotContain(Starter.Ireportit);
    }

    [Test]
    public async Task An_unknown_country_code_is_a_400()
    {
        (await Client.ApiAsync("content?filter=country:XX"))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "Invalid filter value", "ISO 3166-1");
    }

    [TestCase("region:Europe")]
    [TestCase("region:europe")]
    public async Task Filter_by_region_finds_its_cities_and_what_picks_them(string filter)
    {
        var answer = await Client.ApiAsync($"content?filter={filter}&take=100");

        answer.ItemIds().ShouldContain(Starter.London);
        answer.ItemIds().ShouldContain(Starter.Ireportit);
        answer.ItemIds().ShouldNotContain(Starter.HateCrime);
        (await Client.ApiAsync("content?filter=region:south-asia&take=0")).Total().ShouldBe(0);
    }

    [TestCase("kind:Case study")]
    [TestCase("kind:case-study")]
    public async Task Filter_by_kind_matches_the_option_or_its_slug(string filter)
    {
        var answer = await Client.ApiAsync($"content?filter={Uri.EscapeDataString(filter)}&take=100");

        answer.ItemIds().ShouldBe([Starter.BirminghamEvent]);
    }

    [Test]
    public async Task Filter_by_kind_spans_practices_and_events()
    {
        var answer = await Client.ApiAsync("content?filter=kind:workshop,research&take=100");

        answer.Total().ShouldBe(3);
        answer.ItemIds().ShouldContain(Starter.PublicPrivateCaseStudies);
    }

    [TestCase("city:london")]
    [TestCase("city:902335b8-24a9-402d-a90d-1645645e5cbc")]
    public async Task Filter_by_city_finds_what_picks_the_city(string filter)
    {
        var answer = await Client.ApiAsync($"content?filter={filter}&take=100");

        answer.ItemIds().ShouldContain(Starter.Ireportit);
        answer.ItemIds().ShouldContain(Starter.Report);
        answer.ItemIds().ShouldContain(Starter.MayorOfLondon);
        answer.ItemIds().ShouldNotContain(Starter.London);
        answer.ItemIds().ShouldNotContain(Starter.PublicPrivateCaseStudies);
    }

    [TestCase("parent:/cities/")]
    [TestCase("parent:83eacb2b-f85f-4b17-9ad8-9a612dfa786d")]
    public async Task Filter_by_parent_keeps_the_direct_children(string filter)
    {
        var answer = await Client.ApiAsync($"content?filter={filter}&take=100");

        answer.Total().ShouldBe(CityCount);
    }

    [Test]
    public async Task Portal_filters_combine_with_umbracos()
    {
        var answer = await Client.ApiAsync("content?filter=contentType:goodPractice&filter=country:GB&filter=theme:hate-crime&sort=name:asc&take=100");

        answer.Total().ShouldBeGreaterThan(0);
        answer.Items().ShouldAllBe(i => i.GetProperty("contentType").GetString() == "goodPractice");
        answer.ItemIds().ShouldContain(Starter.Ireportit);
    }

    [TestCase("theme:")]
    [TestCase("country:!")]
    public async Task A_portal_filter_without_a_value_is_a_400(string filter)
    {
        (await Client.ApiAsync($"content?filter={filter}")).ShouldBeProblem(HttpStatusCode.BadRequest, "Invalid filter value");
    }
}
