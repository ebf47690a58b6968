using Microsoft.Extensions.Logging;
using Npgsql;

namespace StrongCitiesPortal.Content.Persistence;

/// <summary>
/// The portal's PostgreSQL: the configured server, or a private one started on first use.
/// </summary>
public sealed class PortalDatabase : IAsyncDisposable
{
    private readonly string? _connectionString;
    private readonly string _dataPath;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private EmbeddedPostgres? _embedded;
    private NpgsqlDataSource? _dataSource;

    public PortalDatabase(string? connectionString, string dataPath, ILoggerFactory loggerFactory)
    {
        _connectionString = string.IsNullOrWhiteSpace(connectionString) ? null : connectionString;
        _dataPath = dataPath;
        _loggerFactory = loggerFactory;
        if (_connectionString is not null)
            _dataSource = Build(_connectionString);
    }

    public bool IsEmbedded => _connectionString is null;

    public bool IsStarted => _dataSource is not null;

    public NpgsqlDataSource DataSource =>
        _dataSource ?? throw new InvalidOperationException("The portal database has not been started yet.");

    public async Task<NpgsqlDataSource> StartAsync(CancellationToken cancellationToken = default)
    {
        if (_dataSource is not null)
            return _dataSource;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_dataSource is not null)
                return _dataSource;
            _embedded = new EmbeddedPostgres(Path.Combine(_dataPath, "postgres"), _loggerFactory.CreateLogger<EmbeddedPostgres>());
            await _embedded.StartAsync(cancellationToken);
            var dataSource = Build(_embedded.ConnectionString("portal"));
            try
            {
                // The portal's database is there after the first start: its first connection (which also reads the
                // server's types) is the one the migrations use next, without a connection to the maintenance database.
                await using var first = await dataSource.OpenConnectionAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                await EnsureDatabaseAsync(_embedded.ConnectionString("postgres"), "portal", cancellationToken);
            }
            catch
            {
                await dataSource.DisposeAsync();
                throw;
            }
            _dataSource = dataSource;
            return _dataSource;
        }
        finally
        {
            _gate.Release();
        }
    }

    public static async Task EnsureDatabaseAsync(string maintenanceConnectionString, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(maintenanceConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private NpgsqlDataSource Build(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseLoggerFactory(_loggerFactory);
        builder.EnableDynamicJson();
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
        if (_embedded is not null)
            await _embedded.DisposeAsync();
        _gate.Dispose();
    }
}
