using Npgsql;
using StrongCitiesPortal.Content.Contracts;

namespace StrongCitiesPortal.Content.Persistence;

/// <summary>
/// A change's own PostgreSQL connection and transaction (Umbraco's infrastructure scope's <c>Database</c>): what a
/// handler writes with it commits or rolls back with the change. Only for handlers that own tables of their own
/// (reviews, the webhook queue, media, the import journal); the engine's tables stay the engine's.
/// </summary>
public sealed class ChangeDatabase
{
    internal ChangeDatabase(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    /// <summary>A command on the change's connection, inside its transaction.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);
}

/// <summary>The storage side's way into a change: the explicit opt-in of a handler that writes its own tables with it.</summary>
public static class ChangeScopeDatabase
{
    /// <summary>The connection and transaction <paramref name="scope"/>'s change runs in.</summary>
    public static ChangeDatabase Database(this IChangeScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope is ContentScope own
            ? own.Database
            : throw new ArgumentException("This scope is not a change of the content engine: it has no database transaction.", nameof(scope));
    }
}
