using Microsoft.AspNetCore.Mvc;
using StrongCitiesPortal.Web.Features.Backoffice;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.Features.Media;

/// <summary>One media item: rename, alternative text, folder, where it is used, delete (with a warning when in use).</summary>
public sealed class ItemModel(MediaLibrary library, ContentTree tree) : BackofficePageModel
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
