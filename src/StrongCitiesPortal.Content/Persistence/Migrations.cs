using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace StrongCitiesPortal.Content.Persistence;

public sealed record Migration(string Id, string Sql);

/// <summary>
/// A module's schema changes. Modules are applied after the modules they depend on (otherwise in the order they were
/// registered), each module's migrations by id.
/// </summary>
public interface IMigrationSource
{
    string Module { get; }

    /// <summary>The modules whose tables this module's migrations use: they must be registered too.</summary>
    IReadOnlyList<string> DependsOn => [];

    IEnumerable<Migration> Migrations { get; }
}

/// <summary>Reads <c>.sql</c> files embedded in an assembly under a resource-name prefix.</summary>
public sealed class EmbeddedMigrationSource(string module, Assembly assembly, string resourcePrefix, params string[] dependsOn) : IMigrationSource
{
    public string Module { get; } = module;

    public IReadOnlyList<string> DependsOn { get; } = dependsOn;

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
            foreach (var migration in InDependencyOrder(sources.ToList()).SelectMany(s => s.Migrations))
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

    /// <summary>
    /// The sources with every module after the modules it depends on, registration order kept where it is free.
    /// A dependency that is not registered, or a cycle, stops the start with a message that names the modules.
    /// </summary>
    public static IReadOnlyList<IMigrationSource> InDependencyOrder(IReadOnlyList<IMigrationSource> sources)
    {
        var byModule = new Dictionary<string, IMigrationSource>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            if (!byModule.TryAdd(source.Module, source))
                throw new InvalidOperationException($"Two schema sources are registered for the module '{source.Module}'.");
        }
        foreach (var source in sources)
        {
            var missing = source.DependsOn.Where(d => !byModule.ContainsKey(d)).ToList();
            if (missing.Count > 0)
                throw new InvalidOperationException(
                    $"The module '{source.Module}' needs the schema of {string.Join(", ", missing.Select(m => $"'{m}'"))}, which is not registered in this host. " +
                    "Register that module too (every host registers the same modules); nothing was migrated.");
        }

        var ordered = new List<IMigrationSource>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: being visited, true: placed
        void Visit(IMigrationSource source, List<string> path)
        {
            if (state.TryGetValue(source.Module, out var placed))
            {
                if (!placed)
                    throw new InvalidOperationException($"The schema modules depend on one another in a circle: {string.Join(" -> ", path.Append(source.Module))}.");
                return;
            }
            state[source.Module] = false;
            path.Add(source.Module);
            foreach (var dependency in source.DependsOn)
                Visit(byModule[dependency], path);
            path.RemoveAt(path.Count - 1);
            state[source.Module] = true;
            ordered.Add(source);
        }
        foreach (var source in sources)
            Visit(source, []);
        return ordered;
    }
}
