using System.Net;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>Administrators change roles and cities, and lock accounts; the change reaches the user's next request.</summary>
[Category("Database")]
public sealed class UserAdministrationTests
{
    [Test]
    public async Task An_administrator_makes_a_writer_londons_city_editor_and_then_locks_them_out()
    {
        await using var portal = await BackofficePortal.StartAsync("users");
        using var admin = await portal.SignInAsync(BackofficePortal.Administrator);
        var users = await admin.PageAsync("/backoffice/users");
        var row = users.QuerySelectorAll("tr").First(r => r.TextContent.Contains(BackofficePortal.Writer, StringComparison.Ordinal));

        var changed = await admin.SubmitAsync("/backoffice/users", (AngleSharp.Html.Dom.IHtmlFormElement)row.QuerySelector("form[action*=Role]")!,
            new Dictionary<string, string?> { ["role"] = "CityEditor", ["city"] = BackofficePortal.London.ToString() });

        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var writer = await portal.SignInAsync(BackofficePortal.Writer);
        (await writer.GetAsync($"/backoffice/content/{BackofficePortal.London}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await writer.GetAsync($"/backoffice/content/{BackofficePortal.Paris}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        users = await admin.PageAsync("/backoffice/users");
        row = users.QuerySelectorAll("tr").First(r => r.TextContent.Contains(BackofficePortal.Writer, StringComparison.Ordinal));
        (await admin.SubmitAsync("/backoffice/users", (AngleSharp.Html.Dom.IHtmlFormElement)row.QuerySelector("form[action*=Lock]")!))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var locked = portal.Anonymous();
        (await BackofficePortal.SignInAsync(locked, BackofficePortal.Writer, BackofficePortal.Password)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var audit = await portal.Audit.QueryAsync(new AuditQuery(User: BackofficePortal.Administrator));
        audit.ShouldContain(a => a.Action == "user-role" && a.Detail!.Contains("Writer → CityEditor", StringComparison.Ordinal));
        audit.ShouldContain(a => a.Action == "user-lock");
    }

    [Test]
    public async Task A_city_editor_role_without_a_city_is_refused()
    {
        await using var portal = await BackofficePortal.StartAsync("usersnocity");
        using var admin = await portal.SignInAsync(BackofficePortal.Administrator);
        var users = await admin.PageAsync("/backoffice/users");
        var row = users.QuerySelectorAll("tr").First(r => r.TextContent.Contains(BackofficePortal.Editor, StringComparison.Ordinal));

        var response = await admin.SubmitAsync("/backoffice/users", (AngleSharp.Html.Dom.IHtmlFormElement)row.QuerySelector("form[action*=Role]")!,
            new Dictionary<string, string?> { ["role"] = "CityEditor", ["city"] = "" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("A city editor needs a member city.");
    }
}
