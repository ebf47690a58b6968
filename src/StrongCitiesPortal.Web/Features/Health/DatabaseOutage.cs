using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Health;

/// <summary>Tells a failure of PostgreSQL itself (down, restarting, unreachable, full) from any other error.</summary>
public static class DatabaseOutage
{
    /// <summary>What <c>Retry-After</c> says while the database is down: a restart usually takes a few seconds.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    // 08: connection exceptions; 57P01-57P03: the server is shutting down or starting; 53300: too many connections.
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300";
                case NpgsqlException:
                    // Raised by the driver itself (not the server): the connection could not be made or was lost.
                    return true;
                case SocketException or EndOfStreamException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(Is):
                    return true;
            }
        }
        return false;
    }
}

/// <summary>
/// While PostgreSQL is down, requests that need it answer 503 with <c>Retry-After</c>: APIs with a problem detail,
/// pages with the error page saying so (<c>Features/Error.cshtml</c>). Idle pooled connections are dropped, so the
/// first request after the database is back gets a fresh one.
/// </summary>
public sealed class DatabaseOutageHandler(PortalDatabase database, ILogger<DatabaseOutageHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseOutage.Is(exception))
            return false;
        logger.LogWarning("PostgreSQL is not available; {Path} answered 503", httpContext.Request.Path.Value);
        if (database.IsStarted)
            database.DataSource.Clear();
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        httpContext.Response.Headers.CacheControl = "no-store";
        if (!IsApi(httpContext.Request))
            return false; // the error page, re-executed, keeps the status and says the site is briefly unavailable
        // Written directly: an API client gets the problem detail whatever its Accept header says.
        await TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The portal's database is not available",
            detail: $"PostgreSQL is not answering (it may be restarting). Try again in {DatabaseOutage.RetryAfterSeconds} seconds.",
            type: "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4").ExecuteAsync(httpContext);
        return true;
    }

    private static bool IsApi(HttpRequest request)
    {
        // The exception handler has already pointed the request at /error: the feature keeps the path that failed.
        var path = new PathString(request.HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? request.Path.Value);
        var accept = request.Headers.Accept.ToString();
        return path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/umbraco", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/backoffice/api", StringComparison.OrdinalIgnoreCase)
            || (accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("html", StringComparison.OrdinalIgnoreCase));
    }
}
