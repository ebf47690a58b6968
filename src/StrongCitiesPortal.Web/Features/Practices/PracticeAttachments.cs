namespace StrongCitiesPortal.Web.Features.Practices;

public sealed record Attachment(string Name, string Url, string? MediaType, long? Bytes);

/// <summary>
/// Resolves a practice's media-picker keys to downloadable files. The media library belongs to the backoffice
/// (issue 5); until it registers its own implementation, attachments cannot be resolved and are not listed.
/// </summary>
public interface IPracticeAttachments
{
    Attachment? Find(Guid mediaKey);
}

public sealed class NoPracticeAttachments : IPracticeAttachments
{
    public Attachment? Find(Guid mediaKey) => null;
}
