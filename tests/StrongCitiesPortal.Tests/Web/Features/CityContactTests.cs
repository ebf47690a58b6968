using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Tests.Backoffice;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Mail;

namespace StrongCitiesPortal.Tests.Web.Features;

/// <summary>A member city's focal point stays private: the public writes to them through a form that relays by e-mail.</summary>
[Category("Database")]
public sealed class CityContactTests
{
    private const string FocalName = "Ada Focalpoint";
    private const string FocalEmail = "ada.focalpoint@london.test";

    private readonly Mock<IMailSender> _mail = new();
    private BackofficePortal _portal = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _portal = await StartWithFocalPointAsync("citycontact", _mail, limit: 100);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _portal.DisposeAsync();

    [Test]
    public async Task The_city_page_and_the_delivery_api_show_neither_the_focal_points_name_nor_address()
    {
        using var visitor = _portal.Anonymous();

        var page = await visitor.GetStringAsync(_portal.Cache.Route(BackofficePortal.London, "en"));
        var api = await visitor.GetStringAsync($"/umbraco/delivery/api/v2/content/item/{BackofficePortal.London}");

        page.ShouldNotContain(FocalEmail);
        page.ShouldNotContain(FocalName);
        page.ShouldContain($"/contact-city/{BackofficePortal.London}");
        api.ShouldContain("\"name\":\"London\"");
        api.ShouldNotContain(FocalEmail);
        api.ShouldNotContain(FocalName);
        api.ShouldNotContain("focalPoint");
    }

