using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.Features.Backoffice.Account;
using StrongCitiesPortal.Web.Features.Backoffice.Content;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;
using StrongCitiesPortal.Web.Features.Backoffice.Reviews;

namespace StrongCitiesPortal.Web.Features.Backoffice;

/// <summary>The backoffice's start page: what needs doing for this user.</summary>
public sealed class IndexModel(ReviewService reviews, ContentTree tree, CultureStates cultureStates, UserManager<BackofficeUser> users,
    IOptions<PortalContentOptions> options) : BackofficePageModel
{
    public IReadOnlyList<Review> Pending { get; private set; } = [];
    public IReadOnlyList<Review> Mine { get; private set; } = [];
    public IReadOnlyList<TreeNode> CityItems { get; private set; } = [];
    public IReadOnlyList<TreeNode> RecentlyChanged { get; private set; } = [];
    public TreeSnapshot Tree { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, IReadOnlyList<CultureState>> States { get; private set; } = new Dictionary<Guid, IReadOnlyList<CultureState>>();

    /// <summary>The cultures this person edits (account page); the dashboard shows only these.</summary>
    public IReadOnlyList<string> MyCultures { get; private set; } = [];

    public CultureStatesView StatesOf(Guid key) => new(States.GetValueOrDefault(key) ?? [], MyCultures);

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
        MyCultures = await users.GetUserAsync(User) is { } user ? UserCultures.Of(user, Me, options.Value) : [options.Value.DefaultCulture];
        States = await cultureStates.ForAsync(CityItems.Concat(RecentlyChanged).Select(n => n.Key).ToList(), HttpContext.RequestAborted);
    }
}
