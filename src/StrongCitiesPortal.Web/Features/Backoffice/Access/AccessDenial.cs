using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Web.Features.Backoffice.Access;

/// <summary>
/// Every refused backoffice request ends here (through the cookie's access-denied event): a 403 page,
/// a warning in the log and a line in the audit log naming who tried what.
/// </summary>
public sealed class AccessDenial(AuditLog audit, ILogger<AccessDenial> logger)
{
    private const string DetailKey = "scp:denied";

    /// <summary>Remembers what was refused, for the audit line written when the 403 goes out.</summary>
    public static void Describe(HttpContext context, string operation, Guid? subject) =>
        context.Items[DetailKey] = (operation, subject);

    public async Task RespondAsync(HttpContext context)
    {
        var user = BackofficeIdentity.From(context.User);
        var (operation, subject) = context.Items.TryGetValue(DetailKey, out var described) && described is ValueTuple<string, Guid?> d
            ? d
            : ("open", null);
        var where = $"{context.Request.Method} {context.Request.Path}";
        logger.LogWarning("Refused: {User} may not {Operation} {Subject} ({Request}) from {Address}",
            user?.UserName ?? "anonymous", operation, subject?.ToString() ?? "-", where, context.Connection.RemoteIpAddress);
        await audit.WriteAsync(subject ?? Guid.Empty, "access-denied", user?.UserName ?? "anonymous",
            $"{operation}: {where} from {context.Connection.RemoteIpAddress}", cancellationToken: CancellationToken.None);

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Not allowed · Backoffice</title></head>
            <body><main><h1>You may not do this</h1>
            <p>Your account does not give you access to this item or action. The attempt has been recorded.</p>
            <p><a href="/backoffice">Back to the backoffice</a></p></main></body></html>
            """);
    }
}
