using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Tests.Web.Webhooks;
using StrongCitiesPortal.Web.Features.Media;
using StrongCitiesPortal.Web.Features.Webhooks;

namespace StrongCitiesPortal.Tests.Web.DeliveryApi;

/// <summary>The media endpoints, media pickers and media webhooks over the portal's own media library.</summary>
[Category("Database")]
public sealed class MediaLibraryDeliveryTests
{
    private PortalFactory _portal = null!;
    private HttpClient _client = null!;
    private MediaItem _folder = null!;
    private MediaItem _photo = null!;
    private MediaItem _report = null!;

    private MediaLibrary Library => _portal.Services.GetRequiredService<MediaLibrary>();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _portal = await PortalFactory.StartAsync("deliverymedialibrary", settings: new Dictionary<string, string?>
        {
            ["Portal:Webhooks:RetryDelay"] = "00:00:00.100",
            ["Portal:Webhooks:AllowedPrivateNetworks:0"] = "127.0.0.1",
        });
        _client = _portal.CreateClient();
        _folder = (await Library.CreateFolderAsync("Summit 2024", null, "tests")).Item!;
        _photo = (await Library.UploadAsync(new MemoryStream(TestFiles.Png(8, 6)), "mayors.png", "Mayors on stage", "Mayors at the summit", _folder.Key, "tests")).Item!;
        _report = (await Library.UploadAsync(new MemoryStream(TestFiles.Pdf()), "report.pdf", "Summit report", null, _folder.Key, "tests")).Item!;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _portal.DisposeAsync();
    }

    private async Task<ApiAnswer> EventuallyAsync(string url, Func<ApiAnswer, bool> done)
    {
        ApiAnswer answer;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            answer = await _client.ApiAsync(url);
            if (done(answer))
                return answer;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        return answer;
    }

    [Test]
    public async Task An_uploaded_image_is_a_media_item_with_its_file_size_and_alternative_text()
    {
        var answer = await EventuallyAsync($"media/item/{_photo.Key}", a => a.Status == HttpStatusCode.OK);

        answer.Status.ShouldBe(HttpStatusCode.OK, answer.Body);
        answer.Json.GetProperty("name").GetString().ShouldBe("Mayors on stage");
        answer.Json.GetProperty("mediaType").GetString().ShouldBe("Image");
        answer.Json.GetProperty("url").GetString().ShouldBe(_photo.Url);
        answer.Json.GetProperty("extension").GetString().ShouldBe("png");
        answer.Json.GetProperty("width").GetInt32().ShouldBe(8);
        answer.Json.GetProperty("height").GetInt32().ShouldBe(6);
        answer.Json.GetProperty("bytes").GetInt64().ShouldBe(_photo.Size!.Value);
        answer.Json.GetProperty("path").GetString().ShouldBe("/summit-2024/mayors-on-stage/");
        answer.Json.GetProperty("properties").GetProperty("altText").GetString().ShouldBe("Mayors at the summit");
        (await _client.GetAsync(answer.Json.GetProperty("url").GetString())).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task Media_by_path_and_a_folders_children()
    {
        var byPath = await EventuallyAsync("media/item/summit-2024/summit-report", a => a.Status == HttpStatusCode.OK);
        var children = await _client.ApiAsync("media?fetch=children:/summit-2024/&sort=name:asc");
        var root = await _client.ApiAsync("media?fetch=children:/");

        byPath.Json.GetProperty("id").GetGuid().ShouldBe(_report.Key);
        byPath.Json.GetProperty("mediaType").GetString().ShouldBe("File");
        children.ItemIds().ShouldBe([_photo.Key, _report.Key]);
        root.ItemIds().ShouldContain(_folder.Key);
    }

    [Test]
    public async Task A_media_change_shows_at_once_even_in_cached_answers()
    {
        var folder = (await Library.CreateFolderAsync("Renamed later", null, "tests")).Item!;
        var before = await EventuallyAsync($"media/item/{folder.Key}", a => a.Status == HttpStatusCode.OK);
        // The folder's own creation may drop the cache just after the first answer was stored, so wait for an answer the cache kept.
        (await EventuallyAsync($"media/item/{folder.Key}", a => a.Header("Age") is not null)).Header("Age").ShouldNotBeNull();

        (await Library.UpdateAsync(folder.Key, "Renamed now", null, null, "tests")).Succeeded.ShouldBeTrue();
        var after = await EventuallyAsync($"media/item/{folder.Key}", a => a.Json.GetProperty("name").GetString() == "Renamed now");

        before.Json.GetProperty("name").GetString().ShouldBe("Renamed later");
        after.Json.GetProperty("name").GetString().ShouldBe("Renamed now");
        after.Json.GetProperty("path").GetString().ShouldBe("/renamed-now/");
    }

    [Test]
    public async Task A_practices_attachments_are_its_media_items()
    {
        var content = _portal.Services.GetRequiredService<ContentService>();
        var practice = (await content.GetAsync(Starter.Twinning))!;
        var data = practice.Data.Clone();
        data.Invariant["attachments"] = JsonSerializer.SerializeToElement(new[] { _report.Key.ToString() });
        (await content.SaveAndPublishAsync(new ContentDraft { Key = practice.Key, ContentType = practice.ContentType, Data = data }, ["en"], "tests")).Succeeded.ShouldBeTrue();

        var attachments = (await EventuallyAsync($"content/item/{Starter.Twinning}?fields=properties[attachments]",
            a => a.Json.GetProperty("properties").GetProperty("attachments").GetArrayLength() == 1)).Json.GetProperty("properties").GetProperty("attachments");

        attachments[0].GetProperty("id").GetGuid().ShouldBe(_report.Key);
        attachments[0].GetProperty("url").GetString().ShouldBe(_report.Url);
    }

    [Test]
    public async Task Saving_and_deleting_media_send_umbracos_media_events()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var store = _portal.Services.GetRequiredService<WebhookStore>();
        var created = await store.CreateAsync(Guid.NewGuid(),
            new WebhookDraft("media", null, receiver.Url, true, [WebhookEvents.MediaSave, WebhookEvents.MediaDelete], ["Image", "File"], new Dictionary<string, string>()),
            CancellationToken.None);
        var secret = created!.Value.Secret;

        var upload = (await Library.UploadAsync(new MemoryStream(TestFiles.Png()), "logo.png", "Logo", "The network's logo", null, "tests")).Item!;
        await Library.CreateFolderAsync("Not an image", null, "tests");
        (await Library.DeleteAsync(upload.Key, "tests", confirmed: true)).Succeeded.ShouldBeTrue();
        var requests = await receiver.WaitForAsync(2);
        await Task.Delay(300);

        receiver.Requests.Count.ShouldBe(2);
        requests.Select(r => r.Header("Umb-Webhook-Event")).ShouldBe(["Umbraco.MediaSave", "Umbraco.MediaDelete"], ignoreOrder: true);
        requests.ShouldAllBe(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetGuid() == upload.Key);
        requests.ShouldAllBe(r => r.IsSignedWith(secret));
    }
}
