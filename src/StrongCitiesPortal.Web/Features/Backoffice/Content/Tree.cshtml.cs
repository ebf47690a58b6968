using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.Features.Backoffice.Access;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

public sealed record TreeNodeView(TreeNode Node, TreeModel Page);

/// <summary>
/// The content tree for staff, as nested lists with each culture's state; a large folder shows its first items
/// and a link to all of them, a paged list. For a city editor, just their city's items.
/// </summary>
public sealed class TreeModel(ContentTree tree, CultureStates cultureStates, DocumentTypeRegistry types) : BackofficePageModel
{
    /// <summary>A folder with more children than this is shown closed, with its first <see cref="ShownOfLarge"/> and a link to the rest.</summary>
    public const int LargeFolder = 50;
    public const int ShownOfLarge = 10;
    public const int PageSize = 50;

    public TreeOutline Outline { get; private set; } = null!;
    public IReadOnlyList<TreeNode> Visible { get; private set; } = [];
    public IReadOnlyDictionary<Guid, IReadOnlyList<CultureState>> States { get; private set; } = new Dictionary<Guid, IReadOnlyList<CultureState>>();
    public string? Query { get; private set; }
    public TreeNode? Parent { get; private set; }
    public IReadOnlyList<TreeNode> ParentPath { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public string CityName { get; private set; } = "";
    public bool IsList => Parent is not null || !string.IsNullOrWhiteSpace(Query);
    public IEnumerable<DocumentType> RootTypes => Me.IsStaff ? types.All.Where(t => t.AllowedAtRoot) : [];

    public string TypeName(string alias) => types.Find(alias)?.Name ?? alias;

    public CultureStatesView MarksOf(Guid key) => new(States.GetValueOrDefault(key) ?? [], Compact: true);

    public string PageLink(int page) =>
        "/backoffice/content?" + string.Join("&", new[]
        {
            Parent is null ? null : $"parent={Parent.Key}",
            string.IsNullOrWhiteSpace(Query) ? null : $"q={Uri.EscapeDataString(Query)}",
            page > 1 ? $"page={page}" : null,
        }.OfType<string>());

    // "page" is also Razor Pages' own route value, so the query string is named explicitly.
    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetAsync(string? q, Guid? parent, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page")] int? pageNumber)
    {
        Query = q?.Trim() is { Length: > 0 and <= 200 } query ? query : null;
        PageNumber = Math.Max(1, pageNumber ?? 1);
        var cancel = HttpContext.RequestAborted;
        if (Me.IsCityEditor)
        {
            var snapshot = await tree.LoadAsync(cancellationToken: cancel);
            CityName = snapshot.NameOf(Me.CityKey!.Value, "en");
            Visible = await CityItemsAsync(snapshot, tree, Me.CityKey.Value, cancel);
        }
        else if (parent is not null || Query is not null)
        {
            if (parent is { } key)
            {
                Parent = await LoadNodeAsync(key);
                if (Parent is null)
                    return NotFound();
            }
            (Visible, Total) = await tree.PageAsync(parent, Query, (PageNumber - 1) * PageSize, PageSize, cancel);
        }
        else
        {
            Outline = await tree.OutlineAsync(LargeFolder, ShownOfLarge, cancel);
        }
        var keys = Visible.Select(n => n.Key).Concat(Outline?.Tree.All.Select(n => n.Key) ?? []).ToList();
        States = await cultureStates.ForAsync(keys, cancel);
        return Page();
    }

    private async Task<TreeNode?> LoadNodeAsync(Guid key)
    {
        // The folder itself and its path, for the heading and the breadcrumb.
        var snapshot = await tree.PathAsync(key, HttpContext.RequestAborted);
        ParentPath = snapshot.Ancestors(key);
        return snapshot.Get(key);
    }

    public static async Task<IReadOnlyList<TreeNode>> CityItemsAsync(TreeSnapshot snapshot, ContentTree tree, Guid city, CancellationToken cancellationToken)
    {
        var keys = await tree.CityItemKeysAsync(city, cancellationToken);
        return keys.Select(snapshot.Get).OfType<TreeNode>().OrderBy(n => n.ContentType == ContentAccess.MemberCityType ? 0 : 1).ThenBy(n => n.Name("en"), StringComparer.CurrentCulture).ToList();
    }
}
