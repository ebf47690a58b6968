using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>An Editor's day: create with blocks, publish, history and rollback, move, sort, recycle bin, schedule.</summary>
[Category("Database")]
public sealed class EditingTests() : EditorFixture("editing")
{
    [Test]
    public async Task An_editor_writes_a_workshop_report_with_takeaways_and_publishes_it()
    {
        var create = $"/backoffice/content/create?type=workshopReport&parent={BackofficePortal.Events}";
        var page = await Editor.PageAsync(create);
        var values = new Dictionary<string, string?>
        {
            ["name"] = "Youth resilience workshop",
            ["p.startDate"] = "2026-03-10",
            ["p.summary"] = "City practitioners compared youth programmes.",
        };

        // Two takeaways added with the form's own "Add" button (no script needed), then filled in.
        var added = await Editor.SubmitAsync(create, page.Form("#edit-form"), values, button: "block:add:keyTakeaways:takeaway");
        added.StatusCode.ShouldBe(HttpStatusCode.OK);
        var withOne = await added.DocumentAsync();
        var twice = await Editor.SubmitAsync(create, withOne.Form("#edit-form"), button: "block:add:keyTakeaways:takeaway");
        var withTwo = await twice.DocumentAsync();
        var blocks = withTwo.QuerySelectorAll(".bo-block").Select(b => b.GetAttribute("data-block")!).ToList();
        blocks.Count.ShouldBe(2);
        withTwo.QuerySelector("input[name='name']")!.GetAttribute("value").ShouldBe("Youth resilience workshop");

        var published = await Editor.SubmitAsync(create, withTwo.Form("#edit-form"), new Dictionary<string, string?>
        {
            [$"p.keyTakeaways.{blocks[0]}.heading"] = "Listen first",
            [$"p.keyTakeaways.{blocks[0]}.body"] = "Young people want to be **heard**.",
            [$"p.keyTakeaways.{blocks[1]}.heading"] = "Fund youth workers",
            [$"p.keyTakeaways.{blocks[1]}.body"] = "Trusted adults matter.",
            ["publishCultures"] = "en",
        }, button: "publish");

        published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var live = Portal.Cache.OfType("workshopReport").Single(r => r.Variant("en")?.Name == "Youth resilience workshop");
        live.ParentKey.ShouldBe(BackofficePortal.Events);
        var takeaways = live.Variant("en")!.Value("keyTakeaways")!.Value.EnumerateArray().ToList();
        takeaways.Select(t => t.GetProperty("values").GetProperty("heading").GetString()).ShouldBe(["Listen first", "Fund youth workers"]);
        using var visitor = Portal.Anonymous();
        var site = await visitor.GetStringAsync(Portal.Cache.Route(live.Key, "en"));
        site.ShouldContain("Young people want to be <strong>heard</strong>.");
    }

    [Test]
    public async Task A_missing_required_value_is_named_and_nothing_is_saved()
    {
        var create = $"/backoffice/content/create?type=workshopReport&parent={BackofficePortal.Events}";
        var page = await Editor.PageAsync(create);
        var before = (await Portal.Services.GetRequiredService<StrongCitiesPortal.Web.Features.Backoffice.Content.ContentTree>().LoadAsync()).All.Count;

        var response = await Editor.SubmitAsync(create, page.Form("#edit-form"), new Dictionary<string, string?> { ["name"] = "No dates" }, button: "save");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var document = await response.DocumentAsync();
        document.QuerySelector(".bo-error")!.TextContent.ShouldContain("Start date is required");
        document.QuerySelector("[data-field=startDate] .bo-field-error").ShouldNotBeNull();
        (await Portal.Services.GetRequiredService<StrongCitiesPortal.Web.Features.Backoffice.Content.ContentTree>().LoadAsync()).All.Count.ShouldBe(before);
    }

