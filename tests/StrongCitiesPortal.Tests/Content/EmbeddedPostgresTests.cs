using Npgsql;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Tests.Content;

/// <summary>The embedded server as the portal starts it: durable, with a password, and shared rather than stopped by a second start.</summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Category("Database")]
public sealed class EmbeddedPostgresTests
{
    private string _folder = "";
    private EmbeddedPostgres _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"scp-embedded-{Guid.NewGuid():N}");
        _server = new EmbeddedPostgres(_folder);
        await _server.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.StopAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [TestCase("fsync", "on")]
    [TestCase("full_page_writes", "on")]
    [TestCase("synchronous_commit", "on")]
    public async Task The_portals_server_writes_durably(string setting, string expected)
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var show = new NpgsqlCommand($"show {setting}", connection);

        (await show.ExecuteScalarAsync()).ShouldBe(expected);
    }

    [Test]
    public async Task Nobody_gets_in_without_the_generated_password()
    {
        var noPassword = new NpgsqlConnectionStringBuilder(_server.ConnectionString("postgres")) { Password = null, Pooling = false };
        var wrongPassword = new NpgsqlConnectionStringBuilder(_server.ConnectionString("postgres")) { Password = "portal", Pooling = false };

        foreach (var attempt in new[] { noPassword, wrongPassword })
        {
            await using var connection = new NpgsqlConnection(attempt.ConnectionString);
            var refused = await Should.ThrowAsync<Exception>(() => connection.OpenAsync());
            (refused is NpgsqlException or InvalidOperationException).ShouldBeTrue(refused.ToString());
        }
        (await File.ReadAllTextAsync(Path.Combine(_folder, "pgdata", "pg_hba.conf"))).ShouldNotContain("trust");
        await using var ok = new NpgsqlConnection(_server.ConnectionString("postgres"));
        await ok.OpenAsync();
        await using var method = new NpgsqlCommand("select rolpassword like 'SCRAM-SHA-256$%' from pg_authid where rolname = 'portal'", ok);
        (await method.ExecuteScalarAsync()).ShouldBe(true);
    }

    [Test]
    public void The_password_file_and_the_socket_directory_are_private()
    {
        var password = File.ReadAllText(_server.PasswordFile).Trim();
        password.Length.ShouldBeGreaterThanOrEqualTo(40);
        File.GetUnixFileMode(_server.PasswordFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(Path.Combine(_folder, "socket")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.GetFiles(Path.Combine(_folder, "socket"), ".s.PGSQL.*").ShouldNotBeEmpty();
        File.GetUnixFileMode(_folder).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Test]
    public async Task A_second_start_on_the_same_folder_uses_the_running_server_and_leaves_it_running()
    {
        await using var first = new NpgsqlConnection(_server.ConnectionString("postgres") + ";Pooling=false");
        await first.OpenAsync();

        var second = new EmbeddedPostgres(_folder);
        await second.StartAsync();
        second.Port.ShouldBe(_server.Port);
        second.OwnsServer.ShouldBeFalse();
        await using (var joined = new NpgsqlConnection(second.ConnectionString("postgres") + ";Pooling=false"))
        {
            await joined.OpenAsync();
            await using var ping = new NpgsqlCommand("select 1", joined);
            (await ping.ExecuteScalarAsync()).ShouldBe(1);
        }
        await second.StopAsync();

        // The first process's connection (and server) survived the second start and the second stop.
        await using var still = new NpgsqlCommand("select 2", first);
        (await still.ExecuteScalarAsync()).ShouldBe(2);
    }

    [Test]
    public async Task A_second_start_that_cannot_use_the_running_server_refuses_with_a_clear_message()
    {
        var passwordFile = _server.PasswordFile;
        var password = await File.ReadAllTextAsync(passwordFile);
        var mode = File.GetUnixFileMode(passwordFile);
        try
        {
            await File.WriteAllTextAsync(passwordFile, "not-the-password");
            var second = new EmbeddedPostgres(_folder);

            var refused = await Should.ThrowAsync<InvalidOperationException>(() => second.StartAsync());

            refused.Message.ShouldContain("is already running on");
            refused.Message.ShouldContain("Stop the other portal");
        }
        finally
        {
            await File.WriteAllTextAsync(passwordFile, password);
            File.SetUnixFileMode(passwordFile, mode);
        }
        await using var first = new NpgsqlConnection(_server.ConnectionString("postgres") + ";Pooling=false");
        await first.OpenAsync();
    }
}
