using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Backoffice.Audit;

/// <summary>One line of the audit log: who did what to which item (or user, media, invitation), when, from which version to which.</summary>
public sealed record AuditRecord(long Id, Guid Subject, string Action, string? Culture, int? FromVersion, int? ToVersion, string User, DateTimeOffset At, string? Detail);

public sealed record AuditQuery(string? User = null, string? Action = null, Guid? Subject = null, long? Before = null, int Take = 100);

/// <summary>
/// The backoffice's view of <c>cms_audit</c>. The engine writes its own lines (create, save, publish, ...);
/// the backoffice adds reviews, invitations, sign-ins, media and refused attempts to the same log.
/// </summary>
public sealed class AuditLog(PortalDatabase database, TimeProvider clock)
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
        await using var command = new NpgsqlCommand("""
            select id, node_key, action, culture, from_version, to_version, user_name, at, detail from cms_audit
            where (@user::text is null or user_name = @user)
              and (@action::text is null or action = @action)
              and (@subject::uuid is null or node_key = @subject)
              and (@before::bigint is null or id < @before)
            order by id desc limit @take
            """, connection);
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
                reader.IsDBNull(8) ? null : reader.GetString(8)));
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