    [Test]
    public async Task The_history_compares_versions_side_by_side_and_rolls_back()
    {
        var url = $"/backoffice/content/{BackofficePortal.Twinning}";
        var page = await Editor.PageAsync(url);
        var original = (await Portal.Content.GetAsync(BackofficePortal.Twinning))!;
        (await Editor.SubmitAsync(url, page.Form("#edit-form"), new Dictionary<string, string?> { ["name"] = "London–Paris twinning (renamed)" }, button: "save"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var history = await Editor.PageAsync($"{url}/history");
        var nameRow = history.QuerySelector("tr[data-field=name][data-culture=en]")!;
        // A word diff: only the added word is marked; the kept words read as they are on both sides.
        nameRow.QuerySelector("td.left")!.TextContent.ShouldBe(original.Name("en"));
        nameRow.QuerySelector("td.left del")!.TextContent.ShouldBe("on countering violent extremism");
        nameRow.QuerySelector("td.right ins")!.TextContent.ShouldBe("(renamed)");

        var rollback = history.QuerySelectorAll("form[action*=Rollback]")
            .First(f => f.QuerySelector("input[name=version]")!.GetAttribute("value") == original.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await Editor.SubmitAsync($"{url}/history", (AngleSharp.Html.Dom.IHtmlFormElement)rollback);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = (await Portal.Content.GetAsync(BackofficePortal.Twinning))!;
        after.Version.ShouldBe(original.Version + 2);
        after.Name("en").ShouldBe(original.Name("en"));
        var audit = await Portal.Audit.QueryAsync(new AuditQuery(Subject: BackofficePortal.Twinning, Action: "save"));
        audit[0].User.ShouldBe(BackofficePortal.Editor);
        audit[0].FromVersion.ShouldBe(original.Version + 1);
        audit[0].ToVersion.ShouldBe(original.Version + 2);
        audit[0].Detail.ShouldBe($"Rolled back to version {original.Version}");
    }

    [Test]
    public async Task Items_move_sort_go_to_the_recycle_bin_and_come_back()
    {
        var tree = Portal.Services.GetRequiredService<StrongCitiesPortal.Web.Features.Backoffice.Content.ContentTree>();
        var children = (await tree.LoadAsync()).Children(BackofficePortal.PracticeLibrary).Select(c => c.Key).ToList();

        // Sort: the last practice first.
        var sortUrl = $"/backoffice/content/{BackofficePortal.PracticeLibrary}/sort";
        var sort = await Editor.PageAsync(sortUrl);
        var sorted = await Editor.SubmitAsync(sortUrl, sort.Form("form.bo-form"), new Dictionary<string, string?> { [$"position.{children[^1]}"] = "0" });
        sorted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await tree.LoadAsync()).Children(BackofficePortal.PracticeLibrary).First().Key.ShouldBe(children[^1]);

        // Trash and restore the Leicester practice.
        var url = $"/backoffice/content/{BackofficePortal.LeicesterPractice}";
        var page = await Editor.PageAsync(url);
        var trashForm = page.QuerySelectorAll("form").First(f => f.QuerySelector("button[value=trash]") is not null);
        (await Editor.SubmitAsync(url, (AngleSharp.Html.Dom.IHtmlFormElement)trashForm, button: "trash")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Portal.Cache.Get(BackofficePortal.LeicesterPractice).ShouldBeNull();
        var bin = await Editor.PageAsync("/backoffice/recycle-bin");
        var restore = bin.QuerySelectorAll("form[action*=Restore]").First(f => f.QuerySelector("input[name=key]")!.GetAttribute("value") == BackofficePortal.LeicesterPractice.ToString());
        (await Editor.SubmitAsync("/backoffice/recycle-bin", (AngleSharp.Html.Dom.IHtmlFormElement)restore)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Portal.Content.GetAsync(BackofficePortal.LeicesterPractice))!.Trashed.ShouldBeFalse();

        // Move the London workshop event... the report moves under the events list's sibling? Only allowed places are offered.
        var moveUrl = $"/backoffice/content/{BackofficePortal.WorkshopReport}/move";
        var move = await Editor.PageAsync(moveUrl);
        move.QuerySelectorAll("input[name=target]").Select(i => i.GetAttribute("value")).ShouldContain(BackofficePortal.Events.ToString());
        var forged = await Editor.SubmitAsync(moveUrl, move.Form("form.bo-form"), new Dictionary<string, string?> { ["target"] = BackofficePortal.PracticeLibrary.ToString() });
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await forged.Content.ReadAsStringAsync()).ShouldContain("is not allowed below");
    }

    [Test]
    public async Task Scheduling_and_unpublishing_a_culture_are_recorded()
    {
        var url = $"/backoffice/content/{BackofficePortal.WorkshopReport}?culture=fr";
        var page = await Editor.PageAsync(url);
        var schedule = page.QuerySelectorAll("form").First(f => f.QuerySelector("button[value=schedule]") is not null);
        (await Editor.SubmitAsync(url, (AngleSharp.Html.Dom.IHtmlFormElement)schedule, new Dictionary<string, string?> { ["unpublishAt"] = "2030-01-01T09:00" }, button: "schedule"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Portal.Content.GetAsync(BackofficePortal.WorkshopReport))!.Publishing["fr"].UnpublishAt.ShouldBe(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));

        page = await Editor.PageAsync(url);
        var unpublish = page.QuerySelectorAll("form").First(f => f.QuerySelector("button[value=unpublish]") is not null);
        (await Editor.SubmitAsync(url, (AngleSharp.Html.Dom.IHtmlFormElement)unpublish, button: "unpublish")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        Portal.Cache.Get(BackofficePortal.WorkshopReport)!.Variant("fr").ShouldBeNull();
        Portal.Cache.Get(BackofficePortal.WorkshopReport)!.Variant("en").ShouldNotBeNull();
        var audit = await Portal.Audit.QueryAsync(new AuditQuery(Subject: BackofficePortal.WorkshopReport));
        audit.ShouldContain(a => a.Action == "unpublish" && a.Culture == "fr" && a.User == BackofficePortal.Editor && a.FromVersion != null && a.ToVersion == null);
        audit.ShouldContain(a => a.Action == "schedule" && a.Culture == "fr" && a.Detail!.Contains("2030-01-01", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_audit_log_page_filters_by_person_and_action()
    {
        var page = await Editor.PageAsync($"/backoffice/audit?user={Uri.EscapeDataString(BackofficePortal.Editor)}");

        page.QuerySelectorAll("table.bo-audit tbody tr").ShouldAllBe(r => r.Children[1].TextContent == BackofficePortal.Editor);
    }

    [Test]
    public async Task The_markdown_preview_renders_safely_and_needs_the_anti_forgery_token()
    {
        var page = await Editor.PageAsync($"/backoffice/content/{BackofficePortal.London}");
        var token = page.QuerySelector("#edit-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/backoffice/api/markdown-preview")
        {
            Content = new FormUrlEncodedContent([new("text", "**bold** <script>alert(1)</script> [x](javascript:alert(1))")]),
        };
        request.Headers.Add("RequestVerificationToken", token);

        var response = await Editor.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("<strong>bold</strong>");
        html.ShouldNotContain("<script>");
        html.ShouldNotContain("javascript:");
        (await Editor.PostAsync("/backoffice/api/markdown-preview", new FormUrlEncodedContent([new("text", "x")]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

/// <summary>The hand-written Identity migration against the model EF Core builds for the same context.</summary>
[Category("Database")]
public sealed class IdentitySchemaTests
{
    [Test]
    public async Task The_identity_migration_has_every_table_and_column_the_ef_model_expects()
    {
        await using var portal = await BackofficePortal.StartAsync("identityschema", withUsers: false);
        var expected = new List<string>();
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BackofficeDbContext>();
            foreach (var entity in db.Model.GetEntityTypes())
            {
                var table = entity.GetTableName()!;
                var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, null);
                foreach (var property in entity.GetProperties())
                    expected.Add($"{table}.{property.GetColumnName(store)}:{property.GetColumnType()}:{(property.IsNullable ? "null" : "not null")}");
            }
        }
        var actual = new List<string>();
        await using (var connection = new NpgsqlConnection(portal.Factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                select table_name || '.' || column_name || ':' ||
                       case when data_type = 'character varying' then 'character varying(' || character_maximum_length || ')' else data_type end || ':' ||
                       case when is_nullable = 'YES' then 'null' else 'not null' end
                from information_schema.columns where table_name like 'bo\_%' and table_name in ('bo_user', 'bo_role', 'bo_user_role', 'bo_user_claim', 'bo_user_login', 'bo_user_token', 'bo_role_claim')
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                actual.Add(reader.GetString(0));
        }

        actual.Order().ShouldBe(expected.Order());
    }
}
