using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>
/// Sign-in answers that tell a stranger nothing, and a throttle per account and client address that a stranger cannot
/// turn against an editor. The clock is Moq's (a true seam); each client says its address in a test header.
/// </summary>
[Category("Database")]
public sealed class SignInTests
{
    private const string ClientHeader = "X-Test-Client";

    private BackofficePortal _portal = null!;
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var clock = new Mock<TimeProvider> { CallBase = true };
        clock.Setup(c => c.GetUtcNow()).Returns(() => _now);
        clock.SetupGet(c => c.LocalTimeZone).Returns(TimeZoneInfo.Utc);
        _portal = await BackofficePortal.StartAsync("signin", services: services =>
        {
            services.AddSingleton(clock.Object);
            services.AddTransient<IStartupFilter, ClientAddressFromHeader>();
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _portal.DisposeAsync();

    private HttpClient Client(string address)
    {
        var client = _portal.Anonymous();
        client.DefaultRequestHeaders.Add(ClientHeader, address);
        return client;
    }

    private static async Task<(HttpStatusCode Status, string Error, HttpResponseMessage Response)> SignInAsync(HttpClient client, string email, string password)
    {
        var response = await BackofficePortal.SignInAsync(client, email, password);
        var page = HtmlForms.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, page.QuerySelector(".bo-error")?.TextContent.Trim() ?? "", response);
    }

    [Test]
    public async Task An_unknown_account_and_a_disabled_one_get_the_same_answer_as_a_wrong_password()
    {
        await _portal.CreateUserAsync("disabled@scn.test", BackofficeRoles.Writer);
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
            (await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("disabled@scn.test"))!, DateTimeOffset.MaxValue)).Succeeded.ShouldBeTrue();
        }
        using var client = Client("198.51.100.1");

        var wrongPassword = await SignInAsync(client, BackofficePortal.Writer, "not-the-password");
        var unknown = await SignInAsync(client, "nobody@scn.test", "not-the-password");
        var disabledRightPassword = await SignInAsync(client, "disabled@scn.test", BackofficePortal.Password);

        wrongPassword.Status.ShouldBe(HttpStatusCode.BadRequest);
        wrongPassword.Error.ShouldBe("That e-mail address and password do not match an account.");
        unknown.Status.ShouldBe(wrongPassword.Status);
        unknown.Error.ShouldBe(wrongPassword.Error);
        disabledRightPassword.Status.ShouldBe(wrongPassword.Status);
        disabledRightPassword.Error.ShouldBe(wrongPassword.Error);
        (await disabledRightPassword.Response.Content.ReadAsStringAsync()).ShouldNotContain("locked", Case.Insensitive);
        (await _portal.Audit.QueryAsync(new AuditQuery(User: "disabled@scn.test"))).ShouldContain(a => a.Action == "sign-in-disabled-account");
    }

    [Test]
    public async Task A_stranger_guessing_an_editors_password_does_not_keep_the_editor_out()
    {
        using var stranger = Client("203.0.113.66");
        using var editor = Client("198.51.100.5");
        for (var i = 0; i < 8; i++)
        {
            var guess = await SignInAsync(stranger, BackofficePortal.Editor, $"guess-{i}");
            guess.Status.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests);
        }

        var editorSignsIn = await SignInAsync(editor, BackofficePortal.Editor, BackofficePortal.Password);
        var strangerWithThePassword = await SignInAsync(stranger, BackofficePortal.Editor, BackofficePortal.Password);

        editorSignsIn.Status.ShouldBe(HttpStatusCode.Redirect, editorSignsIn.Error);
        strangerWithThePassword.Status.ShouldBe(HttpStatusCode.TooManyRequests, "the stranger's own address waits, whatever it sends");
    }

    [Test]
    public async Task Each_failure_after_the_free_ones_makes_that_client_wait_twice_as_long()
    {
        using var client = Client("198.51.100.9");
        for (var i = 0; i < 5; i++)
            (await SignInAsync(client, BackofficePortal.Writer, "wrong")).Status.ShouldBe(HttpStatusCode.BadRequest, $"free attempt {i + 1}");

        (await SignInAsync(client, BackofficePortal.Writer, "wrong")).Status.ShouldBe(HttpStatusCode.BadRequest, "the sixth failure starts a 1 s wait");
        var waiting = await SignInAsync(client, BackofficePortal.Writer, BackofficePortal.Password);
        waiting.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        waiting.Response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        waiting.Error.ShouldContain("wait 1 seconds");

        _now += TimeSpan.FromSeconds(1);
        (await SignInAsync(client, BackofficePortal.Writer, "wrong")).Status.ShouldBe(HttpStatusCode.BadRequest);
        _now += TimeSpan.FromSeconds(1);
        (await SignInAsync(client, BackofficePortal.Writer, BackofficePortal.Password)).Status.ShouldBe(HttpStatusCode.TooManyRequests, "now 2 s");
        _now += TimeSpan.FromSeconds(1);
        (await SignInAsync(client, BackofficePortal.Writer, BackofficePortal.Password)).Status.ShouldBe(HttpStatusCode.Redirect);

        // A success forgets the failures: the next mistake is a free one again.
        using var again = Client("198.51.100.9");
        (await SignInAsync(again, BackofficePortal.Writer, "wrong")).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await SignInAsync(again, BackofficePortal.Writer, BackofficePortal.Password)).Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Test]
    public async Task Unknown_account_names_are_throttled_like_real_ones()
    {
        using var ghostHunter = Client("198.51.100.77");
        using var guesser = Client("198.51.100.78");
        for (var i = 0; i < 6; i++)
        {
            (await SignInAsync(ghostHunter, "ghost@scn.test", "wrong")).Status.ShouldBe(HttpStatusCode.BadRequest);
            (await SignInAsync(guesser, BackofficePortal.LondonEditor, "wrong")).Status.ShouldBe(HttpStatusCode.BadRequest);
        }

        var ghost = await SignInAsync(ghostHunter, "ghost@scn.test", "wrong");
        var real = await SignInAsync(guesser, BackofficePortal.LondonEditor, "wrong");

        ghost.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        real.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        ghost.Error.ShouldBe(real.Error);
    }

    [TestCase(5, 0)]
    [TestCase(6, 1)]
    [TestCase(7, 2)]
    [TestCase(10, 16)]
    [TestCase(40, 900)]
    public void The_wait_doubles_up_to_the_longest_wait(int failures, int seconds) =>
        SignInThrottle.Delay(failures, new StrongCitiesPortal.Web.Features.Backoffice.BackofficeOptions()).ShouldBe(TimeSpan.FromSeconds(seconds));

    /// <summary>Sets the connection's remote address from a test header, as a real client's own address would be.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientHeader].ToString(), out var address))
                    context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
