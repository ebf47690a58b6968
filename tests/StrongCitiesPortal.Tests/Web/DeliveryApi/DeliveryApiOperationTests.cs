using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Tests.Web.DeliveryApi;

/// <summary>How the API runs: its output cache and ETags, preview, access settings, CORS, rate limit and OpenAPI document.</summary>
[Category("Database")]
public sealed class DeliveryApiOperationTests() : PortalFixture("deliveryops")
{
    private const string ApiKey = "test-delivery-key";

    private WebApplicationFactory<Program> With(params (string Key, string Value)[] settings) =>
        Portal.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
        });

    private ContentService Content => Portal.Services.GetRequiredService<ContentService>();

    private async Task RenameAsync(Guid key, string name, bool publish)
    {
        var item = (await Content.GetAsync(key))!;
        var data = item.Data.Clone();
        data.Cultures["en"].Name = name;
        var draft = new ContentDraft { Key = key, ContentType = item.ContentType, Data = data };
        var result = publish ? await Content.SaveAndPublishAsync(draft, ["en"], "tests") : await Content.SaveAsync(draft, "tests");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
    }

    [Test]
    public async Task A_repeated_request_is_served_from_the_output_cache()
    {
        var first = await Client.ApiAsync($"content/item/{Starter.Paris}");
        var second = await Client.ApiAsync($"content/item/{Starter.Paris}");

        first.Header("Age").ShouldBeNull();
        second.Header("Age").ShouldNotBeNull();
        second.Body.ShouldBe(first.Body);
    }

    [Test]
    public async Task The_output_cache_keeps_cultures_and_start_items_apart()
    {
        var english = await Client.ApiAsync($"content/item/{Starter.Paris}?fields=properties[country]");
        var french = await Client.ApiAsync($"content/item/{Starter.Paris}?fields=properties[country]", ("Accept-Language", "fr"));
        var unknownStart = await Client.ApiAsync($"content/item/{Starter.Paris}?fields=properties[country]", ("Start-Item", "elsewhere"));

        english.Json.GetProperty("route").GetProperty("path").GetString().ShouldBe("/cities/paris/");
        french.Json.GetProperty("route").GetProperty("path").GetString().ShouldBe("/villes/paris/");
        unknownStart.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Publishing_drops_cached_answers_at_once()
    {
        var url = $"content?filter=contentType:memberCity&filter=name:manchester&fields=properties[country]";
        var before = await Client.ApiAsync(url);
        (await Client.ApiAsync(url)).Header("Age").ShouldNotBeNull();

        await RenameAsync(await FindAsync("Manchester"), "Greater Manchester", publish: true);
        var after = await Client.ApiAsync(url);

        before.ItemNames().ShouldBe(["Manchester"]);
        after.ItemNames().ShouldBe(["Greater Manchester"]);
        after.Header("Age").ShouldBeNull();
    }

    private async Task<Guid> FindAsync(string name) =>
        (await Client.ApiAsync($"content?filter=name:{name}&take=1")).ItemIds().Single();

    [Test]
    public async Task Items_with_the_same_name_are_ordered_by_the_next_sort()
    {
        foreach (var summary in new[] { "Older", "Newer" })
        {
            var saved = await Content.SaveAndPublishAsync(new ContentDraft
            {
                ContentType = "goodPractice",
                ParentKey = Starter.Practices,
                Data = Data.Parse($$"""{ "invariant": { "kind": "Evaluation" }, "cultures": { "en": { "name": "Same name", "values": { "summary": "{{summary}}" } } } }"""),
            }, ["en"], "tests");
            saved.Succeeded.ShouldBeTrue(string.Join("; ", saved.Errors));
            await Task.Delay(20);
        }

        var newestFirst = await Client.ApiAsync("content?filter=name:same name&sort=name:asc&sort=createDate:desc&fields=properties[summary]");
        var oldestFirst = await Client.ApiAsync("content?filter=name:same name&sort=name:asc&sort=createDate:asc&fields=properties[summary]");

        newestFirst.Items().Select(i => i.GetProperty("properties").GetProperty("summary").GetString()).ShouldBe(["Newer", "Older"]);
        oldestFirst.Items().Select(i => i.GetProperty("properties").GetProperty("summary").GetString()).ShouldBe(["Older", "Newer"]);
    }

    [Test]
    public async Task Answers_carry_an_etag_and_if_none_match_gives_304()
    {
        var first = await Client.ApiAsync($"content/item/{Starter.Themes}");
        var etag = first.Header("ETag")!;
        var again = await Client.ApiAsync($"content/item/{Starter.Themes}", ("If-None-Match", etag));
        var other = await Client.ApiAsync($"content/item/{Starter.Themes}", ("If-None-Match", "\"something-else\""));

        etag.ShouldStartWith("\"");
        again.Status.ShouldBe(HttpStatusCode.NotModified);
        again.Body.ShouldBeEmpty();
        other.Status.ShouldBe(HttpStatusCode.OK);
        other.Header("ETag").ShouldBe(etag);
    }

    [Test]
    public async Task A_change_gives_a_new_etag()
    {
        var before = (await Client.ApiAsync($"content/item/{Starter.Twinning}")).Header("ETag")!;
        await RenameAsync(Starter.Twinning, "London and Paris twinning", publish: true);

        var after = await Client.ApiAsync($"content/item/{Starter.Twinning}", ("If-None-Match", before));

        after.Status.ShouldBe(HttpStatusCode.OK);
        after.Header("ETag").ShouldNotBe(before);
        after.Json.GetProperty("name").GetString().ShouldBe("London and Paris twinning");
    }

    [Test]
    public async Task Preview_needs_the_api_key()
    {
        await using var portal = With(("Umbraco:CMS:DeliveryApi:ApiKey", ApiKey));
        using var client = portal.CreateClient();

        (await client.ApiAsync($"content/item/{Starter.London}", ("Preview", "true"))).ShouldBeProblem(HttpStatusCode.Unauthorized, "Unauthorized");
        (await client.ApiAsync($"content/item/{Starter.London}", ("Preview", "true"), ("Api-Key", "wrong"))).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.ApiAsync($"content/item/{Starter.London}", ("Preview", "true"), ("Api-Key", ApiKey))).Status.ShouldBe(HttpStatusCode.OK);
        (await Client.ApiAsync($"content/item/{Starter.London}", ("Preview", "true"), ("Api-Key", ""))).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Preview_delivers_drafts_and_live_requests_do_not()
    {
        var luton = await FindAsync("Luton");
        await RenameAsync(luton, "Luton (draft)", publish: false);
        await using var portal = With(("Umbraco:CMS:DeliveryApi:ApiKey", ApiKey));
        using var client = portal.CreateClient();

        var live = await client.ApiAsync($"content/item/{luton}");
        var preview = await client.ApiAsync($"content/item/{luton}", ("Preview", "true"), ("Api-Key", ApiKey));
        var previewAgain = await client.ApiAsync($"content/item/{luton}", ("Preview", "true"), ("Api-Key", ApiKey));

        live.Json.GetProperty("name").GetString().ShouldBe("Luton");
        preview.Json.GetProperty("name").GetString().ShouldBe("Luton (draft)");
        preview.Json.GetProperty("route").GetProperty("path").GetString().ShouldBe("/cities/luton/");
        previewAgain.Header("Age").ShouldBeNull();
    }

    [Test]
    public async Task An_unpublished_item_is_previewable_by_id_by_its_preview_path_and_in_queries()
    {
        var created = await Content.SaveAsync(new ContentDraft
        {
            ContentType = "goodPractice",
            ParentKey = Starter.Practices,
            Data = Data.Parse("""{ "invariant": { "kind": "Research" }, "cultures": { "en": { "name": "Unpublished research", "values": { "summary": "Not live yet." } } } }"""),
        }, "tests");
        created.Succeeded.ShouldBeTrue(string.Join("; ", created.Errors));
        var key = created.Item!.Key;
        await using var portal = With(("Umbraco:CMS:DeliveryApi:ApiKey", ApiKey));
        using var client = portal.CreateClient();
        (string, string)[] preview = [("Preview", "true"), ("Api-Key", ApiKey)];

        var byId = await client.ApiAsync($"content/item/{key}", preview);
        var byPath = await client.ApiAsync($"content/item/preview-{key}", preview);
        var query = await client.ApiAsync("content?fetch=children:/practices/&filter=kind:research&take=100", preview);
        var liveQuery = await client.ApiAsync("content?fetch=children:/practices/&filter=kind:research&take=100");

        byId.Json.GetProperty("route").GetProperty("path").GetString().ShouldBe($"/preview-{key}/");
        byId.Json.GetProperty("properties").GetProperty("summary").GetString().ShouldBe("Not live yet.");
        byPath.Json.GetProperty("id").GetGuid().ShouldBe(key);
        query.ItemIds().ShouldContain(key);
        liveQuery.ItemIds().ShouldNotContain(key);
        (await client.ApiAsync($"content/item/{key}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.ApiAsync($"content/item/preview-{key}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Without_public_access_every_request_needs_the_key()
    {
        await using var portal = With(("Umbraco:CMS:DeliveryApi:PublicAccess", "false"), ("Umbraco:CMS:DeliveryApi:ApiKey", ApiKey));
        using var client = portal.CreateClient();

        (await client.ApiAsync($"content/item/{Starter.London}")).ShouldBeProblem(HttpStatusCode.Unauthorized, "Unauthorized");
        (await client.ApiAsync("content")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.ApiAsync($"content/items?id={Starter.London}")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.ApiAsync($"content/item/{Starter.London}", ("Api-Key", ApiKey))).Status.ShouldBe(HttpStatusCode.OK);
        (await client.ApiAsync($"content/item/{Starter.London}", ("Api-Key", ApiKey + "x"))).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_cached_answer_is_not_served_to_a_request_without_the_key()
    {
        await using var portal = With(("Umbraco:CMS:DeliveryApi:PublicAccess", "false"), ("Umbraco:CMS:DeliveryApi:ApiKey", ApiKey));
        using var client = portal.CreateClient();

        (await client.ApiAsync($"content/item/{Starter.Cities}", ("Api-Key", ApiKey))).Status.ShouldBe(HttpStatusCode.OK);
        (await client.ApiAsync($"content/item/{Starter.Cities}", ("Api-Key", ApiKey))).Header("Age").ShouldNotBeNull();
        (await client.ApiAsync($"content/item/{Starter.Cities}")).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_disabled_api_answers_404()
    {
        await using var portal = With(("Umbraco:CMS:DeliveryApi:Enabled", "false"));
        using var client = portal.CreateClient();

        (await client.ApiAsync($"content/item/{Starter.London}")).ShouldBeProblem(HttpStatusCode.NotFound, "Not Found");
        (await client.ApiAsync("content")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Disallowed_content_types_are_never_delivered()
    {
        await using var portal = With(("Umbraco:CMS:DeliveryApi:DisallowedContentTypeAliases:0", "memberCity"));
        using var client = portal.CreateClient();

        (await client.ApiAsync($"content/item/{Starter.London}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.ApiAsync("content/item/cities/london")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.ApiAsync("content?filter=contentType:memberCity")).Total().ShouldBe(0);
        (await client.ApiAsync($"content/items?id={Starter.London}")).Json.GetArrayLength().ShouldBe(0);
        (await client.ApiAsync($"content/item/{Starter.Ireportit}")).Json.GetProperty("properties").GetProperty("cities").GetArrayLength().ShouldBe(0);
    }

    [Test]
    public async Task Disallowed_content_types_are_neither_found_nor_counted_by_either_search()
    {
        await using var portal = With(("Umbraco:CMS:DeliveryApi:DisallowedContentTypeAliases:0", "memberCity"));
        using var client = portal.CreateClient();

        var delivery = (await client.ApiAsync("search?q=London")).Json;
        var api = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/search?q=London&take=100")).RootElement;
        var similar = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/api/search/{Starter.Ireportit}/similar?take=20")).RootElement;

        delivery.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
        api.GetProperty("items").EnumerateArray().ShouldNotContain(i => i.GetProperty("contentType").GetString() == "memberCity");
        api.GetProperty("total").GetInt32().ShouldBe(api.GetProperty("items").GetArrayLength());
        api.GetProperty("facets").GetProperty("type").EnumerateArray().ShouldNotContain(v => v.GetProperty("key").GetString() == "memberCity");
        delivery.GetProperty("facets").GetProperty("type").EnumerateArray().ShouldNotContain(v => v.GetProperty("key").GetString() == "memberCity");
        similar.GetProperty("items").EnumerateArray().ShouldNotContain(i => i.GetProperty("contentType").GetString() == "memberCity");
    }

    [Test]
    public async Task Cors_allows_the_configured_origins_only()
    {
        await using var portal = With(("Portal:DeliveryApi:CorsAllowedOrigins:0", "https://partner.example"));
        using var client = portal.CreateClient();

        var preflight = await SendAsync(client, HttpMethod.Options, "https://partner.example", ("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "start-item,api-key"));
        var stranger = await SendAsync(client, HttpMethod.Options, "https://stranger.example", ("Access-Control-Request-Method", "GET"));
        var get = await SendAsync(client, HttpMethod.Get, "https://partner.example");

        preflight.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        preflight.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://partner.example"]);
        string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Headers")).ShouldContain("Start-Item", Case.Insensitive);
        stranger.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
        get.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://partner.example"]);
        string.Join(",", get.Headers.GetValues("Access-Control-Expose-Headers")).ShouldContain("ETag");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string origin, params (string, string)[] headers)
    {
        using var request = new HttpRequestMessage(method, $"{DeliveryApi.Base}/content/item/{Starter.London}");
        request.Headers.Add("Origin", origin);
        foreach (var (name, value) in headers)
            request.Headers.Add(name, value);
        return await client.SendAsync(request);
    }

    [Test]
    public async Task Over_the_rate_limit_a_client_gets_429_with_retry_after()
    {
        await using var portal = With(("Portal:DeliveryApi:RateLimitPermits", "3"), ("Portal:DeliveryApi:RateLimitWindow", "00:01:00"));
        using var client = portal.CreateClient();

        for (var i = 0; i < 3; i++)
            (await client.ApiAsync($"content/item/{Starter.London}")).Status.ShouldBe(HttpStatusCode.OK);
        var limited = await client.ApiAsync($"content/item/{Starter.London}");

        limited.ShouldBeProblem(HttpStatusCode.TooManyRequests, "Too many requests");
        int.Parse(limited.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task The_openapi_document_describes_every_endpoint_and_header()
    {
        var answer = await Client.ApiAsync("/umbraco/swagger/delivery/swagger.json");

        answer.Status.ShouldBe(HttpStatusCode.OK);
        var paths = answer.Json.GetProperty("paths");
        paths.Names().ShouldContain("/umbraco/delivery/api/v2/content");
        paths.Names().ShouldContain("/umbraco/delivery/api/v2/content/item/{id}");
        paths.Names().ShouldContain("/umbraco/delivery/api/v2/content/item/{path}");
        paths.Names().ShouldContain("/umbraco/delivery/api/v2/content/items");
        var query = paths.GetProperty("/umbraco/delivery/api/v2/content").GetProperty("get");
        query.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString())
            .ShouldBe(["fetch", "filter", "sort", "skip", "take", "expand", "fields", "Accept-Language", "Api-Key", "Preview", "Start-Item"], ignoreOrder: true);
        answer.Json.GetProperty("components").GetProperty("schemas").Names().ShouldContain("ApiContentResponse");
    }

    [Test]
    public async Task The_openapi_document_has_a_browsable_page()
    {
        var page = await Client.GetAsync("/umbraco/swagger/index.html");
        var settings = await Client.GetStringAsync("/umbraco/swagger/index.js");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync()).ShouldContain("swagger-ui");
        settings.ShouldContain("/umbraco/swagger/delivery/swagger.json");
    }
}
