using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.Features.Backoffice.Reviews;

/// <summary>One review: the submitted version against what is live, and publish or return with a comment.</summary>
public sealed class DetailModel(ReviewService reviews, IContentService content, DocumentTypeRegistry types, ContentTree tree, ReviewMail reviewMail, IMediaChoices media, IOptions<PortalContentOptions> options) : BackofficePageModel
{
    public Review Review { get; private set; } = null!;
    public ContentItem Item { get; private set; } = null!;
    public IReadOnlyList<DiffRow> Rows { get; private set; } = [];
    public int? LiveVersion { get; private set; }
    public string? Error { get; private set; }
    public string Comment { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostPublishAsync(long id)
    {
        if (await LoadAsync(id) is { } missing)
            return missing;
        if (!Review.IsPending)
            return Conflicted("This review has already been settled.");
        var result = await reviews.PublishAsync(Review, Me.UserName);
        if (!result.Succeeded)
            return Conflicted(string.Join(" ", result.Errors.Select(e => e.ToString())));
        Flash = $"Published “{Item.Name("en")}” ({string.Join(", ", Review.Cultures)}).";
        return Redirect("/backoffice/reviews");
    }

    public async Task<IActionResult> OnPostReturnAsync(long id, string? comment)
    {
        if (await LoadAsync(id) is { } missing)
            return missing;
        Comment = comment?.Trim() ?? "";
        if (Comment.Length is 0 or > 4000)
        {
            Error = "Say what needs changing (up to 4000 characters): the city editor sees this comment.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (!await reviews.ReturnAsync(id, Me.UserName, Comment))
            return Conflicted("This review has already been settled.");
        await reviewMail.ReturnedAsync(Review, Me, Comment);
        Flash = $"Returned “{Item.Name("en")}” to {Review.SubmittedBy} with your comment.";
        return Redirect("/backoffice/reviews");
    }

    private IActionResult Conflicted(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(long id)
    {
        var review = await reviews.GetAsync(id);
        if (review is null || await content.GetAsync(review.NodeKey) is not { } item)
            return NotFound();
        Review = review;
        Item = item;
        var snapshot = await tree.LoadAsync(includeTrashed: true);
        // Live is per culture; compare against the live version of the review's first culture (the whole item for invariant types).
        LiveVersion = review.Cultures.Select(c => item.Publishing.GetValueOrDefault(c)?.PublishedVersion).FirstOrDefault(v => v is not null);
        var live = LiveVersion is { } v ? await content.GetVersionDataAsync(item.Key, v) : null;
        // The reviewer sees, and publishes, the submitted version, even when newer drafts were saved since.
        var reviewed = await content.GetVersionDataAsync(item.Key, review.Version) ?? item.Data;
        var mediaNames = await media.NamesAsync(ContentDiff.KeysIn(live, reviewed));
        var diff = new ContentDiff(types, k => snapshot.NameOf(k, options.Value.DefaultCulture), k => mediaNames.GetValueOrDefault(k));
        Rows = diff.Compare(types.Get(item.ContentType), live, reviewed, options.Value.EffectiveCultures);
        return null;
    }
}
