using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace StrongCitiesPortal.Web.Features.Backoffice.Identity;

/// <summary>
/// Identity's tables in the portal's PostgreSQL, named like the rest of the schema (bo_user, user_name, ...).
/// The schema itself comes from the module's SQL migration, not from EF: see Migrations/0001_identity.sql.
/// </summary>
public sealed class BackofficeDbContext(DbContextOptions<BackofficeDbContext> options) : IdentityDbContext<BackofficeUser>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<BackofficeUser>(user =>
        {
            user.ToTable("bo_user");
            user.Property(u => u.DisplayName).HasMaxLength(200);
        });
        builder.Entity<IdentityRole>().ToTable("bo_role");
        builder.Entity<IdentityUserRole<string>>().ToTable("bo_user_role");
        builder.Entity<IdentityUserClaim<string>>().ToTable("bo_user_claim");
        builder.Entity<IdentityUserLogin<string>>().ToTable("bo_user_login");
        builder.Entity<IdentityUserToken<string>>().ToTable("bo_user_token");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("bo_role_claim");

        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.Name));
            foreach (var key in entity.GetKeys())
                key.SetName(SnakeCase(key.GetName()!));
            foreach (var foreignKey in entity.GetForeignKeys())
                foreignKey.SetConstraintName(SnakeCase(foreignKey.GetConstraintName()!));
            foreach (var index in entity.GetIndexes())
                index.SetDatabaseName($"ix_{entity.GetTableName()}_{string.Join("_", index.Properties.Select(p => p.GetColumnName()))}");
        }
    }

    internal static string SnakeCase(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                    result.Append('_');
                result.Append(char.ToLowerInvariant(c));
            }
            else
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }
}
