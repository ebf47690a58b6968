namespace StrongCitiesPortal.Web.Features.Backoffice.Audit;

/// <summary>The audit log, newest first, filtered by person, action or item (by name, or by key from a link).</summary>
public sealed class IndexModel(AuditLog audit) : BackofficePageModel
{
    public const int PageSize = 100;

    public IReadOnlyList<AuditRecord> Records { get; private set; } = [];
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public string? UserFilter { get; private set; }
    public string? ActionFilter { get; private set; }
    public Guid? Subject { get; private set; }
    public string? ItemFilter { get; private set; }

    /// <summary>The name of the item the log is filtered to, when it was chosen by a link.</summary>
    public string? SubjectName => Subject is null ? null : Records.FirstOrDefault()?.SubjectName;

    public async Task OnGetAsync(string? user, string? action, Guid? subject, string? item, long? before)
    {
        UserFilter = user;
        ActionFilter = action;
        // A pasted key works as well as a name.
        if (Guid.TryParse(item?.Trim(), out var key))
        {
            subject = key;
            item = null;
        }
        Subject = subject;
        ItemFilter = item?.Trim() is { Length: > 0 and <= 200 } name ? name : null;
        Actions = await audit.ActionsAsync();
        Records = await audit.QueryAsync(new AuditQuery(user, action, subject, before, PageSize, ItemFilter));
    }

    public string OlderLink() =>
        "?" + string.Join("&", new[]
        {
            UserFilter is null ? null : $"user={Uri.EscapeDataString(UserFilter)}",
            ActionFilter is null ? null : $"action={Uri.EscapeDataString(ActionFilter)}",
            Subject is null ? null : $"subject={Subject}",
            ItemFilter is null ? null : $"item={Uri.EscapeDataString(ItemFilter)}",
            $"before={Records[^1].Id}",
        }.OfType<string>());
}
