using Microsoft.AspNetCore.Mvc;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.Features.Backoffice;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.Features.Media;

/// <summary>
/// One media item: rename, alternative text, folder, where it is used, delete (with a warning when in use).
/// What live pages show (a file they use, its name and alternative text) is changed or deleted by publishers only.
/// </summary>
public sealed class ItemModel(MediaLibrary library, ContentTree tree, AuditLog audit) : BackofficePageModel
{
    public MediaItem Item { get; private set; } = null!;
    public IReadOnlyList<MediaItem> Folders { get; private set; } = [];
    public IReadOnlyList<TreeNode> UsedBy { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public bool ConfirmDelete { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid key) => await LoadAsync(key) ?? Page();

    public async Task<IActionResult> OnPostSaveAsync(Guid key, string? name, string? altText, Guid? folder)
    {
        if (await LoadAsync(key) is { } missing)
            return missing;
        var changesLive = (name?.Trim() ?? "") != Item.Name || (altText?.Trim() ?? "") != (Item.AltText ?? "");
        if (changesLive && await RefusedOnLivePagesAsync("rename", "rename it or change its alternative text") is { } refused)
            return refused;
        var result = await library.UpdateAsync(key, name, altText, folder, Me.UserName);
        if (!result.Succeeded)
            return Fail(result.Errors);
        Flash = "Saved.";
        return Redirect($"/backoffice/media/{key}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid key, bool confirmed)
    {
        if (await LoadAsync(key) is { } missing)
            return missing;
        if (await RefusedOnLivePagesAsync("delete", "delete it") is { } refused)
            return refused;
        var result = await library.DeleteAsync(key, Me.UserName, confirmed);
        if (!result.Succeeded)
        {
            ConfirmDelete = result.UsedBy.Count > 0;
            Response.StatusCode = StatusCodes.Status409Conflict;
            Errors = result.Errors;
            return Page();
        }
        Flash = $"Deleted “{Item.Name}”.";
        return Redirect(Item.ParentKey is { } parent ? $"/backoffice/media?folder={parent}" : "/backoffice/media");
    }

    /// <summary>A writer's change to a file that live pages use: refused with a 403 that says why, and audited.</summary>
    private async Task<IActionResult?> RefusedOnLivePagesAsync(string operation, string what)
    {
        if (Me.IsPublisher)
            return null;
        var live = await library.LiveUsageAsync(Item.Key);
        if (live.Count == 0)
            return null;
        await audit.WriteAsync(Item.Key, "access-denied", Me.UserName,
            $"media-{operation}: “{Item.Name}” is used by {live.Count} live item(s)", cancellationToken: HttpContext.RequestAborted);
        Errors = [$"“{Item.Name}” is used by {live.Count} published page(s) (listed below). Only an Editor or Administrator may {what}; ask one, or unpublish those pages first."];
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    private IActionResult Fail(IReadOnlyList<string> errors)
    {
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid key)
    {
        var item = await library.GetAsync(key);
        if (item is null || item.IsFolder)
            return NotFound();
        Item = item;
        Folders = await library.ListAsync(new MediaQuery(Kind: MediaKind.Folder, Take: 1000));
        var snapshot = await tree.LoadAsync(includeTrashed: true);
        UsedBy = (await library.UsageAsync(key)).Select(snapshot.Get).OfType<TreeNode>().ToList();
        return null;
    }
}
