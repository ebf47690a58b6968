using StrongCitiesPortal.Web.Features.Backoffice.Content;
using StrongCitiesPortal.Web.Features.Backoffice.Reviews;

namespace StrongCitiesPortal.Web.Features.Backoffice;

/// <summary>The backoffice's start page: what needs doing for this user.</summary>
public sealed class IndexModel(ReviewService reviews, ContentTree tree) : BackofficePageModel
{
    public IReadOnlyList<Review> Pending { get; private set; } = [];
    public IReadOnlyList<Review> Mine { get; private set; } = [];
    public IReadOnlyList<TreeNode> CityItems { get; private set; } = [];
    public IReadOnlyList<TreeNode> RecentlyChanged { get; private set; } = [];
    public TreeSnapshot Tree { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        Tree = await tree.LoadAsync(includeTrashed: true);
        if (Me.IsPublisher)
            Pending = await reviews.PendingAsync();
        if (Me.IsCityEditor)
        {
            CityItems = await TreeModel.CityItemsAsync(Tree, tree, Me.CityKey!.Value, HttpContext.RequestAborted);
            Mine = await reviews.ForItemsAsync(CityItems.Select(i => i.Key).ToList(), 20);
        }
        else
        {
            RecentlyChanged = Tree.All.Where(n => !n.Trashed).OrderByDescending(n => n.UpdateDate).Take(10).ToList();
        }
    }
}
