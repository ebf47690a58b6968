using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Web.Features.Backoffice.Reviews;
using StrongCitiesPortal.Web.Features.Media;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>Uploading from a media picker inside the edit form, without script: the form keeps its text, a city's upload waits for review with the item.</summary>
[Category("Database")]
public sealed class InFormUploadTests
{
    private static MultipartFormDataContent Multipart(IEnumerable<KeyValuePair<string, string>> fields, string fileField, byte[] file, string fileName)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
            content.Add(new StringContent(value), name);
        var bytes = new ByteArrayContent(file);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Add(bytes, fileField, fileName);
        return content;
    }

    [Test]
    public async Task A_city_editors_upload_keeps_the_form_goes_to_the_citys_folder_and_is_public_only_once_the_item_is_approved()
    {
        await using var portal = await BackofficePortal.StartAsync("informupload");
        using var city = await portal.SignInAsync(BackofficePortal.LondonEditor);
        using var paris = await portal.SignInAsync(BackofficePortal.ParisEditor);
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        using var anonymous = portal.Anonymous();
        var library = portal.Services.GetRequiredService<MediaLibrary>();
        var url = $"/backoffice/content/{BackofficePortal.IReportIt}";

        // The picker offers an upload, and no longer sends a city editor to the media library (a 403 for them).
        var page = await city.PageAsync(url);
        page.QuerySelector("a[href='/backoffice/media']").ShouldBeNull();
        page.QuerySelector("#edit-form")!.GetAttribute("enctype").ShouldBe("multipart/form-data");
        var fields = HtmlForms.Fields(page.Form("#edit-form"));
        fields.RemoveAll(f => f.Key == "p.summary");
        fields.Add(new("p.summary", "Typed before the upload, not saved yet."));
        fields.Add(new("uploadAlt:p.coverImage", "A phone showing the IREPORTIT app"));
        fields.Add(new("do", "upload:0:p.coverImage"));

        var response = await city.PostAsync(url, Multipart(fields, "upload:p.coverImage", TestFiles.Png(40, 30), "cover photo.png"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var form = await response.DocumentAsync();
        form.QuerySelector("textarea[name='p.summary']")!.TextContent.Trim().ShouldBe("Typed before the upload, not saved yet.");
        form.QuerySelector("[role=status].bo-flash")!.TextContent.ShouldContain("Uploaded “cover photo” and chose it");
        var chosen = form.QuerySelector("input[name='p.coverImage'][checked]")!;
        var key = Guid.Parse(chosen.GetAttribute("value")!);
        chosen.ParentElement!.TextContent.ShouldContain("public once approved");
        var media = (await library.GetAsync(key))!;
        media.AwaitingReview.ShouldBeTrue();
        media.CityKey.ShouldBe(BackofficePortal.London);
        var folder = (await library.GetAsync(media.ParentKey!.Value))!;
        (folder.Name, folder.CityKey).ShouldBe(("London", (Guid?)BackofficePortal.London));
        (await portal.Content.GetAsync(BackofficePortal.IReportIt))!.Data.Invariant.ContainsKey("coverImage").ShouldBeFalse("nothing is saved by an upload");

        // Not public yet: the public address does not know it; the city's editor sees it in the backoffice, another city's does not.
        (await anonymous.GetAsync(media.Url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var deliveryUrl = $"/umbraco/delivery/api/v2/media/item/{key}";
        (await anonymous.GetAsync(deliveryUrl)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetStringAsync("/umbraco/delivery/api/v2/media?fetch=children:/london/")).ShouldNotContain(key.ToString());
        var backofficeUrl = $"/backoffice/media-file/{key}/{media.FileName}";
        chosen.ParentElement!.QuerySelector("img")!.GetAttribute("src").ShouldBe(backofficeUrl);
        var own = await city.GetAsync(backofficeUrl);
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        own.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await paris.GetAsync(backofficeUrl)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await paris.PageAsync($"/backoffice/content/{BackofficePortal.Paris}")).QuerySelectorAll("input[type=radio], input[type=checkbox]")
            .Select(i => i.GetAttribute("value")).ShouldNotContain(key.ToString());

        // Another city's editor cannot upload into London's practice, with or without script.
        var parisPage = await paris.PageAsync($"/backoffice/content/{BackofficePortal.Paris}");
        var token = parisPage.QuerySelector("#edit-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var refused = new HttpRequestMessage(HttpMethod.Post, "/backoffice/api/media/upload")
        {
            Content = Multipart([new("item", BackofficePortal.IReportIt.ToString())], "file", TestFiles.Png(), "sneaky.png"),
        };
        refused.Headers.Add("RequestVerificationToken", token);
        (await paris.SendAsync(refused)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Submitted with the item, approved by staff: now it is public and on the practice's card.
        var submit = HtmlForms.Fields(form.Form("#edit-form"));
        submit.Add(new("do", "save"));
        (await city.PostAsync(url, new FormUrlEncodedContent(submit))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var review = (await portal.Services.GetRequiredService<ReviewService>().PendingAsync()).ShouldHaveSingleItem();
        var detail = await editor.PageAsync($"/backoffice/reviews/{review.Id}");
        detail.QuerySelector("tr[data-field=coverImage] td.right")!.TextContent.ShouldBe("cover photo");
        (await editor.SubmitAsync($"/backoffice/reviews/{review.Id}", detail.Form("form[action*=Publish]"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await library.GetAsync(key))!.AwaitingReview.ShouldBeFalse();
        (await anonymous.GetAsync(media.Url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The Delivery API's media tree reloads on the library's change notice.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await anonymous.GetAsync(deliveryUrl)).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        (await anonymous.GetAsync(deliveryUrl)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var practices = await anonymous.PageAsync("/practices/");
        practices.QuerySelector($"img.card-cover[src='{media.Url}']").ShouldNotBeNull();
    }

    [Test]
    public async Task A_bad_file_says_what_to_fix_and_keeps_the_form()
    {
        await using var portal = await BackofficePortal.StartAsync("informuploadbad");
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        var url = $"/backoffice/content/{BackofficePortal.IReportIt}";
        var fields = HtmlForms.Fields((await editor.PageAsync(url)).Form("#edit-form"));
        fields.RemoveAll(f => f.Key == "name");
        fields.Add(new("name", "IREPORTIT <kept>"));
        fields.Add(new("do", "upload:0:p.coverImage"));

        // An image without its alternative text is refused, with the reason beside the picker.
        var response = await editor.PostAsync(url, Multipart(fields, "upload:p.coverImage", TestFiles.Png(), "no-alt.png"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = await response.DocumentAsync();
        page.QuerySelector("#f-name")!.GetAttribute("value").ShouldBe("IREPORTIT <kept>");
        page.QuerySelector(".bo-upload[data-upload='p.coverImage'] .bo-upload-status")!.TextContent.ShouldContain("alternative text");
        page.QuerySelector("input[name='p.coverImage'][checked]")!.GetAttribute("value").ShouldBe("");
    }
}
