using System.Net;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>Each role's allowed and refused actions, checked on the server whatever the pages offer.</summary>
[Category("Database")]
public sealed class RoleAccessTests
{
    private BackofficePortal _portal = null!;
    private readonly Dictionary<string, HttpClient> _clients = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _portal = await BackofficePortal.StartAsync("roles");
        foreach (var user in new[] { BackofficePortal.Administrator, BackofficePortal.Editor, BackofficePortal.Writer, BackofficePortal.LondonEditor, BackofficePortal.ParisEditor })
            _clients[user] = await _portal.SignInAsync(user);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var client in _clients.Values)
            client.Dispose();
        await _portal.DisposeAsync();
    }

    [TestCase("/backoffice/users", BackofficePortal.Administrator, HttpStatusCode.OK)]
    [TestCase("/backoffice/users", BackofficePortal.Editor, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/users", BackofficePortal.Writer, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/users", BackofficePortal.LondonEditor, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/reviews", BackofficePortal.Editor, HttpStatusCode.OK)]
    [TestCase("/backoffice/reviews", BackofficePortal.Writer, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/reviews", BackofficePortal.LondonEditor, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/audit", BackofficePortal.Editor, HttpStatusCode.OK)]
    [TestCase("/backoffice/audit", BackofficePortal.Writer, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/recycle-bin", BackofficePortal.Writer, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/invite", BackofficePortal.Editor, HttpStatusCode.OK)]
    [TestCase("/backoffice/invite", BackofficePortal.LondonEditor, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/media", BackofficePortal.Writer, HttpStatusCode.OK)]
    [TestCase("/backoffice/media", BackofficePortal.LondonEditor, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/content/902335b8-24a9-402d-a90d-1645645e5cbc", BackofficePortal.LondonEditor, HttpStatusCode.OK)]
    [TestCase("/backoffice/content/2e2e672d-a8c7-40b5-82f0-19a0f48c307d", BackofficePortal.LondonEditor, HttpStatusCode.OK)]
    [TestCase("/backoffice/content/a0c54969-7a38-493c-9f76-7a5dd74366ad", BackofficePortal.ParisEditor, HttpStatusCode.OK)]
    [TestCase("/backoffice/content/fabc57ad-a609-42fa-b998-06ffa6c4f87d", BackofficePortal.LondonEditor, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/content/2d35876f-fedb-4344-899c-cd92bbaab1b9", BackofficePortal.LondonEditor, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/content/2e2e672d-a8c7-40b5-82f0-19a0f48c307d", BackofficePortal.ParisEditor, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/content/acaee9b3-6abb-448b-919d-77a1d32289bd/history", BackofficePortal.LondonEditor, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/content/acaee9b3-6abb-448b-919d-77a1d32289bd/move", BackofficePortal.Writer, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/content/acaee9b3-6abb-448b-919d-77a1d32289bd/move", BackofficePortal.Editor, HttpStatusCode.OK)]
    [TestCase("/backoffice/content/ad88f9d8-8691-45dd-a143-c9f7c4304c94/sort", BackofficePortal.Writer, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/content/create?type=event&parent=ad88f9d8-8691-45dd-a143-c9f7c4304c94", BackofficePortal.Writer, HttpStatusCode.OK)]
    [TestCase("/backoffice/content/create?type=event&parent=ad88f9d8-8691-45dd-a143-c9f7c4304c94", BackofficePortal.LondonEditor, HttpStatusCode.Forbidden)]
    [TestCase("/backoffice/content/create?type=goodPractice", BackofficePortal.LondonEditor, HttpStatusCode.OK)]
    public async Task Each_role_reaches_only_its_pages(string url, string user, HttpStatusCode expected)
    {
        var response = await _clients[user].GetAsync(url);

        response.StatusCode.ShouldBe(expected);
    }

    [Test]
    public async Task Signed_out_visitors_are_sent_to_sign_in()
    {
        using var client = _portal.Anonymous();

        var response = await client.GetAsync($"/backoffice/content/{BackofficePortal.London}");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/backoffice/login");
    }

    [Test]
    public async Task A_city_editor_asking_for_another_citys_item_by_url_gets_403_and_the_attempt_is_logged()
    {
        var response = await _clients[BackofficePortal.LondonEditor].GetAsync($"/backoffice/content/{BackofficePortal.Paris}");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var log = await _portal.Audit.QueryAsync(new AuditQuery(User: BackofficePortal.LondonEditor, Action: "access-denied", Subject: BackofficePortal.Paris));
        log.ShouldNotBeEmpty();
        log[0].Detail!.ShouldContain("Read");
    }

    [Test]
    public async Task A_city_editor_forging_a_save_of_another_citys_item_gets_403_and_nothing_changes()
    {
        // London's focal point takes their own form and points it at Paris.
        var client = _clients[BackofficePortal.LondonEditor];
        var page = await client.PageAsync($"/backoffice/content/{BackofficePortal.London}");
        var form = page.Form("#edit-form");
        form.SetAttribute("action", $"/backoffice/content/{BackofficePortal.Paris}");
        var before = (await _portal.Content.GetAsync(BackofficePortal.Paris))!.Version;

        var response = await client.SubmitAsync($"/backoffice/content/{BackofficePortal.London}", form,
            new Dictionary<string, string?> { ["basedOn"] = before.ToString(System.Globalization.CultureInfo.InvariantCulture), ["name"] = "Forged" }, button: "save");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _portal.Content.GetAsync(BackofficePortal.Paris))!.Version.ShouldBe(before);
        var log = await _portal.Audit.QueryAsync(new AuditQuery(User: BackofficePortal.LondonEditor, Action: "access-denied", Subject: BackofficePortal.Paris));
        log.ShouldContain(r => r.Detail!.Contains("POST", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_city_editor_cannot_take_their_city_off_a_practice_to_hand_it_to_another()
    {
        var client = _clients[BackofficePortal.LondonEditor];
        var page = await client.PageAsync($"/backoffice/content/{BackofficePortal.IReportIt}");
        var fields = HtmlForms.Fields(page.Form("#edit-form")).Where(f => f.Key is not ("p.cities" or "p.summary")).ToList();
        fields.Add(new("p.cities", BackofficePortal.Paris.ToString()));
        fields.Add(new("p.summary", "IREPORTIT, as London's focal point describes it."));
        var before = (await _portal.Content.GetAsync(BackofficePortal.IReportIt))!;

        var response = await client.PostAsync($"/backoffice/content/{BackofficePortal.IReportIt}", new FormUrlEncodedContent([.. fields, new("do", "save")]));

        // The list of cities is not theirs to change: the save keeps it as it was (and goes to review as usual).
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = (await _portal.Content.GetAsync(BackofficePortal.IReportIt))!;
        after.Version.ShouldBe(before.Version + 1);
        after.Data.Invariant["cities"].GetRawText().ShouldBe(before.Data.Invariant["cities"].GetRawText());
        after.Data.Invariant["cities"].GetRawText().ShouldNotContain(BackofficePortal.Paris.ToString());
    }

    [TestCase(BackofficePortal.Writer, "publish")]
    [TestCase(BackofficePortal.Writer, "unpublish")]
    [TestCase(BackofficePortal.Writer, "trash")]
    [TestCase(BackofficePortal.Writer, "schedule")]
    [TestCase(BackofficePortal.LondonEditor, "publish")]
    [TestCase(BackofficePortal.LondonEditor, "trash")]
    public async Task Roles_without_publishing_rights_get_403_for_a_forged_publishing_action(string user, string action)
    {
        var client = _clients[user];
        var key = user == BackofficePortal.LondonEditor ? BackofficePortal.London : BackofficePortal.WorkshopReport;
        var page = await client.PageAsync($"/backoffice/content/{key}");
        var before = (await _portal.Content.GetAsync(key))!;

        var response = await client.SubmitAsync($"/backoffice/content/{key}", page.Form("#edit-form"), button: action);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var after = (await _portal.Content.GetAsync(key))!;
        after.Version.ShouldBe(before.Version);
        after.Trashed.ShouldBeFalse();
        after.Publishing["en"].PublishedVersion.ShouldBe(before.Publishing["en"].PublishedVersion);
    }

    [Test]
    public async Task A_writer_saves_a_draft_that_does_not_go_live()
    {
        var client = _clients[BackofficePortal.Writer];
        var page = await client.PageAsync($"/backoffice/content/{BackofficePortal.Events}");
        var live = _portal.Cache.Get(BackofficePortal.Events)!.Variant("en")!.Name;

        var response = await client.SubmitAsync($"/backoffice/content/{BackofficePortal.Events}", page.Form("#edit-form"),
            new Dictionary<string, string?> { ["name"] = "Events (draft name)" }, button: "save");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _portal.Content.GetAsync(BackofficePortal.Events))!.Name("en").ShouldBe("Events (draft name)");
        _portal.Cache.Get(BackofficePortal.Events)!.Variant("en")!.Name.ShouldBe(live);
    }

    [Test]
    public async Task Only_an_administrator_may_invite_staff()
    {
        var client = _clients[BackofficePortal.Editor];
        var page = await client.PageAsync("/backoffice/invite");

        var response = await client.SubmitAsync("/backoffice/invite", page.Form("form.bo-form"),
            new Dictionary<string, string?> { ["email"] = "new.editor@scn.test", ["role"] = "Editor" });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task A_post_without_the_anti_forgery_token_is_refused()
    {
        var client = _clients[BackofficePortal.Editor];
        var page = await client.PageAsync($"/backoffice/content/{BackofficePortal.Events}");
        var fields = HtmlForms.Fields(page.Form("#edit-form")).Where(f => f.Key != "__RequestVerificationToken").ToList();

        var response = await client.PostAsync($"/backoffice/content/{BackofficePortal.Events}", new FormUrlEncodedContent([.. fields, new("do", "save")]));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
