using Microsoft.AspNetCore.Mvc;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Items;
using ContentResult = StrongCitiesPortal.Content.Items.ContentResult;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>Items moved to the recycle bin: restore them, or delete them for good.</summary>
public sealed class RecycleBinModel(IContentService content) : BackofficePageModel
{
    public IReadOnlyList<ContentItem> Items { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync() => Items = await content.GetTrashedAsync();

    public async Task<IActionResult> OnPostRestoreAsync(Guid key)
    {
        var result = await content.RestoreAsync(key, Me.UserName);
        return await AfterAsync(result, "Restored. It is not live until it is published again.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid key)
    {
        var item = await content.GetAsync(key);
        if (item is null)
            return NotFound();
        if (!item.Trashed)
        {
            Error = "Only items in the recycle bin can be deleted for good.";
            Items = await content.GetTrashedAsync();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var result = await content.DeleteAsync(key, Me.UserName);
        return await AfterAsync(result, "Deleted for good.");
    }

    private async Task<IActionResult> AfterAsync(ContentResult result, string done)
    {
        if (result.Outcome == ContentOutcome.NotFound)
            return NotFound();
        if (!result.Succeeded)
        {
            Error = string.Join(" ", result.Errors.Select(e => e.Message));
            Items = await content.GetTrashedAsync();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Flash = done;
        return RedirectToPage();
    }
}