    [Test]
    public async Task A_visitors_message_is_relayed_by_mail_and_kept_in_the_audit_log_without_revealing_the_address()
    {
        using var visitor = _portal.Anonymous();
        var url = $"/contact-city/{BackofficePortal.London}";
        var form = await visitor.PageAsync(url);
        form.Body!.InnerHtml.ShouldNotContain(FocalEmail);

        var response = await visitor.SubmitAsync(url, form.Form("form.contact-form"), new Dictionary<string, string?>
        {
            ["SenderName"] = "Sam Practitioner",
            ["SenderEmail"] = "sam@example.org",
            ["Message"] = "We would like to learn from your youth programme (relay test).",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        _mail.Verify(m => m.SendAsync(FocalEmail, It.Is<string>(s => s.Contains("London", StringComparison.Ordinal)),
            It.Is<string>(b => b.Contains("(relay test)", StringComparison.Ordinal) && b.Contains("sam@example.org", StringComparison.Ordinal)),
            It.IsAny<CancellationToken>()), Times.Once);
        _mail.Verify(m => m.SendAsync("sam@example.org", It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        var audit = await _portal.Audit.QueryAsync(new AuditQuery(Action: "city-contact", Subject: BackofficePortal.London));
        audit.ShouldContain(a => a.Detail!.Contains("(relay test)", StringComparison.Ordinal) && a.Detail.Contains("sam@example.org", StringComparison.Ordinal));
        var sent = await visitor.GetStringAsync(response.Headers.Location!.ToString());
        sent.ShouldContain("Your message has been sent");
        sent.ShouldNotContain("(relay test)");
        sent.ShouldNotContain(FocalEmail);
    }

    [Test]
    public async Task Bad_input_gets_a_page_saying_what_to_fix_and_nothing_is_sent()
    {
        using var visitor = _portal.Anonymous();
        var url = $"/contact-city/{BackofficePortal.London}";

        var response = await visitor.SubmitAsync(url, (await visitor.PageAsync(url)).Form("form.contact-form"), new Dictionary<string, string?>
        {
            ["SenderName"] = "",
            ["SenderEmail"] = "not an address\r\nBcc: victim@example.org",
            ["Message"] = "Short",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.DocumentAsync()).QuerySelectorAll(".contact-errors li").Select(e => e.TextContent).ToList();
        errors.ShouldBe(["Give your name (up to 200 characters).", "Give an e-mail address the city can answer to.", "Write a message of 10 to 5,000 characters."]);
        _mail.Verify(m => m.SendAsync(It.IsAny<string>(), It.IsAny<string>(), It.Is<string>(b => b.Contains("victim", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task A_filled_honeypot_looks_sent_but_nothing_is_mailed()
    {
        using var visitor = _portal.Anonymous();
        var url = $"/contact-city/{BackofficePortal.London}";

        var response = await visitor.SubmitAsync(url, (await visitor.PageAsync(url)).Form("form.contact-form"), new Dictionary<string, string?>
        {
            ["SenderName"] = "Robot",
            ["SenderEmail"] = "robot@example.org",
            ["Message"] = "Buy cheap things now (honeypot test).",
            ["Website"] = "https://spam.example",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        _mail.Verify(m => m.SendAsync(It.IsAny<string>(), It.IsAny<string>(), It.Is<string>(b => b.Contains("honeypot test", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Never);
        (await _portal.Audit.QueryAsync(new AuditQuery(Action: "city-contact-refused", Subject: BackofficePortal.London))).ShouldNotBeEmpty();
    }

    [Test]
    public async Task A_post_without_the_anti_forgery_token_is_refused()
    {
        using var visitor = _portal.Anonymous();
        var url = $"/contact-city/{BackofficePortal.London}";
        var fields = HtmlForms.Fields((await visitor.PageAsync(url)).Form("form.contact-form")).Where(f => f.Key != "__RequestVerificationToken").ToList();
        fields.AddRange([new("SenderName", "Forger"), new("SenderEmail", "forger@example.org"), new("Message", "Sent from another site (csrf test).")]);

        var response = await visitor.PostAsync(url, new FormUrlEncodedContent(fields));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        _mail.Verify(m => m.SendAsync(It.IsAny<string>(), It.IsAny<string>(), It.Is<string>(b => b.Contains("csrf test", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task A_client_over_the_limit_gets_429_with_retry_after_and_nothing_more_is_sent()
    {
        var mail = new Mock<IMailSender>();
        await using var portal = await StartWithFocalPointAsync("citycontactlimit", mail, limit: 2);
        using var visitor = portal.Anonymous();
        var url = $"/contact-city/{BackofficePortal.London}";
        var form = (await visitor.PageAsync(url)).Form("form.contact-form");
        var fields = new Dictionary<string, string?> { ["SenderName"] = "Sam", ["SenderEmail"] = "sam@example.org", ["Message"] = "Hello, a question about your programme." };

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 3; i++)
        {
            last = await visitor.SubmitAsync(url, form, fields);
            statuses.Add(last.StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests]);
        last.Headers.RetryAfter.ShouldNotBeNull();
        (await last.DocumentAsync()).QuerySelector(".contact-errors")!.TextContent.ShouldContain("several messages");
        mail.Verify(m => m.SendAsync(FocalEmail, It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    private static async Task<BackofficePortal> StartWithFocalPointAsync(string hint, Mock<IMailSender> mail, int limit)
    {
        var portal = await BackofficePortal.StartAsync(hint,
            new Dictionary<string, string?> { ["Portal:CityContact:MessagesPerClient"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            services => services.AddSingleton(mail.Object), withUsers: false);
        var london = (await portal.Content.GetAsync(BackofficePortal.London))!;
        var data = london.Data.Clone();
        data.Invariant["focalPointName"] = JsonSerializer.SerializeToElement(FocalName);
        data.Invariant["focalPointEmail"] = JsonSerializer.SerializeToElement(FocalEmail);
        var saved = await portal.Content.SaveAndPublishAsync(new ContentDraft { Key = london.Key, ContentType = london.ContentType, Data = data }, ["en"], "t");
        saved.Succeeded.ShouldBeTrue(string.Join(" ", saved.Errors));
        return portal;
    }
}
