using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Tests.Web.DeliveryApi;

/// <summary>The item endpoints against the starter content, in Umbraco's documented shapes.</summary>
[Category("Database")]
public sealed class ContentItemTests() : PortalFixture("deliveryitems")
{
    private Guid _englishOnly;

    // Every starter item with a name of its own is translated; this one is published in English only.
    [OneTimeSetUp]
    public async Task PublishAnEnglishOnlyPracticeAsync()
    {
        var saved = await Portal.Services.GetRequiredService<ContentService>().SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "goodPractice",
            ParentKey = Starter.Practices,
            Data = Data.Parse("""{ "invariant": { "kind": "Research" }, "cultures": { "en": { "name": "Youth mentoring pilot", "values": { "summary": "A pilot." } } } }"""),
        }, ["en"], "tests");
        _englishOnly = saved.Item!.Key;
    }

    [Test]
    public async Task An_item_by_id_has_exactly_umbracos_item_shape()
    {
        var answer = await Client.ApiAsync($"content/item/{Starter.Ireportit}");

        answer.Status.ShouldBe(HttpStatusCode.OK);
        var item = answer.Json;
        item.Names().ShouldBe(["id", "contentType", "name", "createDate", "updateDate", "route", "properties", "cultures"]);
        item.GetProperty("id").GetGuid().ShouldBe(Starter.Ireportit);
        item.GetProperty("contentType").GetString().ShouldBe("goodPractice");
        item.GetProperty("name").GetString().ShouldBe("IREPORTIT app");
        item.GetProperty("createDate").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddDays(-1));
        item.GetProperty("route").Names().ShouldBe(["path", "startItem"]);
        item.GetProperty("route").GetProperty("path").GetString().ShouldBe("/practices/ireportit/");
        item.GetProperty("route").GetProperty("startItem").Names().ShouldBe(["id", "path"]);
        item.GetProperty("route").GetProperty("startItem").GetProperty("id").GetGuid().ShouldBe(Starter.Home);
        item.GetProperty("route").GetProperty("startItem").GetProperty("path").GetString().ShouldBe(Starter.HomeSegment);
        answer.Response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
    }

    [Test]
    public async Task Every_property_of_the_document_type_is_output_in_its_order_with_null_for_empty_ones()
    {
        var properties = (await Client.ApiAsync($"content/item/{Starter.Ireportit}")).Json.GetProperty("properties");

        properties.Names().ShouldBe(["summary", "body", "kind", "themes", "cities", "countries", "organisations", "language",
            "publicationDate", "externalLink", "evaluationStatus", "attachments", "coverImage"]);
        properties.GetProperty("publicationDate").ValueKind.ShouldBe(JsonValueKind.Null);
        properties.GetProperty("externalLink").ValueKind.ShouldBe(JsonValueKind.Null);
        properties.GetProperty("kind").GetString().ShouldBe("Initiative");
        properties.GetProperty("countries").EnumerateArray().Select(c => c.GetString()).ShouldBe(["GB"]);
        properties.GetProperty("organisations").EnumerateArray().Select(c => c.GetString()).ShouldBe(["Mayor of London", "London tech sector"]);
        properties.GetProperty("attachments").GetArrayLength().ShouldBe(0);
    }

    [Test]
    public async Task Markdown_properties_are_delivered_as_html()
    {
        var body = (await Client.ApiAsync($"content/item/{Starter.Ireportit}")).Json.GetProperty("properties").GetProperty("body").GetString()!;

        body.ShouldStartWith("<h2>What it does</h2>\n<p>IREPORTIT lets anyone in London");
        body.ShouldNotContain("## ");
    }

    [Test]
    public async Task Scalar_editors_keep_their_json_types()
    {
        var city = (await Client.ApiAsync($"content/item/{Starter.London}")).Json.GetProperty("properties");
        var report = (await Client.ApiAsync($"content/item/{Starter.Report}")).Json.GetProperty("properties");

        city.GetProperty("country").GetString().ShouldBe("GB");
        city.GetProperty("region").GetString().ShouldBe("Europe");
        city.GetProperty("steeringCommitteeSeat").GetBoolean().ShouldBeTrue();
        city.GetProperty("dateJoined").GetString().ShouldBe("2015-12-21");
        city.GetProperty("website").GetString().ShouldBe("https://www.london.gov.uk");
        city.GetProperty("location").GetProperty("lat").GetDouble().ShouldBe(51.5074);
        report.GetProperty("participantCount").GetInt32().ShouldBe(50);
        report.GetProperty("hostCity").ValueKind.ShouldBe(JsonValueKind.Object);
    }

    [Test]
    public async Task Pickers_are_links_to_the_picked_items_without_their_properties()
    {
        var themes = (await Client.ApiAsync($"content/item/{Starter.Ireportit}")).Json.GetProperty("properties").GetProperty("themes");

        themes.GetArrayLength().ShouldBe(3);
        var hateCrime = themes.EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == Starter.HateCrime);
        hateCrime.Names().ShouldBe(["id", "contentType", "name", "createDate", "updateDate", "route", "properties"]);
        hateCrime.GetProperty("contentType").GetString().ShouldBe("theme");
        hateCrime.GetProperty("name").GetString().ShouldBe("Hate crime");
        hateCrime.GetProperty("route").GetProperty("path").GetString().ShouldBe("/themes/hate-crime/");
        hateCrime.GetProperty("properties").Names().ShouldBeEmpty();
    }

    [Test]
    public async Task A_single_picker_is_one_item_and_a_multiple_picker_a_list()
    {
        var report = (await Client.ApiAsync($"content/item/{Starter.Report}")).Json.GetProperty("properties");

        report.GetProperty("hostCity").GetProperty("id").GetGuid().ShouldBe(Starter.London);
        report.GetProperty("themes").ValueKind.ShouldBe(JsonValueKind.Array);
    }

    [Test]
    public async Task Expanding_a_picker_includes_the_picked_items_properties()
    {
        var themes = (await Client.ApiAsync($"content/item/{Starter.Ireportit}?expand=properties[themes]")).Json.GetProperty("properties");

        var hateCrime = themes.GetProperty("themes").EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == Starter.HateCrime);
        hateCrime.GetProperty("properties").Names().ShouldBe(["summary", "description", "synonyms"]);
        hateCrime.GetProperty("properties").GetProperty("description").GetString()!.ShouldStartWith("<");
        themes.GetProperty("cities").EnumerateArray().Single().GetProperty("properties").Names().ShouldBeEmpty();
    }

    [Test]
    public async Task Expanding_all_expands_every_picker_but_not_what_they_pick()
    {
        var properties = (await Client.ApiAsync($"content/item/{Starter.Ireportit}?expand=properties[$all]")).Json.GetProperty("properties");

        var london = properties.GetProperty("cities").EnumerateArray().Single();
        london.GetProperty("properties").GetProperty("country").GetString().ShouldBe("GB");
        london.GetProperty("properties").GetProperty("themes").EnumerateArray().First().GetProperty("properties").Names().ShouldBeEmpty();
        properties.GetProperty("themes").EnumerateArray().First().GetProperty("properties").Names().ShouldNotBeEmpty();
    }

    [Test]
    public async Task Nested_expansion_reaches_into_an_expanded_item()
    {
        var london = (await Client.ApiAsync($"content/item/{Starter.Ireportit}?expand=properties[cities[properties[themes]]]"))
            .Json.GetProperty("properties").GetProperty("cities").EnumerateArray().Single();

        london.GetProperty("properties").GetProperty("themes").EnumerateArray().First().GetProperty("properties").Names().ShouldContain("summary");
    }

    [Test]
    public async Task Fields_limit_the_properties_to_the_named_ones()
    {
        var properties = (await Client.ApiAsync($"content/item/{Starter.Ireportit}?fields=properties[kind,countries]")).Json.GetProperty("properties");

        properties.Names().ShouldBe(["kind", "countries"]);
    }

    [Test]
    public async Task Fields_all_includes_every_property()
    {
        var properties = (await Client.ApiAsync($"content/item/{Starter.Ireportit}?fields=properties[$all]")).Json.GetProperty("properties");

        properties.Names().Count.ShouldBe(13); // goodPractice has 13 properties since the optional cover image
    }

    [Test]
    public async Task Nested_fields_limit_the_properties_of_an_expanded_item()
    {
        var properties = (await Client.ApiAsync($"content/item/{Starter.Ireportit}?expand=properties[themes]&fields=properties[themes[properties[summary]]]"))
            .Json.GetProperty("properties");

        properties.Names().ShouldBe(["themes"]);
        properties.GetProperty("themes").EnumerateArray().ShouldAllBe(t => t.GetProperty("properties").Names().SequenceEqual(new[] { "summary" }));
    }

    [Test]
    public async Task A_block_list_is_umbracos_block_list_model()
    {
        var takeaways = (await Client.ApiAsync($"content/item/{Starter.Report}")).Json.GetProperty("properties").GetProperty("keyTakeaways");

        takeaways.Names().ShouldBe(["items"]);
        var items = takeaways.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(5);
        items[0].Names().ShouldBe(["content", "settings"]);
        items[0].GetProperty("settings").ValueKind.ShouldBe(JsonValueKind.Null);
        var content = items[0].GetProperty("content");
        content.Names().ShouldBe(["id", "contentType", "properties"]);
        content.GetProperty("id").GetGuid().ShouldBe(Guid.Parse("0f6f22c5-9211-4e51-b907-ba45c7de01c7"));
        content.GetProperty("contentType").GetString().ShouldBe("takeaway");
        content.GetProperty("properties").GetProperty("heading").GetString().ShouldBe("Local prevention has to keep pace with an increasingly hybrid threat landscape");
        content.GetProperty("properties").GetProperty("body").GetString()!.ShouldStartWith("<p>");
        content.GetProperty("properties").GetProperty("themes").EnumerateArray().First().GetProperty("properties").Names().ShouldBeEmpty();
    }

    [Test]
    public async Task Expand_and_fields_reach_into_blocks()
    {
        var takeaways = (await Client.ApiAsync(
                $"content/item/{Starter.Report}?expand=properties[keyTakeaways[properties[themes]]]&fields=properties[keyTakeaways[properties[heading,themes]]]"))
            .Json.GetProperty("properties");

        takeaways.Names().ShouldBe(["keyTakeaways"]);
        var first = takeaways.GetProperty("keyTakeaways").GetProperty("items")[0].GetProperty("content").GetProperty("properties");
        first.Names().ShouldBe(["heading", "themes"]);
        first.GetProperty("themes")[0].GetProperty("properties").Names().ShouldContain("summary");
    }

    [TestCase("expand", "properties[themes")]
    [TestCase("expand", "themes")]
    [TestCase("expand", "properties[$everything]")]
    [TestCase("fields", "properties[kind]]")]
    [TestCase("fields", "properties[]")]
    public async Task A_malformed_expand_or_fields_is_a_400_saying_what_to_write(string parameter, string value)
    {
        var answer = await Client.ApiAsync($"content/item/{Starter.Ireportit}?{parameter}={Uri.EscapeDataString(value)}");

        answer.ShouldBeProblem(HttpStatusCode.BadRequest, $"Invalid {parameter} parameter", "properties[$all]");
    }

    [Test]
    public async Task An_unknown_id_is_a_404_problem()
    {
        var answer = await Client.ApiAsync($"content/item/{Guid.NewGuid()}");

        answer.ShouldBeProblem(HttpStatusCode.NotFound, "Not Found");
    }

    [Test]
    public async Task Accept_language_delivers_the_item_in_that_culture()
    {
        var answer = await Client.ApiAsync($"content/item/{Starter.London}", ("Accept-Language", "fr-FR, en;q=0.5"));

        answer.Json.GetProperty("name").GetString().ShouldBe("Londres");
        answer.Json.GetProperty("route").GetProperty("path").GetString().ShouldBe("/villes/londres/");
        answer.Json.GetProperty("properties").GetProperty("summary").GetString()!.ShouldStartWith("L'adhésion de Londres");
    }

    [Test]
    public async Task An_unsupported_language_falls_back_to_the_default_culture()
    {
        var answer = await Client.ApiAsync($"content/item/{Starter.London}", ("Accept-Language", "de-DE"));

        answer.Json.GetProperty("name").GetString().ShouldBe("London");
    }

    [Test]
    public async Task An_item_not_published_in_the_requested_culture_is_not_found()
    {
        var answer = await Client.ApiAsync($"content/item/{_englishOnly}", ("Accept-Language", "fr"));

        answer.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Cultures_list_the_route_of_every_published_culture()
    {
        var cultures = (await Client.ApiAsync($"content/item/{Starter.London}")).Json.GetProperty("cultures");

        cultures.Names().Order().ShouldBe(["ar", "en", "fr"]);
        cultures.GetProperty("fr").GetProperty("path").GetString().ShouldBe("/villes/londres/");
        cultures.GetProperty("en").GetProperty("path").GetString().ShouldBe("/cities/london/");
        cultures.GetProperty("fr").GetProperty("startItem").GetProperty("id").GetGuid().ShouldBe(Starter.Home);
    }

    [Test]
    public async Task An_invariant_item_has_no_cultures()
    {
        var answer = await Client.ApiAsync($"content/item/{Starter.MayorOfLondon}", ("Accept-Language", "fr"));

        answer.Status.ShouldBe(HttpStatusCode.OK);
        answer.Json.GetProperty("cultures").Names().ShouldBeEmpty();
        answer.Json.GetProperty("route").GetProperty("path").GetString().ShouldBe("/comite-directeur/mayor-of-london/");
    }

    [TestCase("content/item/practices/ireportit")]
    [TestCase("content/item/practices/ireportit/")]
    [TestCase("content/item//practices/IREPORTIT/")]
    [TestCase("content/item/%2Fpractices%2Fireportit")]
    public async Task An_item_by_path_is_the_same_item(string url)
    {
        var answer = await Client.ApiAsync(url);

        answer.Status.ShouldBe(HttpStatusCode.OK, answer.Body);
        answer.Json.GetProperty("id").GetGuid().ShouldBe(Starter.Ireportit);
    }

    [Test]
    public async Task The_root_path_is_the_home_item()
    {
        var answer = await Client.ApiAsync("content/item/");

        answer.Json.GetProperty("id").GetGuid().ShouldBe(Starter.Home);
        answer.Json.GetProperty("route").GetProperty("path").GetString().ShouldBe("/");
    }

    [Test]
    public async Task A_path_is_read_in_the_requested_culture()
    {
        var french = await Client.ApiAsync("content/item/villes/londres", ("Accept-Language", "fr"));
        var english = await Client.ApiAsync("content/item/villes/londres");

        french.Json.GetProperty("id").GetGuid().ShouldBe(Starter.London);
        english.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task An_unknown_path_is_a_404_problem()
    {
        (await Client.ApiAsync("content/item/practices/no-such-practice")).ShouldBeProblem(HttpStatusCode.NotFound, "Not Found");
    }

    [TestCase("strong-cities-network")]
    [TestCase("a3de62ce-3547-45ff-95c9-91a652b147ca")]
    public async Task A_start_item_by_segment_or_id_is_accepted(string startItem)
    {
        var answer = await Client.ApiAsync("content/item/practices/ireportit", ("Start-Item", startItem));

        answer.Json.GetProperty("id").GetGuid().ShouldBe(Starter.Ireportit);
    }

    [Test]
    public async Task An_unknown_start_item_is_a_404_saying_so_as_umbraco_does()
    {
        var answer = await Client.ApiAsync($"content/item/{Starter.Ireportit}", ("Start-Item", "no-such-site"));

        answer.Status.ShouldBe(HttpStatusCode.NotFound);
        answer.Json.GetString().ShouldBe("The Start-Item could not be found");
    }

    [Test]
    public async Task Items_by_id_come_back_in_the_order_asked_without_unknown_ones()
    {
        var answer = await Client.ApiAsync($"content/items?id={Starter.Paris}&id={Guid.NewGuid()}&id={Starter.London}&id={Starter.Paris}");

        answer.Status.ShouldBe(HttpStatusCode.OK);
        answer.Json.ValueKind.ShouldBe(JsonValueKind.Array);
        answer.Json.EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ShouldBe([Starter.Paris, Starter.London]);
        answer.Json[0].Names().ShouldBe(["id", "contentType", "name", "createDate", "updateDate", "route", "properties", "cultures"]);
    }

    [Test]
    public async Task Items_by_id_honour_culture_expand_and_fields()
    {
        var answer = await Client.ApiAsync($"content/items?id={Starter.London}&id={_englishOnly}&fields=properties[themes]&expand=properties[themes]",
            ("Accept-Language", "fr"));

        var london = answer.Json.EnumerateArray().Single();
        london.GetProperty("name").GetString().ShouldBe("Londres");
        london.GetProperty("properties").Names().ShouldBe(["themes"]);
        london.GetProperty("properties").GetProperty("themes")[0].GetProperty("properties").Names().ShouldContain("summary");
    }

    [Test]
    public async Task Items_without_ids_is_an_empty_list()
    {
        var answer = await Client.ApiAsync("content/items");

        answer.Json.GetArrayLength().ShouldBe(0);
    }

    [Test]
    public async Task Items_with_a_malformed_id_is_a_400()
    {
        (await Client.ApiAsync($"content/items?id={Starter.London}&id=not-a-guid"))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "Invalid id parameter", "not-a-guid");
    }

    [Test]
    public async Task Responses_vary_by_the_headers_that_change_them()
    {
        var answer = await Client.ApiAsync($"content/item/{Starter.London}");

        var vary = answer.Header("Vary")!;
        vary.ShouldContain("Accept-Language");
        vary.ShouldContain("Preview");
        vary.ShouldContain("Start-Item");
    }
}
