using Npgsql;
using StrongCitiesPortal.Content.Audit;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Backoffice.Audit;

/// <summary>One line of the audit log: who did what to which item (or user, media, invitation), when, from which version to which.</summary>
public sealed record AuditRecord(long Id, Guid Subject, string Action, string? Culture, int? FromVersion, int? ToVersion, string User, DateTimeOffset At, string? Detail,
    string? SubjectName = null, AuditSubject SubjectKind = AuditSubject.Unknown);

/// <summary>What an audit line is about, so the log can name it and link to it.</summary>
public enum AuditSubject
{
    Unknown,
    Content,
    Media,
    Invitation,
}

/// <summary>A filter of the log; <paramref name="Item"/> is part of an item's name (content or media) or an invitation's address.</summary>
public sealed record AuditQuery(string? User = null, string? Action = null, Guid? Subject = null, long? Before = null, int Take = 100, string? Item = null);

/// <summary>
/// The backoffice's view of the engine's audit trail. The engine writes its own lines (create, save, publish, ...);
/// the backoffice adds reviews, invitations, sign-ins, media and refused attempts to the same trail, through the engine.
/// </summary>
public sealed class AuditLog(AuditTrail trail, PortalDatabase database)
{
    public Task WriteAsync(Guid subject, string action, string user, string? detail = null,
        string? culture = null, int? from = null, int? to = null, CancellationToken cancellationToken = default) =>
        trail.WriteAsync(new AuditLine(subject, action, user, detail, culture, from, to), cancellationToken);

    /// <summary>Writes inside someone else's transaction, so the line commits or rolls back with the change.</summary>
    public Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid subject, string action, string user,
        string? detail = null, string? culture = null, int? from = null, int? to = null, CancellationToken cancellationToken = default) =>
        trail.WriteAsync(connection, transaction, new AuditLine(subject, action, user, detail, culture, from, to), cancellationToken);

    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        // The item filter also finds media by name and invitations by address: the backoffice's own tables.
        var item = Blank(query.Item);
        var others = item is null ? [] : await SubjectsMatchingAsync(item, cancellationToken);
        var entries = await trail.QueryAsync(new AuditFilter(query.User, query.Action, query.Subject, query.Before, query.Take, item, others), cancellationToken);
        // Names come from what the subject is now: a content item's default-culture name, a media item's, an invitation's address.
        var unnamed = entries.Where(e => e.ContentName is null).Select(e => e.Entry.NodeKey).Distinct().ToArray();
        var media = await NamesAsync("select key, name from media_item where key = any (@keys)", unnamed, cancellationToken);
        var invitations = await NamesAsync("select id, email from bo_invitation where id = any (@keys)", unnamed, cancellationToken);
        return entries.Select(e =>
        {
            var (name, kind) = e.ContentName is { } content ? (content, AuditSubject.Content)
                : media.TryGetValue(e.Entry.NodeKey, out var file) ? (file, AuditSubject.Media)
                : invitations.TryGetValue(e.Entry.NodeKey, out var email) ? (email, AuditSubject.Invitation)
                : ((string?)null, AuditSubject.Unknown);
            var a = e.Entry;
            return new AuditRecord(a.Id, a.NodeKey, a.Action, a.Culture, a.FromVersion, a.ToVersion, a.UserName, a.At, a.Detail, name, kind);
        }).ToList();
    }

    public Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken = default) => trail.ActionsAsync(cancellationToken);

    private async Task<Guid[]> SubjectsMatchingAsync(string text, CancellationToken cancellationToken)
    {
        var pattern = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select key from media_item where name ilike @item
            union select id from bo_invitation where email ilike @item
            """, connection);
        command.Parameters.AddWithValue("item", pattern);
        var keys = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(reader.GetGuid(0));
        return [.. keys];
    }

    private async Task<Dictionary<Guid, string>> NamesAsync(string sql, Guid[] keys, CancellationToken cancellationToken)
    {
        var names = new Dictionary<Guid, string>();
        if (keys.Length == 0)
            return names;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("keys", keys);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            names[reader.GetGuid(0)] = reader.GetString(1);
        return names;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
