using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StrongCitiesPortal.Content.Persistence;

/// <summary>
/// A private PostgreSQL server run from the machine's installed binaries, for when no connection
/// string is configured. Data lives under <see cref="DataDirectory"/>; the server listens on loopback only.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    public const string SuperUser = "portal";

    private readonly ILogger _logger;
    private bool _started;

    public EmbeddedPostgres(string dataDirectory, ILogger? logger = null)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        _logger = logger ?? NullLogger.Instance;
    }

    public string DataDirectory { get; }
    public int Port { get; private set; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={SuperUser};Database={database};Pooling=true;Maximum Pool Size=50;Timeout=30;Command Timeout=120";

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

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
            return;
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries were found under /usr/lib/postgresql (install postgresql-15), " +
            "or set ConnectionStrings:Portal to use an existing server.");
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        var pgData = Path.Combine(DataDirectory, "pgdata");
        Directory.CreateDirectory(DataDirectory);

        if (!File.Exists(Path.Combine(pgData, "PG_VERSION")))
        {
            Directory.CreateDirectory(pgData);
            if (runAs is not null)
                await RunAsync("chown", ["-R", $"{runAs}:{runAs}", DataDirectory], null, cancellationToken);
            _logger.LogInformation("Creating a private PostgreSQL cluster in {Directory}", pgData);
            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", pgData, "-A", "trust", "-U", SuperUser, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                runAs, cancellationToken);
        }
        else if (runAs is not null)
        {
            await RunAsync("chown", ["-R", $"{runAs}:{runAs}", DataDirectory], null, cancellationToken);
        }

        var pidFile = Path.Combine(pgData, "postmaster.pid");
        if (File.Exists(pidFile))
        {
            // A server left behind by a process that died; stop it so this one owns the cluster.
            await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", pgData, "-m", "immediate", "stop"], runAs, cancellationToken, throwOnError: false);
        }

        Port = FreePort();
        var options = $"-p {Port} -k {pgData} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200 -c shared_buffers=256MB";
        _logger.LogInformation("Starting private PostgreSQL on 127.0.0.1:{Port}", Port);
        await RunAsync(Path.Combine(bin, "pg_ctl"),
            ["-D", pgData, "-o", options, "-l", Path.Combine(DataDirectory, "postgres.log"), "-w", "-t", "60", "start"],
            runAs, cancellationToken);
        _started = true;
    }

    public async Task StopAsync()
    {
        if (!_started)
            return;
        _started = false;
        var bin = FindBinaries();
        if (bin is null)
            return;
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(DataDirectory, "pgdata"), "-m", "fast", "-w", "stop"],
            runAs, CancellationToken.None, throwOnError: false);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, string? runAs, CancellationToken cancellationToken, bool throwOnError = true)
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
    }
}
