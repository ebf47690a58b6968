using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Web.Features.Backoffice.Account;

public sealed class LogoutModel(SignInManager<BackofficeUser> signIn) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/backoffice/login");
    }
}
