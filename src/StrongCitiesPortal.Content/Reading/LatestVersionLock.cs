using Npgsql;

namespace StrongCitiesPortal.Content.Reading;

/// <summary>Holds an item's latest version still while the caller records something about exactly that version.</summary>
public sealed class LatestVersionLock
{
    /// <summary>
    /// The latest version of an item not in the recycle bin, or null; the item is locked against saves, moves and
    /// publishes until <paramref name="transaction"/> ends.
    /// </summary>
    public async Task<int?> AcquireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = new NpgsqlCommand("select latest_version from cms_node where key = @key and not trashed for update", connection, transaction);
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync(cancellationToken) is int version ? version : null;
    }
}
