using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Web.Features.Backoffice.Access;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>What the picker's script gets back from an upload: the new choice, to add to the list and check.</summary>
public sealed record UploadedMedia(Guid Key, string Name, string Folder, string Url, bool IsImage, bool AwaitingReview);

/// <summary>The media picker's upload with script: the same rule and the same storage as the form's "Upload and choose", without leaving the page.</summary>
public static class MediaUploadApi
{
    public static async Task<Results<Ok<UploadedMedia>, ProblemHttpResult, ForbidHttpResult, UnauthorizedHttpResult, NotFound>> UploadAsync(
        HttpContext context, IAntiforgery antiforgery, IContentService content, IMediaChoices media)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return TypedResults.Problem(title: "The form has expired: reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (BackofficeIdentity.From(context.User) is not { } me)
            return TypedResults.Unauthorized();
        if (!context.Request.HasFormContentType)
            return TypedResults.Problem(title: "Send the file as a form upload.", statusCode: StatusCodes.Status400BadRequest);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);

        // The same right as saving the item the picker belongs to (or creating one of its type).
        Guid? subject = Guid.TryParse(form["item"], out var key) ? key : null;
        bool allowed;
        if (subject is not null)
        {
            var item = await content.GetAsync(key, context.RequestAborted);
            if (item is null)
                return TypedResults.NotFound();
            allowed = ContentAccess.Can(me, ContentOperation.Save, item);
        }
        else
        {
            allowed = ContentAccess.CanCreate(me, form["type"].ToString());
        }
        if (!allowed)
        {
            AccessDenial.Describe(context, "UploadMedia", subject);
            return TypedResults.Forbid();
        }

        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
            return TypedResults.Problem(title: "Choose a file to upload first.", statusCode: StatusCodes.Status400BadRequest);
        MediaUploadResult result;
        await using (var stream = file.OpenReadStream())
            result = await media.UploadForEditorAsync(me, stream, file.FileName, form["alt"], context.RequestAborted);
        if (!result.Succeeded)
            return TypedResults.Problem(title: "The file was not uploaded.", detail: string.Join(" ", result.Errors), statusCode: StatusCodes.Status400BadRequest);
        var choice = result.Choice!;
        return TypedResults.Ok(new UploadedMedia(choice.Key, choice.Name, choice.Folder, choice.Url, choice.IsImage, choice.AwaitingReview));
    }
}
