using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using StrongCitiesPortal.Web.Features.Backoffice.Mail;
using StrongCitiesPortal.Web.Features.Backoffice.Reviews;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>Review e-mails through the mail sender (the seam Moq plays): who gets which message, with which link, and who never does.</summary>
[Category("Database")]
public sealed class ReviewMailTests
{
    private sealed record Sent(string To, string Subject, string Body);

    /// <summary>A mail sender that keeps what it is asked to send.</summary>
    private static Mock<IMailSender> Recording(List<Sent> sent)
    {
        var mail = new Mock<IMailSender>(MockBehavior.Strict);
        mail.Setup(m => m.SendAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string to, string subject, string body, CancellationToken _) => { lock (sent) sent.Add(new Sent(to, subject, body)); })
            .Returns(Task.CompletedTask);
        return mail;
    }

    [Test]
    public async Task Submit_return_and_publish_mail_the_people_concerned_with_a_link_and_never_the_one_who_acted()
    {
        var sent = new List<Sent>();
        var mail = Recording(sent);
        await using var portal = await BackofficePortal.StartAsync("reviewmail", services: s => s.AddSingleton(mail.Object));
        using var city = await portal.SignInAsync(BackofficePortal.LondonEditor);
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        using var admin = await portal.SignInAsync(BackofficePortal.Administrator);
        var reviews = portal.Services.GetRequiredService<ReviewService>();
        var url = $"/backoffice/content/{BackofficePortal.London}";

        // A city editor's submission mails both reviewers (Administrator and Editor), not the Writer nor the submitter.
        var page = await city.PageAsync(url);
        (await city.SubmitAsync(url, page.Form("#edit-form"), new Dictionary<string, string?> { ["p.summary"] = "London works with its boroughs." }, button: "save"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var review = (await reviews.PendingAsync()).ShouldHaveSingleItem();
        sent.Select(s => s.To).Order().ShouldBe([BackofficePortal.Administrator, BackofficePortal.Editor]);
        sent.ShouldAllBe(s => s.Subject == "For review: London");
        sent[0].Body.ShouldContain($"{BackofficePortal.PublicUrl}/backoffice/reviews/{review.Id}");
        sent[0].Body.ShouldContain(BackofficePortal.LondonEditor);

        // The Administrator turns review e-mails off on the account page; the next submission reaches the Editor alone.
        var account = await admin.PageAsync("/backoffice/account");
        account.QuerySelector("input[name=reviewMail]")!.HasAttribute("checked").ShouldBeTrue();
        (await admin.SubmitAsync("/backoffice/account", account.Form("#account-form"), new Dictionary<string, string?> { ["reviewMail"] = null }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.PageAsync("/backoffice/account")).QuerySelector("input[name=reviewMail]")!.HasAttribute("checked").ShouldBeFalse();
        sent.Clear();
        page = await city.PageAsync(url);
        (await city.SubmitAsync(url, page.Form("#edit-form"), new Dictionary<string, string?> { ["p.summary"] = "London works with Camden." }, button: "save"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        sent.Select(s => s.To).ShouldBe([BackofficePortal.Editor]);
        review = (await reviews.PendingAsync()).ShouldHaveSingleItem();

        // Returned with a comment: the city editor is told, with the comment and a link to the item; the Editor is not.
        sent.Clear();
        var detail = await editor.PageAsync($"/backoffice/reviews/{review.Id}");
        (await editor.SubmitAsync($"/backoffice/reviews/{review.Id}", detail.Form("form[action*=Return]"),
            new Dictionary<string, string?> { ["comment"] = "Please name <all> the boroughs." })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var returned = sent.ShouldHaveSingleItem();
        returned.To.ShouldBe(BackofficePortal.LondonEditor);
        returned.Subject.ShouldBe("Returned for changes: London");
        returned.Body.ShouldContain("Please name <all> the boroughs.");
        returned.Body.ShouldContain($"{BackofficePortal.PublicUrl}/backoffice/content/{BackofficePortal.London}");

        // Resubmitted and published: the city editor hears of the publish.
        page = await city.PageAsync(url);
        await city.SubmitAsync(url, page.Form("#edit-form"), new Dictionary<string, string?> { ["p.summary"] = "London works with Camden and Hackney." }, button: "save");
        review = (await reviews.PendingAsync()).ShouldHaveSingleItem();
        sent.Clear();
        detail = await editor.PageAsync($"/backoffice/reviews/{review.Id}");
        (await editor.SubmitAsync($"/backoffice/reviews/{review.Id}", detail.Form("form[action*=Publish]"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var published = sent.ShouldHaveSingleItem();
        published.To.ShouldBe(BackofficePortal.LondonEditor);
        published.Subject.ShouldBe("Published: London");

        // Staff sending their own work for review: the other reviewers hear of it, the sender does not.
        sent.Clear();
        var twinning = $"/backoffice/content/{BackofficePortal.Twinning}";
        page = await editor.PageAsync(twinning);
        (await editor.SubmitAsync(twinning, page.Form("#edit-form"), button: "review")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await reviews.PendingAsync()).ShouldHaveSingleItem().SubmittedBy.ShouldBe(BackofficePortal.Editor);
        sent.ShouldBeEmpty("the Administrator turned review e-mails off and the Editor acted");
        var adminPage = await admin.PageAsync("/backoffice/account");
        await admin.SubmitAsync("/backoffice/account", adminPage.Form("#account-form"), new Dictionary<string, string?> { ["reviewMail"] = "true" });
        page = await editor.PageAsync(twinning);
        await editor.SubmitAsync(twinning, page.Form("#edit-form"), new Dictionary<string, string?> { ["note"] = "second look" }, button: "review");
        sent.ShouldHaveSingleItem().To.ShouldBe(BackofficePortal.Administrator);
    }

    [Test]
    public async Task A_reviewed_version_published_from_the_edit_form_mails_its_submitter_once()
    {
        var sent = new List<Sent>();
        var mail = Recording(sent);
        await using var portal = await BackofficePortal.StartAsync("reviewmail-form", services: s => s.AddSingleton(mail.Object));
        using var city = await portal.SignInAsync(BackofficePortal.LondonEditor);
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        var reviews = portal.Services.GetRequiredService<ReviewService>();
        var url = $"/backoffice/content/{BackofficePortal.London}";

        var page = await city.PageAsync(url);
        (await city.SubmitAsync(url, page.Form("#edit-form"), new Dictionary<string, string?> { ["p.summary"] = "London works with Islington." }, button: "save"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var review = (await reviews.PendingAsync()).ShouldHaveSingleItem();
        sent.Clear();

        // The reviewer opens the item itself (not the review page) and publishes what the city sent, unchanged.
        page = await editor.PageAsync(url);
        (await editor.SubmitAsync(url, page.Form("#edit-form"), button: "publish")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await reviews.GetAsync(review.Id))!.Status.ShouldBe(ReviewStatus.Published);
        var published = sent.ShouldHaveSingleItem();
        published.To.ShouldBe(BackofficePortal.LondonEditor);
        published.Subject.ShouldBe("Published: London");
        published.Body.ShouldContain($"{BackofficePortal.PublicUrl}/backoffice/content/{BackofficePortal.London}");
    }
}
