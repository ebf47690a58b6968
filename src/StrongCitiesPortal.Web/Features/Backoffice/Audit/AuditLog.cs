using Npgsql;
using NpgsqlTypes;
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
/// The backoffice's view of <c>cms_audit</c>. The engine writes its own lines (create, save, publish, ...);
/// the backoffice adds reviews, invitations, sign-ins, media and refused attempts to the same log.
/// </summary>
public sealed class AuditLog(PortalDatabase database, TimeProvider clock, Microsoft.Extensions.Options.IOptions<StrongCitiesPortal.Content.PortalContentOptions> options)
{
    public async Task WriteAsync(Guid subject, string action, string user, string? detail = null,
        string? culture = null, int? from = null, int? to = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Insert, connection);
        Bind(command, subject, action, user, detail, culture, from, to, clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Writes inside someone else's transaction, so the line commits or rolls back with the change.</summary>
    public async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid subject, string action, string user,
        string? detail = null, string? culture = null, int? from = null, int? to = null, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(Insert, connection, transaction);
        Bind(command, subject, action, user, detail, culture, from, to, clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string Insert = """
        insert into cms_audit (node_key, action, culture, from_version, to_version, user_name, at, detail)
        values (@key, @action, @culture, @from, @to, @user, @at, @detail)
        """;

    private static void Bind(NpgsqlCommand command, Guid subject, string action, string user, string? detail, string? culture, int? from, int? to, DateTimeOffset at)
    {
        command.Parameters.AddWithValue("key", subject);
        command.Parameters.AddWithValue("action", action);
        command.Parameters.Add(new NpgsqlParameter("culture", NpgsqlDbType.Text) { Value = (object?)culture ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Integer) { Value = (object?)from ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Integer) { Value = (object?)to ?? DBNull.Value });
        command.Parameters.AddWithValue("user", user);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.Add(new NpgsqlParameter("detail", NpgsqlDbType.Text) { Value = (object?)detail ?? DBNull.Value });
    }

    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // Names come from what the subject is now: a content item's default-culture name, a media item's, an invitation's address.
        await using var command = new NpgsqlCommand("""
            select a.id, a.node_key, a.action, a.culture, a.from_version, a.to_version, a.user_name, a.at, a.detail,
                   coalesce(cn.name, m.name, i.email),
                   case when cn.name is not null then 1 when m.name is not null then 2 when i.email is not null then 3 else 0 end
            from cms_audit a
            left join lateral (
                select c.name from cms_node n join cms_culture c on c.node_id = n.id
                where n.key = a.node_key order by c.culture = @default desc, c.culture limit 1) cn on true
            left join media_item m on m.key = a.node_key
            left join bo_invitation i on i.id = a.node_key
            where (@user::text is null or a.user_name = @user)
              and (@action::text is null or a.action = @action)
              and (@subject::uuid is null or a.node_key = @subject)
              and (@before::bigint is null or a.id < @before)
              and (@item::text is null
                   or a.node_key in (select n.key from cms_node n join cms_culture c on c.node_id = n.id where c.name ilike @item)
                   or a.node_key in (select key from media_item where name ilike @item)
                   or a.node_key in (select id from bo_invitation where email ilike @item))
            order by a.id desc limit @take
            """, connection);
        var item = Blank(query.Item) is { } text
            ? "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%"
            : null;
        command.Parameters.Add(new NpgsqlParameter("item", NpgsqlDbType.Text) { Value = (object?)item ?? DBNull.Value });
        command.Parameters.AddWithValue("default", options.Value.DefaultCulture);
        command.Parameters.Add(new NpgsqlParameter("user", NpgsqlDbType.Text) { Value = (object?)Blank(query.User) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("action", NpgsqlDbType.Text) { Value = (object?)Blank(query.Action) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("subject", NpgsqlDbType.Uuid) { Value = (object?)query.Subject ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Bigint) { Value = (object?)query.Before ?? DBNull.Value });
        command.Parameters.AddWithValue("take", Math.Clamp(query.Take, 1, 500));
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new AuditRecord(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), (AuditSubject)reader.GetInt32(10)));
        }
        return records;
    }

    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select distinct action from cms_audit order by action", connection);
        var actions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            actions.Add(reader.GetString(0));
        return actions;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
