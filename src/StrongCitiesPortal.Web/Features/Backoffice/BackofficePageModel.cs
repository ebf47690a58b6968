using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StrongCitiesPortal.Web.Features.Backoffice.Access;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Web.Features.Backoffice;

/// <summary>What every signed-in backoffice page needs: who is asking, and a way to refuse them.</summary>
public abstract class BackofficePageModel : PageModel
{
    private BackofficeIdentity? _me;

    public BackofficeIdentity Me => _me ??= BackofficeIdentity.From(User)
        ?? throw new InvalidOperationException("Backoffice pages require a signed-in user.");

    /// <summary>A 403, logged and audited with what was asked for.</summary>
    protected IActionResult Refuse(ContentOperation operation, Guid? subject) => Refuse(operation.ToString(), subject);

    protected IActionResult Refuse(string operation, Guid? subject)
    {
        AccessDenial.Describe(HttpContext, operation, subject);
        return Forbid();
    }

    [TempData]
    public string? Flash { get; set; }
}
