using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.Features.Backoffice.Access;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>Puts an item's children in order: each gets a position number.</summary>
public sealed class SortModel(IContentService content, ContentTree tree) : BackofficePageModel
{
    public ContentItem Item { get; private set; } = null!;
    public IReadOnlyList<TreeNode> Children { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid key) => await LoadAsync(key) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid key)
    {
        if (await LoadAsync(key) is { } refused)
            return refused;
        var positions = new List<(Guid Key, double Position, int Index)>();
        var index = 0;
        foreach (var child in Children)
        {
            var raw = Request.Form[$"position.{child.Key}"].ToString();
            if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var position))
            {
                Error = $"Give “{child.Name("en")}” a position number.";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
            positions.Add((child.Key, position, index++));
        }
        var ordered = positions.OrderBy(p => p.Position).ThenBy(p => p.Index).Select(p => p.Key).ToList();
        var result = await content.SortAsync(key, ordered, Me.UserName);
        if (!result.Succeeded)
        {
            Error = string.Join(" ", result.Errors.Select(e => e.Message));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Flash = "Children sorted.";
        return Redirect($"/backoffice/content/{key}/sort");
    }

    private async Task<IActionResult?> LoadAsync(Guid key)
    {
        var item = await content.GetAsync(key);
        if (item is null)
            return NotFound();
        if (!ContentAccess.Can(Me, ContentOperation.Sort, item))
            return Refuse(ContentOperation.Sort, key);
        Item = item;
        Children = (await tree.LoadAsync()).Children(key).ToList();
        return null;
    }
}
