using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Web.Features.Backoffice.Access;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

public sealed record TreeNodeView(TreeNode Node, TreeModel Page);

/// <summary>The content tree for staff; for a city editor, just their city's items.</summary>
public sealed class TreeModel(ContentTree tree, DocumentTypeRegistry types) : BackofficePageModel
{
    public TreeSnapshot Tree { get; private set; } = null!;
    public IReadOnlyList<TreeNode> Visible { get; private set; } = [];
    public string? Query { get; private set; }
    public string CityName { get; private set; } = "";
    public IEnumerable<DocumentType> RootTypes => Me.IsStaff ? types.All.Where(t => t.AllowedAtRoot) : [];

    public string TypeName(string alias) => types.Find(alias)?.Name ?? alias;

    public async Task OnGetAsync(string? q)
    {
        Tree = await tree.LoadAsync();
        Query = q?.Trim();
        if (Me.IsCityEditor)
        {
            CityName = Tree.NameOf(Me.CityKey!.Value, "en");
            Visible = await CityItemsAsync(Tree, tree, Me.CityKey.Value, HttpContext.RequestAborted);
        }
        else if (!string.IsNullOrWhiteSpace(Query))
        {
            Visible = Tree.All.Where(n => n.Names.Values.Any(name => name.Contains(Query, StringComparison.CurrentCultureIgnoreCase))).Take(200).ToList();
        }
    }

    public static async Task<IReadOnlyList<TreeNode>> CityItemsAsync(TreeSnapshot snapshot, ContentTree tree, Guid city, CancellationToken cancellationToken)
    {
        var keys = await tree.CityItemKeysAsync(city, cancellationToken);
        return keys.Select(snapshot.Get).OfType<TreeNode>().OrderBy(n => n.ContentType == ContentAccess.MemberCityType ? 0 : 1).ThenBy(n => n.Name("en"), StringComparer.CurrentCulture).ToList();
    }
}
