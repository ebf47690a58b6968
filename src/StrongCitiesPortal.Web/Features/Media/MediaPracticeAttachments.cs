using Npgsql;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Web.Features.Practices;

namespace StrongCitiesPortal.Web.Features.Media;

/// <summary>A practice's attachments, from the media library (folders, missing keys and uploads awaiting review are not listed).</summary>
public sealed class MediaPracticeAttachments(PortalDatabase database) : IPracticeAttachments
{
    // The practice page asks while rendering, so this is a plain synchronous read (no blocking on async).
    public Attachment? Find(Guid mediaKey)
    {
        using var connection = database.DataSource.OpenConnection();
        using var command = new NpgsqlCommand(
            "select name, file_name, content_type, size from media_item where key = @key and kind <> 'folder' and not awaiting_review", connection);
        command.Parameters.AddWithValue("key", mediaKey);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return null;
        return new Attachment(reader.GetString(0), $"/media/{mediaKey}/{reader.GetString(1)}", reader.GetString(2), reader.GetInt64(3));
    }
}
