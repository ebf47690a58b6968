using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Health;

/// <summary><c>GET /health</c>: each dependency by name with its state; 503 when one is down.</summary>
public static class HealthEndpoints
{
    public const string Path = "/health";

    public static IHostApplicationBuilder AddPortalHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddExceptionHandler<DatabaseOutageHandler>();
        builder.Services.AddHealthChecks()
            .AddCheck<StartupHealthCheck>("start")
            .AddCheck<PostgresHealthCheck>("postgresql");
        return builder;
    }

    public static WebApplication MapPortalHealth(this WebApplication app)
    {
        app.MapHealthChecks(Path, new HealthCheckOptions
        {
            ResponseWriter = WriteAsync,
            AllowCachingResponses = false,
        }).WithMetadata(new AnswersWhileStartingAttribute());
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        if (report.Status == HealthStatus.Unhealthy)
            context.Response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = new
        {
            status = report.Status.ToString(),
            down = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Key).ToList(),
            dependencies = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                milliseconds = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}

/// <summary>The instance's start work is done: the published cache read, the search index open, the media library read.</summary>
public sealed class StartupHealthCheck(StartupWork work) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!work.Ready.IsCompleted
            ? HealthCheckResult.Unhealthy("Starting: the published cache, the search index and the media library are being read.")
            : work.Failure is { } failure
                ? HealthCheckResult.Unhealthy("The start failed: " + failure.Message)
                : HealthCheckResult.Healthy("Started."));
}

/// <summary>PostgreSQL answers a query within two seconds.</summary>
public sealed class PostgresHealthCheck(PortalDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!database.IsStarted)
            return HealthCheckResult.Unhealthy("PostgreSQL has not been started yet.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(timeout.Token);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception ex) when (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested || DatabaseOutage.Is(ex))
        {
            database.DataSource.Clear();
            return HealthCheckResult.Unhealthy("PostgreSQL is not answering: " + (ex is OperationCanceledException ? "no answer within 2 seconds." : ex.Message));
        }
    }
}
