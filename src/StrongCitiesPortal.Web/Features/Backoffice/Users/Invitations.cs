using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Web.Features.Backoffice.Access;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;
using StrongCitiesPortal.Web.Features.Backoffice.Mail;

namespace StrongCitiesPortal.Web.Features.Backoffice.Users;

public sealed record Invitation(Guid Id, string Email, string Role, Guid? CityKey, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt, DateTimeOffset? RevokedAt)
{
    public bool IsOpen(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && ExpiresAt > now;
}

public sealed record InvitationResult(bool Succeeded, IReadOnlyList<string> Errors, Invitation? Invitation = null, BackofficeUser? User = null)
{
    public static InvitationResult Fail(params string[] errors) => new(false, errors);
}

/// <summary>
/// Sign-up links sent by e-mail: valid for a week (by default), used once, bound to a role and, for a
/// city editor, to one member city.
/// </summary>
public sealed class Invitations(
    PortalDatabase database,
    IContentService content,
    UserManager<BackofficeUser> users,
    IMailSender mail,
    AuditLog audit,
    IOptions<BackofficeOptions> options,
    TimeProvider clock)
{
    /// <summary>The address invitation links start with (see <see cref="BackofficeOptions.LinkBase"/>).</summary>
    public string? LinkBase() => options.Value.LinkBase();

    public const string NoPublicUrl =
        "Invitations cannot be sent until the portal knows its public address: an administrator sets Portal:Backoffice:PublicUrl " +
        "(for example https://portal.example.org) in the portal's configuration. The links in invitations are built from it alone.";

    public async Task<InvitationResult> InviteAsync(BackofficeIdentity inviter, string email, string role, Guid? cityKey, CancellationToken cancellationToken = default)
    {
        if (LinkBase() is not { } linkBase)
            return InvitationResult.Fail(NoPublicUrl);
        email = email.Trim();
        var errors = new List<string>();
        if (!IsEmail(email))
            errors.Add("Enter the e-mail address to invite, such as name@city.gov.");
        if (!BackofficeRoles.IsKnown(role))
            errors.Add("Choose a role.");
        else if (!inviter.IsAdministrator && role != BackofficeRoles.CityEditor)
            errors.Add("Only an administrator can invite staff; Editors invite city editors.");
        if (role == BackofficeRoles.CityEditor)
        {
            var city = cityKey is { } k ? await content.GetAsync(k, cancellationToken) : null;
            if (city is null || city.Trashed || city.ContentType != ContentAccess.MemberCityType)
                errors.Add("Choose the member city the focal point will look after.");
        }
        else
        {
            cityKey = null;
        }
        if (errors.Count == 0 && await users.FindByEmailAsync(email) is not null)
            errors.Add($"{email} already has an account.");
        if (errors.Count > 0)
            return new InvitationResult(false, errors);

        var token = Tokens.New();
        var now = clock.GetUtcNow();
        var invitation = new Invitation(Guid.NewGuid(), email, role, cityKey, inviter.UserName, now, now + options.Value.InvitationLifetime, null, null);
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // A new invitation replaces any earlier one still open for the same address.
            await using (var revoke = new NpgsqlCommand(
                "update bo_invitation set revoked_at = @now where lower(email) = lower(@email) and accepted_at is null and revoked_at is null", connection, transaction))
            {
                revoke.Parameters.AddWithValue("now", now);
                revoke.Parameters.AddWithValue("email", email);
                await revoke.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var insert = new NpgsqlCommand("""
                insert into bo_invitation (id, email, role, city_key, token_hash, created_by, created_at, expires_at)
                values (@id, @email, @role, @city, @hash, @by, @now, @expires)
                """, connection, transaction))
            {
                insert.Parameters.AddWithValue("id", invitation.Id);
                insert.Parameters.AddWithValue("email", email);
                insert.Parameters.AddWithValue("role", role);
                insert.Parameters.Add(new NpgsqlParameter("city", NpgsqlDbType.Uuid) { Value = (object?)cityKey ?? DBNull.Value });
                insert.Parameters.AddWithValue("hash", Tokens.Hash(token));
                insert.Parameters.AddWithValue("by", inviter.UserName);
                insert.Parameters.AddWithValue("now", now);
                insert.Parameters.AddWithValue("expires", invitation.ExpiresAt);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            await audit.WriteAsync(connection, transaction, invitation.Id, "invite", inviter.UserName,
                $"{email} as {BackofficeRoles.DisplayName(role)}" + (cityKey is null ? "" : $" for city {cityKey}"), cancellationToken: cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var cityName = cityKey is { } key ? (await content.GetAsync(key, cancellationToken))?.Name("en") : null;
        var link = $"{linkBase}/backoffice/invitation?token={token}";
        var body = $"""
            Hello,

            {inviter.DisplayName} has invited you to the Strong Cities Network portal as {(cityName is null ? BackofficeRoles.DisplayName(role).ToLowerInvariant() : $"the focal point for {cityName}")}.
            {(cityName is null ? "" : $"You will be able to keep {cityName}'s profile and good practices up to date; SCN staff review changes before they go live.\n")}
            Choose your password here (the link works once, until {invitation.ExpiresAt:d MMMM yyyy HH:mm} UTC):

            {link}

            If you did not expect this message you can ignore it.
            """;
        try
        {
            await mail.SendAsync(email, "Your invitation to the Strong Cities Network portal", body, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Mail.SmtpException or IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // A link nobody received must not stay usable: withdraw it and say so.
            await RevokeAsync(invitation.Id, inviter.UserName, $"the mail server refused it: {ex.Message}", cancellationToken);
            return new InvitationResult(false, [$"The invitation e-mail to {email} could not be sent ({ex.Message}); nothing was sent and the link is withdrawn. Try again later, or ask an administrator to check the mail settings."]);
        }
        return new InvitationResult(true, [], invitation);
    }

    private async Task RevokeAsync(Guid id, string user, string why, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var revoke = new NpgsqlCommand("update bo_invitation set revoked_at = @now where id = @id", connection, transaction))
        {
            revoke.Parameters.AddWithValue("id", id);
            revoke.Parameters.AddWithValue("now", clock.GetUtcNow());
            await revoke.ExecuteNonQueryAsync(cancellationToken);
        }
        await audit.WriteAsync(connection, transaction, id, "invite-not-sent", user, why, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<Invitation?> FindAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
            return null;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select id, email, role, city_key, created_by, created_at, expires_at, accepted_at, revoked_at from bo_invitation where token_hash = @hash", connection);
        command.Parameters.AddWithValue("hash", Tokens.Hash(token));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Invitation>> RecentAsync(int take = 50, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select id, email, role, city_key, created_by, created_at, expires_at, accepted_at, revoked_at from bo_invitation order by created_at desc limit @take", connection);
        command.Parameters.AddWithValue("take", take);
        var list = new List<Invitation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(Read(reader));
        return list;
    }

    /// <summary>Creates the account the invitation was for, once; the invitation is used up in the same step.</summary>
    public async Task<InvitationResult> AcceptAsync(string token, string displayName, string password, CancellationToken cancellationToken = default)
    {
        var invitation = await FindAsync(token, cancellationToken);
        if (invitation is null)
            return InvitationResult.Fail("This invitation link is not valid. Ask the person who invited you for a new one.");
        var now = clock.GetUtcNow();
        if (invitation.AcceptedAt is not null)
            return InvitationResult.Fail("This invitation has already been used. Sign in with the password you chose.");
        if (invitation.RevokedAt is not null)
            return InvitationResult.Fail("This invitation was replaced by a newer one. Use the link in the latest e-mail.");
        if (invitation.ExpiresAt <= now)
            return InvitationResult.Fail($"This invitation expired on {invitation.ExpiresAt:d MMMM yyyy}. Ask for a new one.");
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 200)
            return InvitationResult.Fail("Enter your name (at most 200 characters).");

        // Claim the invitation first, so two submissions of the same link cannot both create an account.
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        await using (var claim = new NpgsqlCommand(
            "update bo_invitation set accepted_at = @now where id = @id and accepted_at is null and revoked_at is null and expires_at > @now", connection))
        {
            claim.Parameters.AddWithValue("now", now);
            claim.Parameters.AddWithValue("id", invitation.Id);
            if (await claim.ExecuteNonQueryAsync(cancellationToken) != 1)
                return InvitationResult.Fail("This invitation has already been used.");
        }

        var user = new BackofficeUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            DisplayName = displayName.Trim(),
            CityKey = invitation.CityKey,
            CreatedAt = now,
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded)
            created = await users.AddToRoleAsync(user, invitation.Role);
        if (!created.Succeeded)
        {
            if (user.Id is not null && await users.FindByIdAsync(user.Id) is { } partial)
                await users.DeleteAsync(partial);
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var release = new NpgsqlCommand("update bo_invitation set accepted_at = null where id = @id", connection);
            release.Parameters.AddWithValue("id", invitation.Id);
            await release.ExecuteNonQueryAsync(cancellationToken);
            return new InvitationResult(false, created.Errors.Select(e => e.Description).ToList());
        }

        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        await using (var link = new NpgsqlCommand("update bo_invitation set accepted_user_id = @user where id = @id", connection))
        {
            link.Parameters.AddWithValue("user", user.Id);
            link.Parameters.AddWithValue("id", invitation.Id);
            await link.ExecuteNonQueryAsync(cancellationToken);
        }
        await audit.WriteAsync(invitation.Id, "invitation-accept", invitation.Email,
            $"account created as {BackofficeRoles.DisplayName(invitation.Role)}" + (invitation.CityKey is null ? "" : $" for city {invitation.CityKey}"),
            cancellationToken: cancellationToken);
        return new InvitationResult(true, [], invitation, user);
    }

    private static Invitation Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
        reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8));

    public static bool IsEmail(string value) =>
        value.Length is > 3 and <= 256 && MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);
}
