using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Content;

/// <summary>Every published route: resolves the address, then hands the item to its document type's template.</summary>
public sealed class ContentPageModel(ContentRouter router, ContentTemplates templates, PublishedContentCache cache, SitePage site) : PageModel
{
    public ResolvedContent Resolved { get; private set; } = null!;
    public string View { get; private set; } = "";
    public object? ViewModel { get; private set; }

    /// <summary>From the home page down to the parent; empty on the home page.</summary>
    public IReadOnlyList<Link> Breadcrumbs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? path, CancellationToken cancellationToken)
    {
        var (culture, route) = router.Split(path);
        site.Culture = culture;
        var resolved = router.Resolve(route, culture);
        if (resolved is null)
        {
            // An address written with another culture's segments ("/fr/practices/") moves to this culture's own.
            if (culture != router.DefaultCulture && router.Resolve(route, router.DefaultCulture) is { } other && router.Url(other.Item.Key, culture) is { } moved)
                return RedirectPermanent(ContentRouter.Escape(moved) + Request.QueryString);
            return NotFound();
        }

        var url = router.Url(resolved.Item.Key, culture)!;
        if (!string.Equals(Request.Path.Value, url, StringComparison.Ordinal) && (Request.Method is "GET" or "HEAD"))
            return RedirectPermanent(ContentRouter.Escape(url) + Request.QueryString);

        Resolved = resolved;
        site.Title = resolved.Variant.Name;
        site.Section = SectionOf(resolved.Item);
        var alternates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in router.Cultures)
        {
            if (router.Url(resolved.Item.Key, c) is { } alternate)
                alternates[c] = alternate;
        }
        site.Alternates = alternates;
        site.TranslatedCultures = router.Cultures.Where(c => resolved.Item.Variant(c) is { } v && v.Culture == c).ToList();
        // A page shown untranslated points search engines at the original it repeats.
        site.CanonicalPath = resolved.IsFallback ? router.Url(resolved.Item.Key, resolved.Variant.Culture) : url;
        if (resolved.IsFallback)
            site.ContentCulture = resolved.Variant.Culture;

        Breadcrumbs = cache.Ancestors(resolved.Item.Key).Reverse().Select(a => router.LinkTo(a.Key, culture)).OfType<Link>().ToList();
        if (Breadcrumbs.Count > 0)
        {
            var trail = Breadcrumbs.Append(new Link(resolved.Variant.Name, url)).Select((link, i) => (JsonNode)new JsonObject
            {
                ["@type"] = "ListItem",
                ["position"] = i + 1,
                ["name"] = link.Text,
                ["item"] = site.Absolute(link.Url ?? url),
            });
            site.StructuredData.Add(new JsonObject { ["@context"] = "https://schema.org", ["@type"] = "BreadcrumbList", ["itemListElement"] = new JsonArray(trail.ToArray()) });
        }

        var template = templates.For(resolved.Item.ContentType);
        ViewModel = await template.BuildAsync(new ContentRequest(resolved, Request, site), cancellationToken);
        if (ViewModel is null)
            return NotFound();
        View = template.View;
        return Page();
    }

    private string SectionOf(PublishedContent item)
    {
        if (item.ParentKey is null)
            return "home";
        var top = item;
        foreach (var ancestor in cache.Ancestors(item.Key))
        {
            if (ancestor.ParentKey is null)
                break;
            top = ancestor;
        }
        return top.ContentType;
    }
}
