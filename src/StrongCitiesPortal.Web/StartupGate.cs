using StrongCitiesPortal.Content;

namespace StrongCitiesPortal.Web;

/// <summary>
/// Marks an endpoint that answers while the instance is still starting (the health report, which says so), instead
/// of waiting at the <see cref="StartupGate"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AnswersWhileStartingAttribute : Attribute;

/// <summary>
/// The web server listens while the start work runs (<see cref="StartupWork"/>): a request that comes meanwhile is
/// routed, then held here until the published cache, the search index and the media library are ready, so it is
/// answered as soon as they are and never finds them half-read. Static files are served before the gate.
/// </summary>
public static class StartupGate
{
    public static IApplicationBuilder UseStartupGate(this IApplicationBuilder app)
    {
        var work = app.ApplicationServices.GetRequiredService<StartupWork>();
        return app.Use(async (context, next) =>
        {
            // Once started, one completed-task check and one field read per request.
            if ((!work.Ready.IsCompleted || work.Failure is not null)
                && context.GetEndpoint()?.Metadata.GetMetadata<AnswersWhileStartingAttribute>() is null
                && !await StartedAsync(work, context))
                return;
            await next(context);
        });
    }

    /// <summary>Holds the request until the start is done; false when it was aborted meanwhile or the start failed (a 503 says so).</summary>
    private static async Task<bool> StartedAsync(StartupWork work, HttpContext context)
    {
        try
        {
            await work.Ready.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return false;
        }
        if (work.Failure is null)
            return true;
        // The instance is stopping (PortalReady): say so rather than answer from a half-read cache.
        context.Response.Headers.RetryAfter = "30";
        await Results.Problem(
            title: "The portal could not start.",
            detail: "This instance failed to start and is stopping; its log names the reason.",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
        return false;
    }
}
