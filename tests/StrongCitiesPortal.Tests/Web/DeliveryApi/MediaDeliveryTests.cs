using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Web.Features.DeliveryApi;

namespace StrongCitiesPortal.Tests.Web.DeliveryApi;

/// <summary>
/// The media endpoints' and media pickers' shapes against a small media source of the tests' own at the
/// <see cref="IDeliveryMediaSource"/> seam, with focal points and sizes the real library does not produce.
/// </summary>
[Category("Database")]
public sealed class MediaDeliveryTests
{
    private static readonly DateTimeOffset Created = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Reports = Guid.Parse("5f0a7c55-5a43-4c1f-9b4e-7c0d9f5e0001");
    private static readonly Guid AnnualReport = Guid.Parse("5f0a7c55-5a43-4c1f-9b4e-7c0d9f5e0002");
    private static readonly Guid Photo = Guid.Parse("5f0a7c55-5a43-4c1f-9b4e-7c0d9f5e0003");
    private static readonly Guid Brief = Guid.Parse("5f0a7c55-5a43-4c1f-9b4e-7c0d9f5e0004");

    private PortalFactory _portal = null!;
    private HttpClient _client = null!;

    private sealed class MediaLibrary : IDeliveryMediaSource
    {
        private readonly List<DeliveryMediaItem> _items =
        [
            new() { Key = Reports, Name = "Reports", MediaType = "Folder", Path = "/reports/", Url = "", CreateDate = Created, UpdateDate = Created, SortOrder = 0 },
            new() { Key = Photo, Name = "Summit photo", MediaType = "Image", Path = "/summit-photo/", Url = "/media/summit-photo.jpg", Extension = "jpg",
                Width = 1200, Height = 800, Bytes = 120_000, CreateDate = Created.AddDays(2), UpdateDate = Created.AddDays(2), SortOrder = 1,
                FocalPoint = new ApiImageFocalPoint(0.4, 0.6), Properties = new Dictionary<string, object?> { ["altText"] = "Mayors at the summit" } },
            new() { Key = AnnualReport, ParentKey = Reports, Name = "Annual report 2023", MediaType = "File", Path = "/reports/annual-report-2023/",
                Url = "/media/annual-report-2023.pdf", Extension = "pdf", Bytes = 2_400_000, CreateDate = Created.AddDays(1), UpdateDate = Created.AddDays(5), SortOrder = 0,
                Properties = new Dictionary<string, object?> { ["caption"] = "The year in review", ["credit"] = "SCN" } },
            new() { Key = Brief, ParentKey = Reports, Name = "Policy brief", MediaType = "File", Path = "/reports/policy-brief/",
                Url = "/media/policy-brief.pdf", Extension = "pdf", Bytes = 300_000, CreateDate = Created.AddDays(3), UpdateDate = Created.AddDays(3), SortOrder = 1 },
        ];

        public DeliveryMediaItem? Get(Guid key) => _items.FirstOrDefault(i => i.Key == key);

        public DeliveryMediaItem? GetByPath(string path) =>
            _items.FirstOrDefault(i => string.Equals(i.Path, path, StringComparison.OrdinalIgnoreCase));

        public IReadOnlyList<DeliveryMediaItem> Children(Guid? parentKey) =>
            _items.Where(i => i.ParentKey == parentKey).OrderBy(i => i.SortOrder).ToList();
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // One factory with the seam replaced (not a factory derived from another, whose parent is never started).
        _portal = new PortalFactory(await TestPostgres.CreateDatabaseAsync("deliverymedia"), services =>
            services.AddSingleton<IDeliveryMediaSource, MediaLibrary>());
        _client = _portal.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _portal.DisposeAsync();
    }

    [Test]
    public async Task A_media_item_by_id_has_umbracos_media_shape()
    {
        var answer = await _client.ApiAsync($"media/item/{Photo}");

        answer.Status.ShouldBe(HttpStatusCode.OK);
        answer.Json.Names().ShouldBe(["path", "createDate", "updateDate", "focalPoint", "crops", "id", "name", "mediaType", "url", "extension", "width", "height", "bytes", "properties"]);
        answer.Json.GetProperty("url").GetString().ShouldBe("/media/summit-photo.jpg");
        answer.Json.GetProperty("focalPoint").GetProperty("left").GetDouble().ShouldBe(0.4);
        answer.Json.GetProperty("crops").GetArrayLength().ShouldBe(0);
        answer.Json.GetProperty("properties").GetProperty("altText").GetString().ShouldBe("Mayors at the summit");
    }

    [Test]
    public async Task A_media_item_by_path_and_several_by_id()
    {
        var byPath = await _client.ApiAsync("media/item/reports/annual-report-2023");
        var byIds = await _client.ApiAsync($"media/items?id={Brief}&id={Guid.NewGuid()}&id={Photo}");

        byPath.Json.GetProperty("id").GetGuid().ShouldBe(AnnualReport);
        byIds.Json.EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ShouldBe([Brief, Photo]);
        (await _client.ApiAsync("media/items?id=nope")).ShouldBeProblem(HttpStatusCode.BadRequest, "Invalid id parameter");
    }

