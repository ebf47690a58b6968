using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace StrongCitiesPortal.Content.Persistence;

public sealed record Migration(string Id, string Sql);

/// <summary>A module's schema changes, applied in the order the modules were registered, then by id.</summary>
public interface IMigrationSource
{
    string Module { get; }
    IEnumerable<Migration> Migrations { get; }
}

/// <summary>Reads <c>.sql</c> files embedded in an assembly under a resource-name prefix.</summary>
public sealed class EmbeddedMigrationSource(string module, Assembly assembly, string resourcePrefix) : IMigrationSource
{
    public string Module { get; } = module;

    public IEnumerable<Migration> Migrations =>
        assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                var name = n[resourcePrefix.Length..^".sql".Length];
                return new Migration($"{Module}/{name}", reader.ReadToEnd());
            });
}

public sealed class MigrationRunner(IEnumerable<IMigrationSource> sources, ILogger<MigrationRunner> logger)
{
    // Any constant works; it only has to be the same for every instance of the portal.
    private const long LockId = 0x5C_0A_7A1;

    public async Task<IReadOnlyList<string>> RunAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_lock(@id)", connection))
        {
            lockCommand.Parameters.AddWithValue("id", LockId);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await using (var create = new NpgsqlCommand(
                "create table if not exists portal_migrations (id text primary key, applied_at timestamptz not null default now())", connection))
                await create.ExecuteNonQueryAsync(cancellationToken);

            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var read = new NpgsqlCommand("select id from portal_migrations", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    applied.Add(reader.GetString(0));
            }

            var ran = new List<string>();
            foreach (var migration in sources.SelectMany(s => s.Migrations))
            {
                if (applied.Contains(migration.Id))
                    continue;
                logger.LogInformation("Applying migration {Migration}", migration.Id);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
                    await apply.ExecuteNonQueryAsync(cancellationToken);
                await using (var record = new NpgsqlCommand("insert into portal_migrations (id) values (@id)", connection, transaction))
                {
                    record.Parameters.AddWithValue("id", migration.Id);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                ran.Add(migration.Id);
            }
            return ran;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(@id)", connection);
            unlock.Parameters.AddWithValue("id", LockId);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
