using Microsoft.AspNetCore.Mvc;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.Features.Backoffice.Access;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

public sealed class MoveModel(IContentService content, DocumentTypeRegistry types, ContentTree tree) : BackofficePageModel
{
    public ContentItem Item { get; private set; } = null!;
    public IReadOnlyList<TreeNode> Targets { get; private set; } = [];
    public bool RootAllowed { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid key) => await LoadAsync(key) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid key, string? target)
    {
        if (await LoadAsync(key) is { } refused)
            return refused;
        Guid? parent = target == "root" ? null : Guid.TryParse(target, out var t) ? t : Guid.Empty;
        if (parent == Guid.Empty)
        {
            Error = "Choose where to move the item.";
            return Page();
        }
        var result = await content.MoveAsync(key, parent, Me.UserName);
        if (!result.Succeeded)
        {
            Error = string.Join(" ", result.Errors.Select(e => e.Message));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Flash = "Moved.";
        return Redirect($"/backoffice/content/{key}");
    }

    private async Task<IActionResult?> LoadAsync(Guid key)
    {
        var item = await content.GetAsync(key);
        if (item is null)
            return NotFound();
        if (!ContentAccess.Can(Me, ContentOperation.Move, item))
            return Refuse(ContentOperation.Move, key);
        Item = item;
        var snapshot = await tree.LoadAsync();
        RootAllowed = types.Get(item.ContentType).AllowedAtRoot;
        // Anywhere that takes this type, except the item itself and what is below it.
        var below = new HashSet<Guid> { key };
        foreach (var node in snapshot.All.OrderBy(n => n.Level))
        {
            if (node.ParentKey is { } p && below.Contains(p))
                below.Add(node.Key);
        }
        Targets = snapshot.All
            .Where(n => !below.Contains(n.Key) && types.Find(n.ContentType)?.AllowedChildTypes.Contains(item.ContentType, StringComparer.Ordinal) == true)
            .ToList();
        return null;
    }
}
