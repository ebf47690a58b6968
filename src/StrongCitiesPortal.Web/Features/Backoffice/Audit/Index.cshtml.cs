
namespace StrongCitiesPortal.Web.Features.Backoffice.Audit;

/// <summary>The audit log, newest first, filtered by person, action or item.</summary>
public sealed class IndexModel(AuditLog audit) : BackofficePageModel
{
    public const int PageSize = 100;

    public IReadOnlyList<AuditRecord> Records { get; private set; } = [];
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public string? UserFilter { get; private set; }
    public string? ActionFilter { get; private set; }
    public Guid? Subject { get; private set; }

    public async Task OnGetAsync(string? user, string? action, Guid? subject, long? before)
    {
        UserFilter = user;
        ActionFilter = action;
        Subject = subject;
        Actions = await audit.ActionsAsync();
        Records = await audit.QueryAsync(new AuditQuery(user, action, subject, before, PageSize));
    }
}
