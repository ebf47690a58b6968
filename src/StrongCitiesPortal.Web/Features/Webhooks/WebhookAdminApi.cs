using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Web.Features.Webhooks;

/// <summary>
/// Administrators' API for webhooks, under the backoffice (<c>/backoffice/api/webhooks</c>, where its sign-in cookie
/// goes), behind the "Administrator" policy. Changes made with that cookie need the backoffice's antiforgery token
/// (<c>RequestVerificationToken</c> header). A backoffice page can sit on top of it.
/// </summary>
public static partial class WebhookAdminApi
{
    public const string BasePath = "/backoffice/api/webhooks";

    public static RouteGroupBuilder MapWebhookAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath)
            .WithTags("Webhooks")
            .RequireAuthorization(WebhookExtensions.AdministratorPolicy)
            .AddEndpointFilter(AntiforgeryForCookies)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("", List).WithName("GetWebhooks").WithSummary("Lists the registered webhooks.");
        group.MapGet("events", Events).WithName("GetWebhookEvents").WithSummary("Lists the events a webhook can be registered for.");
        group.MapGet("logs", AllLogs).WithName("GetWebhookLogs").WithSummary("Lists every webhook's delivery attempts, newest first.");
        group.MapGet("{id:guid}", Get).WithName("GetWebhook").WithSummary("Gets a webhook.");
        group.MapPost("", Create).WithName("CreateWebhook").WithSummary("Registers a webhook; the answer carries its signing secret, shown this once.");
        group.MapPut("{id:guid}", Update).WithName("UpdateWebhook").WithSummary("Changes a webhook (its secret stays).");
        group.MapDelete("{id:guid}", Delete).WithName("DeleteWebhook").WithSummary("Removes a webhook, its queue and its log.");
        group.MapPost("{id:guid}/secret", RotateSecret).WithName("RotateWebhookSecret").WithSummary("Replaces a webhook's signing secret.");
        group.MapGet("{id:guid}/logs", Logs).WithName("GetWebhookLogsById").WithSummary("Lists one webhook's delivery attempts, newest first.");
        group.MapGet("{id:guid}/deliveries", Deliveries).WithName("GetWebhookDeliveries").WithSummary("Lists one webhook's queued and finished deliveries.");
        return group;
    }

    public sealed record WebhookRequest(
        string? Url, bool? Enabled, string? Name, string? Description,
        IReadOnlyList<string>? Events, IReadOnlyList<string>? ContentTypeAliases, IReadOnlyDictionary<string, string>? Headers, Guid? Id = null);

    public sealed record WebhookResponse(
        Guid Id, string? Name, string? Description, string Url, bool Enabled,
        IReadOnlyList<WebhookEvent> Events, IReadOnlyList<string> ContentTypeAliases, IReadOnlyDictionary<string, string> Headers,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public sealed record CreatedWebhookResponse(WebhookResponse Webhook, string Secret);

    public sealed record SecretResponse(string Secret);

    public sealed record Paged<T>(long Total, IReadOnlyList<T> Items);

    public static async Task<Ok<Paged<WebhookResponse>>> List(WebhookStore store, int? skip, int? take, CancellationToken cancellationToken)
    {
        var (total, items) = await store.ListAsync(Math.Max(0, skip ?? 0), Math.Clamp(take ?? 100, 0, 500), cancellationToken);
        return TypedResults.Ok(new Paged<WebhookResponse>(total, items.Select(Response).ToList()));
    }

    public static Ok<IReadOnlyList<WebhookEvent>> Events() => TypedResults.Ok(WebhookEvents.All);

    public static async Task<Results<Ok<WebhookResponse>, NotFound>> Get(WebhookStore store, Guid id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } webhook ? TypedResults.Ok(Response(webhook)) : TypedResults.NotFound();

    public static async Task<Results<Created<CreatedWebhookResponse>, ValidationProblem, ProblemHttpResult>> Create(
        WebhookStore store, DocumentTypeRegistry types, WebhookTargets targets, WebhookRequest request, CancellationToken cancellationToken)
    {
        if (await ValidateAsync(request, types, targets, cancellationToken) is { } errors)
            return TypedResults.ValidationProblem(errors, title: "The webhook is not valid");
        var id = request.Id ?? Guid.NewGuid();
        if (await store.CreateAsync(id, Draft(request), cancellationToken) is not var (webhook, secret))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A webhook with this id already exists", detail: $"Webhook {id} is already registered; update it instead.");
        return TypedResults.Created($"{BasePath}/{webhook.Id}", new CreatedWebhookResponse(Response(webhook), secret));
    }

    public static async Task<Results<Ok<WebhookResponse>, ValidationProblem, NotFound>> Update(
        WebhookStore store, DocumentTypeRegistry types, WebhookTargets targets, Guid id, WebhookRequest request, CancellationToken cancellationToken)
    {
        if (await ValidateAsync(request, types, targets, cancellationToken) is { } errors)
            return TypedResults.ValidationProblem(errors, title: "The webhook is not valid");
        if (await store.GetAsync(id, cancellationToken) is not { } existing)
            return TypedResults.NotFound();
        // A header sent back as the API showed it (hidden) keeps the value it has.
        var headers = (request.Headers ?? new Dictionary<string, string>()).ToDictionary(h => h.Key,
            h => h.Value == WebhookHeaders.Hidden && existing.Headers.TryGetValue(h.Key, out var kept) ? kept : h.Value);
        return await store.UpdateAsync(id, Draft(request with { Headers = headers }), cancellationToken) is { } webhook ? TypedResults.Ok(Response(webhook)) : TypedResults.NotFound();
    }

    public static async Task<Results<NoContent, NotFound>> Delete(WebhookStore store, Guid id, CancellationToken cancellationToken) =>
        await store.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Results<Ok<SecretResponse>, NotFound>> RotateSecret(WebhookStore store, Guid id, CancellationToken cancellationToken) =>
        await store.RotateSecretAsync(id, cancellationToken) is { } secret ? TypedResults.Ok(new SecretResponse(secret)) : TypedResults.NotFound();

    public static async Task<Ok<Paged<WebhookLogEntry>>> AllLogs(WebhookStore store, int? skip, int? take, CancellationToken cancellationToken)
    {
        var (total, items) = await store.LogsAsync(null, Math.Max(0, skip ?? 0), Math.Clamp(take ?? 100, 0, 500), cancellationToken);
        return TypedResults.Ok(new Paged<WebhookLogEntry>(total, items));
    }

    public static async Task<Results<Ok<Paged<WebhookLogEntry>>, NotFound>> Logs(WebhookStore store, Guid id, int? skip, int? take, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is null)
            return TypedResults.NotFound();
        var (total, items) = await store.LogsAsync(id, Math.Max(0, skip ?? 0), Math.Clamp(take ?? 100, 0, 500), cancellationToken);
        return TypedResults.Ok(new Paged<WebhookLogEntry>(total, items));
    }

    public static async Task<Results<Ok<IReadOnlyList<WebhookDeliveryState>>, NotFound>> Deliveries(WebhookStore store, Guid id, int? take, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is null)
            return TypedResults.NotFound();
        return TypedResults.Ok(await store.DeliveriesAsync(id, Math.Clamp(take ?? 100, 0, 500), cancellationToken));
    }

    /// <summary>
    /// A change asked for with the sign-in cookie must carry the antiforgery token, so no other site can make one in
    /// an administrator's name. Reads, and callers signed in some other way (no ambient cookie), need none.
    /// </summary>
    private static async ValueTask<object?> AntiforgeryForCookies(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.User.Identity?.AuthenticationType == Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme)
        {
            try
            {
                await context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().ValidateRequestAsync(context);
            }
            catch (Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token",
                    detail: "Send the backoffice's antiforgery token in the RequestVerificationToken header.");
            }
        }
        return await next(invocation);
    }

    private static WebhookDraft Draft(WebhookRequest request) => new(
        string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim(),
        string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
        request.Url!.Trim(),
        request.Enabled ?? true,
        request.Events!.Distinct(StringComparer.Ordinal).ToList(),
        (request.ContentTypeAliases ?? []).Distinct(StringComparer.Ordinal).ToList(),
        request.Headers ?? new Dictionary<string, string>());

    private static WebhookResponse Response(Webhook webhook) => new(
        webhook.Id, webhook.Name, webhook.Description, webhook.Url, webhook.Enabled,
        webhook.Events.Select(e => WebhookEvents.Find(e) ?? new WebhookEvent(e, e, "")).ToList(),
        webhook.ContentTypes, WebhookHeaders.Hide(webhook.Headers), webhook.CreatedAt, webhook.UpdatedAt);

    private static async Task<Dictionary<string, string[]>?> ValidateAsync(WebhookRequest request, DocumentTypeRegistry types, WebhookTargets targets, CancellationToken cancellationToken)
    {
        var errors = Validate(request, types);
        if (errors?.ContainsKey("url") != true && await targets.CheckRegistrationAsync(new Uri(request.Url!.Trim()), cancellationToken) is { } refused)
            (errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal))["url"] = [refused];
        return errors;
    }

    /// <summary>What to fix, per field; null when the request is fine.</summary>
    internal static Dictionary<string, string[]>? Validate(WebhookRequest request, DocumentTypeRegistry types)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Url)
            || !Uri.TryCreate(request.Url.Trim(), UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(url.UserInfo))
            errors["url"] = ["Give an absolute http:// or https:// address, without a user name or password in it."];
        else if (request.Url.Length > 2000)
            errors["url"] = ["The address is longer than 2000 characters."];
        if (request.Events is not { Count: > 0 })
            errors["events"] = ["Choose at least one event: " + string.Join(", ", WebhookEvents.All.Select(e => e.Alias)) + "."];
        else if (request.Events.FirstOrDefault(e => WebhookEvents.Find(e) is null) is { } unknown)
            errors["events"] = [$"'{unknown}' is not an event; choose from " + string.Join(", ", WebhookEvents.All.Select(e => e.Alias)) + "."];
        if (request.ContentTypeAliases?.FirstOrDefault(a => types.Find(a) is null && !WebhookEvents.MediaTypes.Contains(a, StringComparer.Ordinal)) is { } type)
            errors["contentTypeAliases"] = [$"There is no document type or media type ({string.Join(", ", WebhookEvents.MediaTypes)}) '{type}'."];
        if (request.Name is { Length: > 255 })
            errors["name"] = ["The name is longer than 255 characters."];
        if (request.Description is { Length: > 2000 })
            errors["description"] = ["The description is longer than 2000 characters."];
        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            if (!HeaderName().IsMatch(name))
                errors["headers"] = [$"'{name}' is not a valid header name."];
            else if (WebhookHeaders.Reserved.Contains(name))
                errors["headers"] = [$"The header '{name}' is set by the portal and cannot be overridden."];
            else if (value is null || value.Length > 4000 || value.Any(c => c is '\r' or '\n' or '\0'))
                errors["headers"] = [$"The value of '{name}' must be one line of at most 4000 characters."];
        }
        return errors.Count == 0 ? null : errors;
    }

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")]
    private static partial Regex HeaderName();
}
