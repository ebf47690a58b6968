using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;
using StrongCitiesPortal.Web.Features.Backoffice.Mail;

namespace StrongCitiesPortal.Web.Features.Backoffice.Reviews;

/// <summary>
/// E-mails about reviews: a submission goes to the staff who review (Administrators and Editors), a return or a
/// publish to the person who submitted. Never to the person who acted, never to someone who turned them off on
/// the account page. A mail that cannot be sent is logged; the review itself has already happened.
/// </summary>
public sealed class ReviewMail(
    UserManager<BackofficeUser> users,
    IContentService content,
    IMailSender mail,
    IOptions<BackofficeOptions> options,
    TimeProvider clock,
    ILogger<ReviewMail> logger)
{
    public async Task SubmittedAsync(long reviewId, Guid key, IReadOnlyList<string> cultures, BackofficeIdentity actor, string? note, CancellationToken cancellationToken = default)
    {
        var name = await NameAsync(key, cancellationToken);
        var reviewers = new List<BackofficeUser>();
        foreach (var role in new[] { BackofficeRoles.Administrator, BackofficeRoles.Editor })
            reviewers.AddRange(await users.GetUsersInRoleAsync(role));
        var recipients = reviewers.DistinctBy(u => u.Id).Where(u => Wants(u, actor.UserName)).ToList();
        if (recipients.Count == 0)
            return;
        var body = $"""
            Hello,

            {actor.DisplayName} ({actor.UserName}) has sent “{name}” for review ({string.Join(", ", cultures)}).
            {(note is null ? "" : $"\nTheir note: {note}\n")}
            Review it here:

            {Link($"/backoffice/reviews/{reviewId}")}

            You receive these messages as an SCN reviewer; turn them off on your account page ({Link("/backoffice/account")}).
            """;
        foreach (var user in recipients)
            await SendAsync(user.Email!, $"For review: {name}", body, cancellationToken);
    }

    public async Task ReturnedAsync(Review review, BackofficeIdentity actor, string comment, CancellationToken cancellationToken = default)
    {
        if (await SubmitterAsync(review, actor.UserName) is not { } submitter)
            return;
        var name = await NameAsync(review.NodeKey, cancellationToken);
        var body = $"""
            Hello,

            {actor.DisplayName} has returned “{name}” to you with this comment:

            {comment}

            Make the changes and submit it again here:

            {Link($"/backoffice/content/{review.NodeKey}")}

            Turn these messages off on your account page ({Link("/backoffice/account")}).
            """;
        await SendAsync(submitter.Email!, $"Returned for changes: {name}", body, cancellationToken);
    }

    /// <summary>Tells the submitter that the version they sent went live; <paramref name="actor"/> is the user name of whoever published it.</summary>
    public async Task PublishedAsync(Review review, string actor, CancellationToken cancellationToken = default)
    {
        try
        {
            if (await SubmitterAsync(review, actor) is not { } submitter)
                return;
            var publisher = await users.FindByNameAsync(actor);
            var name = await NameAsync(review.NodeKey, cancellationToken);
            var body = $"""
                Hello,

                {(publisher?.DisplayName is { Length: > 0 } shown ? shown : actor)} has published “{name}” ({string.Join(", ", review.Cultures)}), as you submitted it. Thank you.

                {Link($"/backoffice/content/{review.NodeKey}")}

                Turn these messages off on your account page ({Link("/backoffice/account")}).
                """;
            await SendAsync(submitter.Email!, $"Published: {name}", body, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The publish has committed; a mail that cannot be prepared is logged, never reported as a failed publish.
            logger.LogError(e, "Could not tell the submitter of review {Review} that it was published", review.Id);
        }
    }

    private async Task<BackofficeUser?> SubmitterAsync(Review review, string actor)
    {
        var submitter = await users.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == users.NormalizeName(review.SubmittedBy));
        return submitter is not null && Wants(submitter, actor) ? submitter : null;
    }

    // A disabled account (locked out by an administrator) gets nothing.
    private bool Wants(BackofficeUser user, string actor) =>
        user.ReviewMail
        && !string.IsNullOrEmpty(user.Email)
        && !string.Equals(user.UserName, actor, StringComparison.OrdinalIgnoreCase)
        && (user.LockoutEnd is null || user.LockoutEnd <= clock.GetUtcNow());

    private async Task<string> NameAsync(Guid key, CancellationToken cancellationToken) =>
        (await content.GetAsync(key, cancellationToken))?.Name("en") is { Length: > 0 } name ? name : key.ToString();

    // Without a configured public address the mail still says where to look, as a path on the portal.
    private string Link(string path) => (options.Value.LinkBase() ?? "") + path;

    private async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        try
        {
            await mail.SendAsync(to, subject, body, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Mail.SmtpException or IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            logger.LogWarning(ex, "The review e-mail \"{Subject}\" to {To} could not be sent", subject, to);
        }
    }
}
