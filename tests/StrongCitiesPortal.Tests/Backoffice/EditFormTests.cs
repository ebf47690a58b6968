using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Web.Features.Backoffice.Content;
using StrongCitiesPortal.Web.PropertyEditors;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>The generated edit forms, read back by the server exactly as a browser would post them.</summary>
[Category("Database")]
public sealed class EditFormTests() : EditorFixture("forms")
{
    [Test]
    public async Task Every_starter_item_posted_back_unchanged_through_every_culture_tab_is_unchanged()
    {
        var types = Portal.Services.GetRequiredService<DocumentTypeRegistry>();
        var editors = Portal.Services.GetRequiredService<PropertyEditorWebCollection>();
        var failures = new List<string>();
        foreach (var published in Portal.Cache.All)
        {
            var item = (await Portal.Content.GetAsync(published.Key))!;
            var type = types.Get(item.ContentType);
            foreach (var culture in type.VariesByCulture ? item.Data.Cultures.Keys.ToList() : ["en"])
            {
                var page = await Editor.PageAsync($"/backoffice/content/{item.Key}?culture={culture}");
                var form = new FormCollection(HtmlForms.Fields(page.Form("#edit-form"))
                    .GroupBy(f => f.Key).ToDictionary(g => g.Key, g => new StringValues(g.Select(f => f.Value).ToArray())));
                var posted = ContentForm.Apply(type, types, editors, item.Data, culture, form, !type.VariesByCulture || culture == "en");
                if (ContentForm.Canonical(posted) == ContentForm.Canonical(item.Data))
                    continue;
                var changed = posted.Invariant.Keys.Union(item.Data.Invariant.Keys)
                    .Where(k => !posted.Invariant.TryGetValue(k, out var a) || !item.Data.Invariant.TryGetValue(k, out var b) || ContentForm.Normal(a) != ContentForm.Normal(b))
                    .Select(k => $"{k}: {(item.Data.Invariant.TryGetValue(k, out var b) ? ContentForm.Normal(b) : "-")} => {(posted.Invariant.TryGetValue(k, out var a) ? ContentForm.Normal(a) : "-")}");
                var own = posted.Cultures.GetValueOrDefault(culture);
                var saved = item.Data.Cultures.GetValueOrDefault(culture);
                var changedOwn = (own?.Values.Keys.AsEnumerable() ?? []).Union(saved?.Values.Keys.AsEnumerable() ?? [])
                    .Where(k => own is null || saved is null || !own.Values.TryGetValue(k, out var a) || !saved.Values.TryGetValue(k, out var b) || ContentForm.Normal(a) != ContentForm.Normal(b))
                    .Select(k => $"{k}: {(saved?.Values.TryGetValue(k, out var b) == true ? ContentForm.Normal(b) : "-")} => {(own?.Values.TryGetValue(k, out var a) == true ? ContentForm.Normal(a) : "-")}");
                failures.Add($"{item.Name("en")} [{culture}]: {string.Join("; ", changed.Concat(changedOwn))} name {saved?.Name}/{own?.Name} segment {saved?.Segment}/{own?.Segment}");
            }
        }
        failures.ShouldBeEmpty();
    }

    [Test]
    public async Task The_translators_english_column_shows_the_live_text_not_a_newer_draft()
    {
        var item = (await Portal.Content.GetAsync(BackofficePortal.Twinning))!;
        var live = item.Data.Cultures["en"].Values["summary"].GetString()!;
        var draft = item.Data.Clone();
        draft.Cultures["en"].Values["summary"] = System.Text.Json.JsonSerializer.SerializeToElement("A returned draft nobody has published.");
        (await Portal.Content.SaveAsync(new StrongCitiesPortal.Content.Items.ContentDraft { Key = item.Key, ContentType = item.ContentType, Data = draft }, "tests")).Succeeded.ShouldBeTrue();

        var page = await Editor.PageAsync($"/backoffice/content/{item.Key}?culture=fr");

        var english = page.QuerySelectorAll(".bo-english").Select(e => e.TextContent).ToList();
        english.ShouldContain(t => t.Contains(live, StringComparison.Ordinal));
        english.ShouldNotContain(t => t.Contains("A returned draft", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_url_segment_pattern_is_valid_under_the_v_flag()
    {
        var page = await Editor.PageAsync($"/backoffice/content/{BackofficePortal.Twinning}?culture=en");

        // Browsers compile pattern with the v flag, where a bare '-' in a class is a syntax error that switches the check off.
        var pattern = page.QuerySelector("#f-segment")!.GetAttribute("pattern")!;
        pattern.ShouldBe("[a-z0-9\\-]*");
        var regex = new System.Text.RegularExpressions.Regex($"^(?:{pattern})$");
        regex.IsMatch("london-paris-2").ShouldBeTrue();
        regex.IsMatch("London Paris").ShouldBeFalse();
    }
}
