using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.Features.Backoffice.Access;
using StrongCitiesPortal.Web.Features.Content;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Backoffice.Preview;

/// <summary>
/// The latest version of an item, draft or not, rendered by its public template in the public layout, in one
/// culture. Only signed-in users who may read the item can open it; it is never cached nor indexed.
/// </summary>
public sealed class PreviewModel(
    IContentService content,
    DocumentTypeRegistry types,
    ContentTemplates templates,
    ContentRouter router,
    PublishedContentCache cache,
    DraftContentReader drafts,
    SitePage site,
    IOptions<PortalContentOptions> options,
    ILogger<PreviewModel> logger) : BackofficePageModel
{
    public ContentItem Item { get; private set; } = null!;
    public string Culture { get; private set; } = "";
    public IReadOnlyList<string> Cultures => options.Value.EffectiveCultures;
    public ResolvedContent Resolved { get; private set; } = null!;
    public string View { get; private set; } = "";
    public object? ViewModel { get; private set; }
    public IReadOnlyList<Link> Breadcrumbs { get; private set; } = [];
    public bool IsLive { get; private set; }

    /// <summary>True when the culture asked for has no text yet and the default culture's is shown, as the public site would.</summary>
    public bool IsFallback => Resolved.IsFallback;

    public async Task<IActionResult> OnGetAsync(Guid key, string? culture, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store, private";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        if (await content.GetAsync(key, cancellationToken) is not { Trashed: false } item)
            return NotFound();
        if (!ContentAccess.Can(Me, ContentOperation.Read, item))
            return Refuse(ContentOperation.Read, key);
        if (types.Find(item.ContentType) is not { IsElement: false } type)
            return NotFound();

        Item = item;
        Culture = culture is not null && Cultures.Contains(culture) ? culture : options.Value.DefaultCulture;
        var draft = drafts.AsPublished(item, type);
        var variant = draft.Variant(Culture) ?? draft.Variant(cache.DefaultCulture) ?? draft.Variants.Values.FirstOrDefault();
        if (variant is null)
            return NotFound();
        Resolved = new ResolvedContent(draft, Culture, variant);
        IsLive = item.Publishing.TryGetValue(variant.Culture, out var state) && state.PublishedVersion == item.Version;

        site.Culture = Culture;
        site.Title = variant.Name;
        site.NoIndex = true;
        site.Alternates = Cultures.ToDictionary(c => c, c => $"/backoffice/content/{key}/preview/{c}");
        if (Resolved.IsFallback)
            site.ContentCulture = variant.Culture;
        var parents = item.ParentKey is { } parent ? cache.Ancestors(parent).Reverse().Select(a => a.Key).Append(parent) : [];
        Breadcrumbs = parents.Select(k => router.LinkTo(k, Culture)).OfType<Link>().ToList();

        var template = templates.For(draft.ContentType);
        try
        {
            ViewModel = await template.BuildAsync(new ContentRequest(Resolved, Request, site), cancellationToken);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException)
        {
            // A section page that was never published has no address yet for its template to build links from.
            logger.LogInformation(e, "No preview for {Key} in {Culture}", key, Culture);
            ViewModel = null;
        }
        site.CanonicalPath = null;
        site.NoIndex = true;
        View = ViewModel is null ? "" : template.View;
        return Page();
    }
}
