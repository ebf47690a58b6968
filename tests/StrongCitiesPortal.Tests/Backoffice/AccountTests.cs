using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>Sign-in, lockout, cookies, the first administrator and invitations.</summary>
[Category("Database")]
public sealed partial class AccountTests
{
    [Test]
    public async Task The_first_start_creates_the_configured_administrator()
    {
        await using var portal = await BackofficePortal.StartAsync("adminconfig", new Dictionary<string, string?>
        {
            ["Portal:Admin:Email"] = "chief@scn.test",
            ["Portal:Admin:Password"] = "Configured-Admin-99!",
        }, withUsers: false);

        using var client = await portal.SignInAsync("chief@scn.test", "Configured-Admin-99!");
        (await client.GetAsync("/backoffice/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task Without_configuration_the_first_start_prints_a_one_time_set_up_link_and_creates_no_account()
    {
        var log = new CapturedLog();
        await using var portal = await BackofficePortal.StartAsync("setuplink", services: s => s.AddSingleton<ILoggerProvider>(log), withUsers: false);
        await using (var scope = portal.Services.CreateAsyncScope())
            scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>().Users.Count().ShouldBe(0);

        var line = log.Lines.Single(l => l.Contains("/backoffice/setup?token=", StringComparison.Ordinal));
        var link = SetupLink().Match(line).Value;
        using var client = portal.Anonymous();
        var page = await client.PageAsync(link);
        var created = await client.SubmitAsync(link, page.Form("form"), new Dictionary<string, string?>
        {
            ["displayName"] = "First Admin",
            ["email"] = "first@scn.test",
            ["password"] = "First-Admin-Password-1!",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/backoffice/users")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The link works once.
        using var other = portal.Anonymous();
        (await other.GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_weak_password_is_refused_by_identitys_rules()
    {
        var log = new CapturedLog();
        await using var portal = await BackofficePortal.StartAsync("setupweak", services: s => s.AddSingleton<ILoggerProvider>(log), withUsers: false);
        var link = SetupLink().Match(log.Lines.Single(l => l.Contains("setup?token=", StringComparison.Ordinal))).Value;
        using var client = portal.Anonymous();
        var page = await client.PageAsync(link);

        var response = await client.SubmitAsync(link, page.Form("form"), new Dictionary<string, string?>
        {
            ["displayName"] = "Admin",
            ["email"] = "admin@scn.test",
            ["password"] = "password",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("at least 12 characters");
        (await client.GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task The_sign_in_cookie_is_secure_http_only_and_sent_to_the_backoffice_only()
    {
        await using var portal = await BackofficePortal.StartAsync("cookies");
        using var client = portal.Anonymous();

        var response = await BackofficePortal.SignInAsync(client, BackofficePortal.Editor, BackofficePortal.Password);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("scp.backoffice=", StringComparison.Ordinal)).ToLowerInvariant();
        cookie.ShouldContain("secure");
        cookie.ShouldContain("httponly");
        cookie.ShouldContain("samesite=lax");
        cookie.ShouldContain("path=/backoffice;");
        (await client.GetAsync("/backoffice")).StatusCode.ShouldBe(HttpStatusCode.OK, "the backoffice still sees the sign-in");
        var page = await client.GetAsync("/backoffice");
        page.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        page.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Test]
    public async Task An_invited_focal_point_signs_up_once_within_seven_days_and_edits_their_city()
    {
        await using var portal = await BackofficePortal.StartAsync("invite");
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        var page = await editor.PageAsync("/backoffice/invite");

        var sent = await editor.SubmitAsync("/backoffice/invite", page.Form("form.bo-form"), new Dictionary<string, string?>
        {
            ["email"] = "focal.point@birmingham.test",
            ["city"] = BackofficePortal.Paris.ToString(),
        });

        sent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var mail = Directory.GetFiles(portal.MailFolder, "*.eml").ShouldHaveSingleItem();
        var message = QuotedPrintable(await File.ReadAllTextAsync(mail));
        message.ShouldContain("To: focal.point@birmingham.test");
        message.ShouldContain("focal point for Paris");
        var link = InvitationLink().Match(message).Value;
        link.ShouldStartWith("/backoffice/invitation?token=");
        message.ShouldContain($"{BackofficePortal.PublicUrl}{link}");
        var expires = await ExpiryAsync(portal, "focal.point@birmingham.test");
        (expires - DateTimeOffset.UtcNow).TotalDays.ShouldBe(7, tolerance: 0.01);

        using var focal = portal.Anonymous();
        var signUp = await focal.PageAsync(link);
        signUp.QuerySelector("main")!.TextContent.ShouldContain("Paris");
        var accepted = await focal.SubmitAsync(link, signUp.Form("form"), new Dictionary<string, string?>
        {
            ["displayName"] = "Focal Point",
            ["password"] = "Birmingham-Focal-2024!",
        });
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await focal.GetAsync($"/backoffice/content/{BackofficePortal.Paris}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await focal.GetAsync($"/backoffice/content/{BackofficePortal.London}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Used once only.
        using var again = portal.Anonymous();
        (await again.GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.Gone);
        var audit = await portal.Audit.QueryAsync(new AuditQuery());
        audit.ShouldContain(a => a.Action == "invite" && a.User == BackofficePortal.Editor);
        audit.ShouldContain(a => a.Action == "invitation-accept" && a.User == "focal.point@birmingham.test");
    }

    [Test]
    public async Task Invitation_links_come_from_the_configured_public_url_never_from_the_requests_host()
    {
        await using var portal = await BackofficePortal.StartAsync("invitehost");
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        var page = await editor.PageAsync("/backoffice/invite");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/backoffice/invite")
        {
            Content = new FormUrlEncodedContent(HtmlForms.Fields(page.Form("form.bo-form"))
                .Where(f => f.Key is not ("email" or "city"))
                .Append(new("email", "someone@paris.test"))
                .Append(new("city", BackofficePortal.Paris.ToString()))),
        };
        request.Headers.Host = "attacker.example";

        (await editor.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var message = QuotedPrintable(await File.ReadAllTextAsync(Directory.GetFiles(portal.MailFolder, "*.eml").Single()));
        message.ShouldContain($"{BackofficePortal.PublicUrl}/backoffice/invitation?token=");
        message.ShouldNotContain("attacker.example");
    }

    [Test]
    public async Task Without_a_configured_public_url_invitations_are_refused_with_a_clear_message()
    {
        await using var portal = await BackofficePortal.StartAsync("invitenourl", new Dictionary<string, string?> { ["Portal:Backoffice:PublicUrl"] = "" });
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        var page = await editor.PageAsync("/backoffice/invite");
        page.QuerySelector("#invite-unconfigured")!.TextContent.ShouldContain("Portal:Backoffice:PublicUrl");

        var response = await editor.SubmitAsync("/backoffice/invite", page.Form("form.bo-form"), new Dictionary<string, string?>
        {
            ["email"] = "someone@paris.test",
            ["city"] = BackofficePortal.Paris.ToString(),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Invitations cannot be sent until the portal knows its public address");
        Directory.Exists(portal.MailFolder).ShouldBeFalse();
    }

    [Test]
    public async Task An_expired_invitation_is_refused_with_a_clear_message()
    {
        await using var portal = await BackofficePortal.StartAsync("inviteexpired");
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        var page = await editor.PageAsync("/backoffice/invite");
        await editor.SubmitAsync("/backoffice/invite", page.Form("form.bo-form"), new Dictionary<string, string?>
        {
            ["email"] = "late@city.test",
            ["city"] = BackofficePortal.London.ToString(),
        });
        var link = InvitationLink().Match(QuotedPrintable(await File.ReadAllTextAsync(Directory.GetFiles(portal.MailFolder, "*.eml").Single()))).Value;
        link.ShouldStartWith("/backoffice/invitation?token=");
        await using (var connection = new NpgsqlConnection(portal.Factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var expire = new NpgsqlCommand("update bo_invitation set expires_at = now() - interval '1 minute'", connection);
            await expire.ExecuteNonQueryAsync();
        }

        using var late = portal.Anonymous();
        var response = await late.GetAsync(link);

        response.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await response.Content.ReadAsStringAsync()).ShouldContain("expired");
    }

    [Test]
    public async Task An_invitation_for_a_city_editor_needs_a_member_city()
    {
        await using var portal = await BackofficePortal.StartAsync("invitenocity");
        using var editor = await portal.SignInAsync(BackofficePortal.Editor);
        var page = await editor.PageAsync("/backoffice/invite");

        var response = await editor.SubmitAsync("/backoffice/invite", page.Form("form.bo-form"), new Dictionary<string, string?>
        {
            ["email"] = "someone@city.test",
            ["city"] = BackofficePortal.PracticeLibrary.ToString(),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Choose the member city");
        Directory.Exists(portal.MailFolder).ShouldBeFalse();
    }

    private static async Task<DateTimeOffset> ExpiryAsync(BackofficePortal portal, string email)
    {
        await using var connection = new NpgsqlConnection(portal.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select expires_at from bo_invitation where email = @email", connection);
        command.Parameters.AddWithValue("email", email);
        return (DateTime)(await command.ExecuteScalarAsync())! is var at ? new DateTimeOffset(at, TimeSpan.Zero) : default;
    }

    /// <summary>Undoes quoted-printable soft line breaks and escapes, enough to read the message text.</summary>
    private static string QuotedPrintable(string mail)
    {
        var joined = mail.Replace("=\r\n", "", StringComparison.Ordinal).Replace("=\n", "", StringComparison.Ordinal);
        return QuotedBytes().Replace(joined, m => System.Text.Encoding.UTF8.GetString(
            m.Value.Split('=', StringSplitOptions.RemoveEmptyEntries).Select(h => Convert.ToByte(h, 16)).ToArray()));
    }

    [GeneratedRegex("(=[0-9A-F]{2})+")]
    private static partial Regex QuotedBytes();

    [GeneratedRegex(@"/backoffice/invitation\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex InvitationLink();

    [GeneratedRegex(@"/backoffice/setup\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex SetupLink();
}

/// <summary>Keeps what the portal logs, to read what an operator would see.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
                return [.. _lines];
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (log._lines)
                log._lines.Add(formatter(state, exception));
        }
    }
}
