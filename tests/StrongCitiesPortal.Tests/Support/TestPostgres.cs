using Npgsql;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Tests;

/// <summary>
/// One real PostgreSQL server for the whole test run, started by the first test that asks for a database (so a run
/// of unit tests alone starts none); each fixture gets its own database.
/// </summary>
[SetUpFixture]
public sealed class TestPostgres
{
    private static readonly SemaphoreSlim Starting = new(1, 1);
    private static EmbeddedPostgres? _server;
    private static int _counter;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ModelPath => Path.Combine(RepositoryRoot, "umbraco");

    private static async Task<EmbeddedPostgres> ServerAsync()
    {
        if (Volatile.Read(ref _server) is { } running)
            return running;
        await Starting.WaitAsync();
        try
        {
            if (_server is null)
            {
                // A throw-away cluster: the fast, non-durable settings are for it alone.
                var server = new EmbeddedPostgres(Path.Combine(Path.GetTempPath(), $"scp-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"), nonDurable: true);
                await server.StartAsync();
                Volatile.Write(ref _server, server);
            }
            return _server;
        }
        finally
        {
            Starting.Release();
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is null)
            return;
        await _server.StopAsync();
        try
        {
            Directory.Delete(_server.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>A new, empty database on the shared server.</summary>
    public static async Task<string> CreateDatabaseAsync(string hint = "db")
    {
        var server = await ServerAsync();
        var name = $"t{Interlocked.Increment(ref _counter)}_{new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray())}";
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return server.ConnectionString(name);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StrongCitiesPortal.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Could not find the repository root above " + AppContext.BaseDirectory);
    }
}
