using Npgsql;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Tests;

/// <summary>One real PostgreSQL server for the whole test run; each fixture gets its own database.</summary>
[SetUpFixture]
public sealed class TestPostgres
{
    private static EmbeddedPostgres? _server;
    private static int _counter;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ModelPath => Path.Combine(RepositoryRoot, "umbraco");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // A throw-away cluster: the fast, non-durable settings are for it alone.
        _server = new EmbeddedPostgres(Path.Combine(Path.GetTempPath(), $"scp-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"), nonDurable: true);
        await _server.StartAsync();
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
        var server = _server ?? throw new InvalidOperationException("The test PostgreSQL server is not running.");
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
