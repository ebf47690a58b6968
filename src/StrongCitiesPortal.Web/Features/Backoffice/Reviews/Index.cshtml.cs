using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.Features.Backoffice.Reviews;

/// <summary>What is waiting for an Editor: changes sent for review, oldest first.</summary>
public sealed class IndexModel(ReviewService reviews, ContentTree tree) : BackofficePageModel
{
    public IReadOnlyList<Review> Pending { get; private set; } = [];
    public TreeSnapshot Tree { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        Pending = await reviews.PendingAsync();
        Tree = await tree.LoadAsync(includeTrashed: true);
    }
}
