using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace StrongCitiesPortal.Content.Persistence;

/// <summary>
/// A private PostgreSQL server run from the machine's installed binaries, for when no connection
/// string is configured. Data lives under <see cref="DataDirectory"/>; the server listens on loopback only,
/// asks for a password generated on first start (kept with mode 0600 in the data folder, checked with
/// scram-sha-256), keeps its Unix socket in a private directory, and writes durably unless a throw-away
/// cluster (the tests') asks otherwise. A second process on the same data folder uses the server that is
/// already running there instead of starting (or stopping) one.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    public const string SuperUser = "portal";

    /// <summary>The generated password's file, beside the cluster.</summary>
    public const string PasswordFileName = "password";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly ILogger _logger;
    private readonly bool _nonDurable;
    private bool _started;
    private string _password = "";

    /// <param name="nonDurable">
    /// Runs with <c>fsync</c>, <c>full_page_writes</c> and <c>synchronous_commit</c> off: faster, and a power cut can
    /// lose or corrupt the data. Only for clusters thrown away afterwards (the test suite's); the portal never sets it.
    /// </param>
    public EmbeddedPostgres(string dataDirectory, ILogger? logger = null, bool nonDurable = false)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        _logger = logger ?? NullLogger.Instance;
        _nonDurable = nonDurable;
    }

    public string DataDirectory { get; }
    public int Port { get; private set; }

    /// <summary>True when this process started the server (and stops it); false when it joined one already running.</summary>
    public bool OwnsServer { get; private set; }

    public string PasswordFile => Path.Combine(DataDirectory, PasswordFileName);

    private string PgData => Path.Combine(DataDirectory, "pgdata");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = _password,
        Database = database,
        Pooling = true,
        MaxPoolSize = 50,
        Timeout = 30,
        CommandTimeout = 120,
    }.ConnectionString;

    public static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("PORTAL_PG_BIN");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "pg_ctl")))
            return configured;
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
            return null;
        return Directory.EnumerateDirectories(root)
            .Select(d => (dir: Path.Combine(d, "bin"), version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => d.version >= 15 && File.Exists(Path.Combine(d.dir, "pg_ctl")))
            .OrderByDescending(d => d.version)
            .Select(d => d.dir)
            .FirstOrDefault();
    }

    private static string? RunAs => Environment.UserName == "root" ? "postgres" : null;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
            return;
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries were found under /usr/lib/postgresql (install postgresql-15), " +
            "or set ConnectionStrings:Portal to use an existing server.");
        Directory.CreateDirectory(DataDirectory);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(DataDirectory, OwnerOnly);

        if (await TryJoinRunningServerAsync(bin, cancellationToken))
            return;

        var upgradeFromTrust = false;
        if (!File.Exists(Path.Combine(PgData, "PG_VERSION")))
        {
            Directory.CreateDirectory(PgData);
            _password = WritePasswordFile();
            await ChownAsync(cancellationToken);
            _logger.LogInformation("Creating a private PostgreSQL cluster in {Directory}", PgData);
            List<string> initdb = ["-D", PgData, "-A", "scram-sha-256", "--pwfile", PasswordFile, "-U", SuperUser, "-E", "UTF8", "--locale=C.UTF-8"];
            if (_nonDurable)
                initdb.Add("--no-sync");
            await RunAsync(Path.Combine(bin, "initdb"), initdb, RunAs, cancellationToken);
        }
        else if (File.Exists(PasswordFile))
        {
            // The ownership is put right below, with the socket's folder, in one call.
            _password = (await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim();
        }
        else
        {
            // A cluster made before passwords (initdb -A trust): started as it is once, then given a password and scram-sha-256.
            upgradeFromTrust = true;
            await ChownAsync(cancellationToken);
        }
        if (!upgradeFromTrust)
            await WriteHostBasedAuthenticationAsync(cancellationToken);

        var socketDirectory = await SocketDirectoryAsync(cancellationToken);
        // Started again after a stop: the same port, so connection strings handed out before still work.
        if (Port == 0)
            Port = FreePort();
        var options = $"-p {Port} -k {socketDirectory} -c unix_socket_permissions=0700 -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB";
        if (_nonDurable)
            options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off";
        _logger.LogInformation("Starting private PostgreSQL on 127.0.0.1:{Port}", Port);
        try
        {
            await RunAsync(Path.Combine(bin, "pg_ctl"),
                ["-D", PgData, "-o", options, "-l", Path.Combine(DataDirectory, "postgres.log"), "-w", "-t", "60", "start"],
                RunAs, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // Another process may have started the server at the same moment: then this one uses it.
            if (await TryJoinRunningServerAsync(bin, cancellationToken))
                return;
            throw;
        }
        OwnsServer = true;
        _started = true;
        if (upgradeFromTrust)
            await UpgradeFromTrustAsync(cancellationToken);
    }

    public async Task StopAsync()
    {
        if (!_started)
            return;
        _started = false;
        if (!OwnsServer)
            return;
        var bin = FindBinaries();
        if (bin is null)
            return;
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", PgData, "-m", "fast", "-w", "stop"], RunAs, CancellationToken.None, throwOnError: false);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>
    /// Uses the server another process runs on this data folder, when there is one; it is never stopped from here.
    /// Refuses clearly when that server cannot be reached with the data folder's password.
    /// </summary>
    private async Task<bool> TryJoinRunningServerAsync(string bin, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(PgData, "postmaster.pid");
        if (!File.Exists(pidFile))
            return false;
        // pg_ctl status is 0 only when the pid in the file is a live postmaster; a file left by a crash is ignored (pg_ctl start clears it).
        if (await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", PgData, "status"], RunAs, cancellationToken, throwOnError: false) != 0)
            return false;
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(pidFile, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        var pid = lines.Length > 0 ? lines[0].Trim() : "?";
        if (lines.Length < 4 || !int.TryParse(lines[3].Trim(), out var port))
            throw new InvalidOperationException($"A PostgreSQL server (pid {pid}) is starting or stopping on {PgData}. Wait a moment and start the portal again.");
        if (!File.Exists(PasswordFile))
            throw new InvalidOperationException(
                $"A PostgreSQL server (pid {pid}, port {port}) started by an older version of the portal is running on {PgData} without a password. " +
                $"Stop the process that started it (or run: pg_ctl -D {PgData} -m fast stop) and start the portal again.");
        _password = (await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim();
        Port = port;
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false;Timeout=10");
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            Port = 0;
            throw new InvalidOperationException(
                $"A PostgreSQL server (pid {pid}, port {port}) is already running on {PgData}, started by another process, and this portal cannot use it: {ex.Message} " +
                "Stop the other portal (or that server) first, or give this portal another data folder (Portal:Content:DataPath).", ex);
        }
        _logger.LogInformation(
            "Using the PostgreSQL server already running on {Directory} (pid {Pid}, 127.0.0.1:{Port}), started by another process; it is left running when this one stops",
            PgData, pid, port);
        OwnsServer = false;
        _started = true;
        return true;
    }

    private string WritePasswordFile()
    {
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(PasswordFile, options))
            writer.Write(password);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return password;
    }

    /// <summary>Password (scram-sha-256) for everyone, over the private socket and loopback alike; nothing is trusted.</summary>
    private async Task WriteHostBasedAuthenticationAsync(CancellationToken cancellationToken)
    {
        const string rules = """
            # Written by the portal at every start: every connection needs the password in ../password.
            local   all   all                 scram-sha-256
            host    all   all   127.0.0.1/32  scram-sha-256
            host    all   all   ::1/128       scram-sha-256

            """;
        var path = Path.Combine(PgData, "pg_hba.conf");
        if (File.Exists(path) && await File.ReadAllTextAsync(path, cancellationToken) == rules)
            return;
        await File.WriteAllTextAsync(path, rules, cancellationToken);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await ChownAsync(cancellationToken);
    }

    private async Task UpgradeFromTrustAsync(CancellationToken cancellationToken)
    {
        _logger.LogWarning("The private PostgreSQL cluster in {Directory} trusted every local user; it now has a generated password and scram-sha-256", PgData);
        var password = WritePasswordFile();
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false"))
        {
            await connection.OpenAsync(cancellationToken);
            await using var alter = new NpgsqlCommand($"alter role \"{SuperUser}\" password '{password}'", connection);
            await alter.ExecuteNonQueryAsync(cancellationToken);
            _password = password;
            await ChownAsync(cancellationToken);
            await WriteHostBasedAuthenticationAsync(cancellationToken);
            await using var reload = new NpgsqlCommand("select pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The Unix socket's directory: private to the server's user (a short one in the temp folder when the data folder's
    /// path is too long for a socket). The data folder (whatever was copied or written into it) and the socket's folder
    /// are given to the server's user in one call.
    /// </summary>
    private async Task<string> SocketDirectoryAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(DataDirectory, "socket");
        if (directory.Length > 80)
            directory = Path.Combine(Path.GetTempPath(), "scp-pg-" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(DataDirectory)))[..16].ToLowerInvariant());
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(directory, OwnerOnly);
        if (RunAs is { } user)
            await RunAsync("chown", ["-R", $"{user}:{user}", DataDirectory, directory], null, cancellationToken);
        return directory;
    }

    private async Task ChownAsync(CancellationToken cancellationToken)
    {
        if (RunAs is { } user)
            await RunAsync("chown", ["-R", $"{user}:{user}", DataDirectory], null, cancellationToken);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<int> RunAsync(string file, IReadOnlyList<string> arguments, string? runAs, CancellationToken cancellationToken, bool throwOnError = true)
    {
        var start = new ProcessStartInfo
        {
            FileName = runAs is null ? file : "runuser",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAs is not null)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(runAs);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(file);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        // pg_ctl leaves the server holding stdout open, so read the pipes without waiting for them to close.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 && throwOnError)
        {
            var error = await Task.WhenAny(stderr, Task.Delay(1000, cancellationToken)) == stderr ? await stderr : "";
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed with exit code {process.ExitCode}: {error.Trim()}");
        }
        _ = stdout;
        return process.ExitCode;
    }
}
