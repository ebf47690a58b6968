using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Mail;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>Invitations through the mail sender, the seam Moq plays: what is sent, and what happens when sending fails.</summary>
[Category("Database")]
public sealed class InvitationMailTests
{
    private readonly Mock<IMailSender> _mail = new(MockBehavior.Strict);
    private BackofficePortal _portal = null!;
    private HttpClient _editor = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _portal = await BackofficePortal.StartAsync("invitationmail", new Dictionary<string, string?> { ["Portal:Backoffice:PublicUrl"] = "https://portal.example.org" },
            services => services.AddSingleton(_mail.Object));
        _editor = await _portal.SignInAsync(BackofficePortal.Editor);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _editor.Dispose();
        await _portal.DisposeAsync();
    }

    private async Task<HttpResponseMessage> InviteAsync(string email)
    {
        var page = await _editor.PageAsync("/backoffice/invite");
        return await _editor.SubmitAsync("/backoffice/invite", page.Form("form.bo-form"), new Dictionary<string, string?>
        {
            ["email"] = email,
            ["role"] = "CityEditor",
            ["city"] = BackofficePortal.London.ToString(),
        });
    }

    [Test]
    public async Task An_invitation_mails_one_link_to_the_invited_address()
    {
        string? body = null;
        _mail.Setup(m => m.SendAsync("new.focal@london.test", It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, string text, CancellationToken _) => body = text)
            .Returns(Task.CompletedTask);

        var response = await InviteAsync("new.focal@london.test");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        _mail.Verify(m => m.SendAsync("new.focal@london.test", "Your invitation to the Strong Cities Network portal", It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
        body.ShouldNotBeNull().ShouldContain("https://portal.example.org/backoffice/invitation?token=");
        body.ShouldContain("London");
    }

    [Test]
    public async Task When_the_mail_server_refuses_the_page_says_so_and_the_link_is_withdrawn()
    {
        string? link = null;
        _mail.Setup(m => m.SendAsync("unlucky@london.test", It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, string text, CancellationToken _) => link = text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("https://", StringComparison.Ordinal)))
            .ThrowsAsync(new SmtpException(SmtpStatusCode.MailboxBusy, "Mailbox busy"));

        var response = await InviteAsync("unlucky@london.test");
        var page = HtmlForms.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        page.Body!.TextContent.ShouldContain("could not be sent");
        using var invitee = _portal.Anonymous();
        var followed = await invitee.GetAsync(new Uri(link.ShouldNotBeNull()).PathAndQuery);
        (await followed.Content.ReadAsStringAsync()).ShouldNotContain("name=\"password\"");
        (await _portal.Audit.QueryAsync(new AuditQuery(Action: "invite-not-sent"))).ShouldHaveSingleItem().Detail!.ShouldContain("Mailbox busy");
    }
}
