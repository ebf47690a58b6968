using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Web.Features.Backoffice.Access;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>Every version of an item, any two side by side, and rollback to an older one.</summary>
public sealed class HistoryModel(IContentService content, DocumentTypeRegistry types, ContentTree tree, AuditLog audit, IMediaChoices media, IOptions<PortalContentOptions> options) : BackofficePageModel
{
    public ContentItem Item { get; private set; } = null!;
    public IReadOnlyList<ContentVersionInfo> Versions { get; private set; } = [];
    public IReadOnlyList<AuditRecord> Audit { get; private set; } = [];
    public int Left { get; private set; }
    public int Right { get; private set; }
    public IReadOnlyList<DiffRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid key, int? left, int? right)
    {
        Item = (await content.GetAsync(key))!;
        if (Item is null)
            return NotFound();
        if (!ContentAccess.Can(Me, ContentOperation.Read, Item))
            return Refuse(ContentOperation.Read, key);
        Versions = await content.GetVersionsAsync(key);
        Audit = await audit.QueryAsync(new AuditQuery(Subject: key, Take: 100));
        // By default: what the latest version changes against what is live (or against the one before it).
        var live = Item.Publishing.Values.Where(p => p.PublishedVersion is not null).Select(p => p.PublishedVersion!.Value).DefaultIfEmpty(0).Max();
        Right = right is { } r && Versions.Any(v => v.Version == r) ? r : Item.Version;
        Left = left is { } l && Versions.Any(v => v.Version == l) ? l : live > 0 && live != Right ? live : Math.Max(1, Right - 1);
        var snapshot = await tree.LoadAsync(includeTrashed: true);
        var leftData = Left == Right ? null : await content.GetVersionDataAsync(key, Left);
        var rightData = await content.GetVersionDataAsync(key, Right);
        var mediaNames = await media.NamesAsync(ContentDiff.KeysIn(leftData, rightData));
        var diff = new ContentDiff(types, k => snapshot.NameOf(k, options.Value.DefaultCulture), k => mediaNames.GetValueOrDefault(k));
        Rows = diff.Compare(types.Get(Item.ContentType), Left == Right ? rightData : leftData, rightData, options.Value.EffectiveCultures);
        return Page();
    }

    public async Task<IActionResult> OnPostRollbackAsync(Guid key, int version)
    {
        var item = await content.GetAsync(key);
        if (item is null)
            return NotFound();
        if (!ContentAccess.Can(Me, ContentOperation.Rollback, item))
            return Refuse(ContentOperation.Rollback, key);
        var result = await content.RollbackAsync(key, version, Me.UserName);
        if (!result.Succeeded)
            return BadRequest(string.Join(" ", result.Errors));
        Flash = $"Version {version} is now the latest draft (version {result.Item!.Version}). Publish it to make it live.";
        return Redirect($"/backoffice/content/{key}");
    }
}
