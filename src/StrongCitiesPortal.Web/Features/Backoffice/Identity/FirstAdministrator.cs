using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Backoffice.Identity;

/// <summary>
/// At start-up: the roles exist, and there is an administrator, either the one configured or, failing that,
/// one created through a one-time set-up link printed to the log. There is never a default password.
/// </summary>
public sealed class FirstAdministrator(
    IServiceProvider services,
    PortalDatabase database,
    IOptions<AdminOptions> admin,
    IOptions<BackofficeOptions> options,
    IHostApplicationLifetime lifetime,
    IServer server,
    TimeProvider clock,
    StartupWork startup,
    ILogger<FirstAdministrator> logger) : IHostedService
{
    // Any constant: several instances starting at once create the roles and the administrator only once.
    private const long LockId = 0x5C_0B_0FF1CE;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Done once the roles and the administrator are in place. The public site does not wait for it (the identity
    /// store's first use builds its model, seconds on a busy machine); the backoffice's requests do, and ask for it.
    /// </summary>
    public Task Ready => _ready.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            // After the first page (or a few seconds after the start): on a small machine the parts it needs (the
            // published cache, the search index) and its own first rendering would otherwise share the processor with
            // the identity store's first use. A backoffice request lets it go at once (StartupWork.Needed).
            await startup.AfterFirstAnswerAsync(TimeSpan.FromSeconds(3));
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await EnsureAsync(cancellationToken);
                _ready.TrySetResult();
                logger.LogInformation("Backoffice roles and administrator ready in {Elapsed} ms",
                    (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception ex)
            {
                logger.LogCritical(ex, "The backoffice's roles and administrator could not be prepared; the backoffice answers 503 until a restart");
                _ready.TrySetException(ex);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_lock(@id)", connection))
        {
            lockCommand.Parameters.AddWithValue("id", LockId);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await using var scope = services.CreateAsyncScope();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in BackofficeRoles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                    Check(await roles.CreateAsync(new IdentityRole(role)), $"create the role {role}");
            }

            var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
            if ((await users.GetUsersInRoleAsync(BackofficeRoles.Administrator)).Count > 0)
                return;

            var configured = admin.Value;
            if (!string.IsNullOrWhiteSpace(configured.Email) && !string.IsNullOrEmpty(configured.Password))
            {
                var user = new BackofficeUser
                {
                    UserName = configured.Email.Trim(),
                    Email = configured.Email.Trim(),
                    EmailConfirmed = true,
                    DisplayName = "Administrator",
                    CreatedAt = clock.GetUtcNow(),
                    LockoutEnabled = true,
                };
                Check(await users.CreateAsync(user, configured.Password), $"create the administrator {configured.Email} from Portal:Admin");
                Check(await users.AddToRoleAsync(user, BackofficeRoles.Administrator), "give the administrator its role");
                logger.LogInformation("Created the administrator {Email} from configuration (Portal:Admin:Email).", user.Email);
                return;
            }

            var token = await IssueSetupTokenAsync(connection, cancellationToken);
            lifetime.ApplicationStarted.Register(() => PrintSetupLink(token));
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(@id)", connection);
            unlock.Parameters.AddWithValue("id", LockId);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<string> IssueSetupTokenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var token = Tokens.New();
        var now = clock.GetUtcNow();
        await using var command = new NpgsqlCommand("""
            delete from bo_setup_token where used_at is null;
            insert into bo_setup_token (token_hash, created_at, expires_at) values (@hash, @now, @expires);
            """, connection);
        command.Parameters.AddWithValue("hash", Tokens.Hash(token));
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("expires", now + options.Value.SetupLinkLifetime);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return token;
    }

    private void PrintSetupLink(string token)
    {
        var baseUrl = options.Value.PublicUrl.TrimEnd('/');
        if (baseUrl.Length == 0)
            baseUrl = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/') ?? "";
        logger.LogWarning(
            "No administrator exists yet. Open {Link} within {Hours} hours to create one (or set Portal:Admin:Email and Portal:Admin:Password and restart).",
            $"{baseUrl}/backoffice/setup?token={token}", options.Value.SetupLinkLifetime.TotalHours);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}

/// <summary>Random one-time tokens for links; only their SHA-256 is stored.</summary>
public static class Tokens
{
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