    [Test]
    public async Task Unknown_media_is_a_404_problem()
    {
        (await _client.ApiAsync($"media/item/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound, "Not Found");
        (await _client.ApiAsync("media/item/reports/missing")).ShouldBeProblem(HttpStatusCode.NotFound, "Not Found");
    }

    [Test]
    public async Task Media_children_of_the_root_a_folder_by_id_and_by_path()
    {
        var root = await _client.ApiAsync("media?fetch=children:/");
        var byId = await _client.ApiAsync($"media?fetch=children:{Reports}");
        var byPath = await _client.ApiAsync("media?fetch=children:/reports/");

        root.ItemIds().ShouldBe([Reports, Photo]);
        byId.ItemIds().ShouldBe([AnnualReport, Brief]);
        byPath.Total().ShouldBe(2);
    }

    [Test]
    public async Task Media_queries_filter_sort_page_and_limit_fields()
    {
        var files = await _client.ApiAsync("media?fetch=children:/&filter=mediaType:!Folder");
        var named = await _client.ApiAsync($"media?fetch=children:{Reports}&filter=name:brief");
        var sorted = await _client.ApiAsync($"media?fetch=children:{Reports}&sort=updateDate:desc");
        var paged = await _client.ApiAsync($"media?fetch=children:{Reports}&sort=name:asc&skip=1&take=1");
        var limited = await _client.ApiAsync($"media/item/{AnnualReport}?fields=properties[caption]");

        files.ItemIds().ShouldBe([Photo]);
        named.ItemIds().ShouldBe([Brief]);
        sorted.ItemIds().ShouldBe([AnnualReport, Brief]);
        paged.Total().ShouldBe(2);
        paged.ItemIds().ShouldBe([Brief]);
        limited.Json.GetProperty("properties").Names().ShouldBe(["caption"]);
    }

    [TestCase("media", "Selector option not found")]
    [TestCase("media?fetch=descendants:/", "Selector option not found")]
    [TestCase("media?fetch=children:/&filter=size:big", "Filter option not found")]
    [TestCase("media?fetch=children:/&sort=bytes:asc", "Sort option not found")]
    public async Task Unknown_media_query_options_are_400s_titled_as_umbraco_titles_them(string url, string title)
    {
        (await _client.ApiAsync(url)).ShouldBeProblem(HttpStatusCode.BadRequest, title);
    }

    [Test]
    public async Task A_media_picker_lists_the_picked_media_with_properties_only_when_expanded()
    {
        var content = _portal.Services.GetRequiredService<ContentService>();
        var practice = (await content.GetAsync(Starter.Ireportit))!;
        var data = practice.Data.Clone();
        data.Invariant["attachments"] = JsonSerializer.SerializeToElement(new[] { AnnualReport.ToString(), Guid.NewGuid().ToString(), Photo.ToString() });
        (await content.SaveAndPublishAsync(new ContentDraft { Key = practice.Key, ContentType = practice.ContentType, Data = data }, ["en"], "tests"))
            .Succeeded.ShouldBeTrue();

        var plain = (await _client.ApiAsync($"content/item/{Starter.Ireportit}?fields=properties[attachments]")).Json.GetProperty("properties").GetProperty("attachments");
        var expanded = (await _client.ApiAsync($"content/item/{Starter.Ireportit}?expand=properties[attachments]&fields=properties[attachments[properties[altText]]]"))
            .Json.GetProperty("properties").GetProperty("attachments");

        plain.EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ShouldBe([AnnualReport, Photo]);
        plain[0].Names().ShouldBe(["focalPoint", "crops", "id", "name", "mediaType", "url", "extension", "width", "height", "bytes", "properties"]);
        plain[0].GetProperty("properties").Names().ShouldBeEmpty();
        expanded[1].GetProperty("properties").Names().ShouldBe(["altText"]);
        expanded[0].GetProperty("properties").Names().ShouldBeEmpty();
    }

    [Test]
    public async Task Media_can_be_switched_off_or_need_the_key()
    {
        await using var off = _portal.WithWebHostBuilder(b => b.UseSetting("Umbraco:CMS:DeliveryApi:Media:Enabled", "false"));
        await using var keyed = _portal.WithWebHostBuilder(b =>
        {
            b.UseSetting("Umbraco:CMS:DeliveryApi:Media:PublicAccess", "false");
            b.UseSetting("Umbraco:CMS:DeliveryApi:ApiKey", "media-key");
        });
        using var offClient = off.CreateClient();
        using var keyedClient = keyed.CreateClient();

        (await offClient.ApiAsync($"media/item/{Photo}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await offClient.ApiAsync($"content/item/{Starter.London}")).Status.ShouldBe(HttpStatusCode.OK);
        (await keyedClient.ApiAsync($"media/item/{Photo}")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await keyedClient.ApiAsync($"media/item/{Photo}", ("Api-Key", "media-key"))).Status.ShouldBe(HttpStatusCode.OK);
        (await keyedClient.ApiAsync($"content/item/{Starter.London}")).Status.ShouldBe(HttpStatusCode.OK);
    }
}
