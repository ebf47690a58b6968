using Microsoft.EntityFrameworkCore;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Tests.Backoffice;

public sealed class TmpScript
{
    [Test]
    public void Print()
    {
        using var db = new BackofficeDbContext(new DbContextOptionsBuilder<BackofficeDbContext>().UseNpgsql("Host=localhost").Options);
        File.WriteAllText("/tmp/identity.sql", db.Database.GenerateCreateScript());
    }
}
