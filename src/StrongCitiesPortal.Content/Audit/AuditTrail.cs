using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Reading;

namespace StrongCitiesPortal.Content.Audit;

/// <summary>One line for the audit trail: who did what to which subject (an item, or anything else the portal audits).</summary>
public sealed record AuditLine(Guid Subject, string Action, string User, string? Detail = null, string? Culture = null, int? FromVersion = null, int? ToVersion = null);

/// <summary>
/// A filter of the trail, newest first, before <see cref="Before"/> (an entry's id) when given. <see cref="ItemName"/>
/// keeps the lines about a content item whose name (in any culture) contains it, or about one of <see cref="OrSubjects"/>
/// (what else the caller found by that name).
/// </summary>
public sealed record AuditFilter(string? User = null, string? Action = null, Guid? Subject = null, long? Before = null, int Take = 100,
    string? ItemName = null, IReadOnlyCollection<Guid>? OrSubjects = null);

/// <summary>An audit entry with the name its subject has now when it is a content item (in the default culture if it has one).</summary>
public sealed record NamedAuditEntry(AuditEntry Entry, string? ContentName);

/// <summary>
/// The audit trail's only writer and its reader: the engine's own lines (create, save, publish, ...) and those the
/// portal adds (reviews, sign-ins, media, ...), in one table.
/// </summary>
public sealed class AuditTrail(PortalDatabase database, TimeProvider clock, IOptions<PortalContentOptions> options)
{
    public async Task WriteAsync(AuditLine line, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await InsertAsync(connection, null, line, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>Writes inside the caller's transaction, so the line commits or rolls back with the change.</summary>
    public Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditLine line, CancellationToken cancellationToken = default) =>
        InsertAsync(connection, transaction, line, clock.GetUtcNow(), cancellationToken);

    internal static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditLine line, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(line);
        await using var command = new NpgsqlCommand("""
            insert into cms_audit (node_key, action, culture, from_version, to_version, user_name, at, detail)
            values (@key, @action, @culture, @from, @to, @user, @at, @detail)
            """, connection, transaction);
        command.Parameters.AddWithValue("key", line.Subject);
        command.Parameters.AddWithValue("action", line.Action);
        command.Parameters.Add(new NpgsqlParameter("culture", NpgsqlDbType.Text) { Value = (object?)line.Culture ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Integer) { Value = (object?)line.FromVersion ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Integer) { Value = (object?)line.ToVersion ?? DBNull.Value });
        command.Parameters.AddWithValue("user", line.User);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.Add(new NpgsqlParameter("detail", NpgsqlDbType.Text) { Value = (object?)line.Detail ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<NamedAuditEntry>> QueryAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select a.id, a.node_key, a.action, a.culture, a.from_version, a.to_version, a.user_name, a.at, a.detail, cn.name
            from cms_audit a
            left join lateral (
                select c.name from cms_node n join cms_culture c on c.node_id = n.id
                where n.key = a.node_key order by c.culture = @default desc, c.culture limit 1) cn on true
            where (@user::text is null or a.user_name = @user)
              and (@action::text is null or a.action = @action)
              and (@subject::uuid is null or a.node_key = @subject)
              and (@before::bigint is null or a.id < @before)
              and (@item::text is null
                   or a.node_key in (select n.key from cms_node n join cms_culture c on c.node_id = n.id where c.name ilike @item)
                   or a.node_key = any (@others))
            order by a.id desc limit @take
            """, connection);
        command.Parameters.Add(new NpgsqlParameter("item", NpgsqlDbType.Text) { Value = (object?)Like.Containing(filter.ItemName) ?? DBNull.Value });
        command.Parameters.AddWithValue("others", (filter.OrSubjects ?? []).ToArray());
        command.Parameters.AddWithValue("default", options.Value.DefaultCulture);
        command.Parameters.Add(new NpgsqlParameter("user", NpgsqlDbType.Text) { Value = (object?)Blank(filter.User) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("action", NpgsqlDbType.Text) { Value = (object?)Blank(filter.Action) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("subject", NpgsqlDbType.Uuid) { Value = (object?)filter.Subject ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Bigint) { Value = (object?)filter.Before ?? DBNull.Value });
        command.Parameters.AddWithValue("take", Math.Clamp(filter.Take, 1, 500));
        var entries = new List<NamedAuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new NamedAuditEntry(new AuditEntry(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }
        return entries;
    }

    /// <summary>Every action the trail holds, for a filter's choices.</summary>
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
