using Microsoft.AspNetCore.Identity;
using Npgsql;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Web.Features.Backoffice.Users;

/// <summary>The one-time link printed at first start: it creates the first administrator, once.</summary>
public sealed class SetupLinks(PortalDatabase database, UserManager<BackofficeUser> users, AuditLog audit, TimeProvider clock)
{
    public async Task<bool> IsValidAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
            return false;
        if ((await users.GetUsersInRoleAsync(BackofficeRoles.Administrator)).Count > 0)
            return false;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select 1 from bo_setup_token where token_hash = @hash and used_at is null and expires_at > @now", connection);
        command.Parameters.AddWithValue("hash", Tokens.Hash(token));
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<InvitationResult> CreateAdministratorAsync(string token, string email, string displayName, string password, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        if (!Invitations.IsEmail(email))
            return InvitationResult.Fail("Enter your e-mail address, such as name@strongcitiesnetwork.org.");
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 200)
            return InvitationResult.Fail("Enter your name (at most 200 characters).");
        if (!await IsValidAsync(token, cancellationToken))
            return InvitationResult.Fail("This set-up link is no longer valid. Restart the portal to print a new one.");

        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        await using (var claim = new NpgsqlCommand("update bo_setup_token set used_at = @now where token_hash = @hash and used_at is null", connection))
        {
            claim.Parameters.AddWithValue("now", clock.GetUtcNow());
            claim.Parameters.AddWithValue("hash", Tokens.Hash(token));
            if (await claim.ExecuteNonQueryAsync(cancellationToken) != 1)
                return InvitationResult.Fail("This set-up link has already been used.");
        }
        var user = new BackofficeUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName.Trim(),
            CreatedAt = clock.GetUtcNow(),
            LockoutEnabled = true,
        };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
            result = await users.AddToRoleAsync(user, BackofficeRoles.Administrator);
        if (!result.Succeeded)
        {
            if (await users.FindByEmailAsync(email) is { } partial)
                await users.DeleteAsync(partial);
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var release = new NpgsqlCommand("update bo_setup_token set used_at = null where token_hash = @hash", connection);
            release.Parameters.AddWithValue("hash", Tokens.Hash(token));
            await release.ExecuteNonQueryAsync(cancellationToken);
            return new InvitationResult(false, result.Errors.Select(e => e.Description).ToList());
        }
        await audit.WriteAsync(Guid.TryParse(user.Id, out var id) ? id : Guid.Empty, "setup-administrator", email, "first administrator created through the set-up link",
            cancellationToken: cancellationToken);
        return new InvitationResult(true, [], null, user);
    }
}
