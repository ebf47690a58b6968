using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StrongCitiesPortal.Tests.Web;

namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>The data-protection keys that sign the backoffice's cookies are encrypted before they reach PostgreSQL.</summary>
[Category("Database")]
public sealed class KeyEncryptionTests
{
    [Test]
    public async Task With_a_key_encryption_key_the_stored_keys_are_encrypted_and_another_instance_reads_them()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await AssertEncryptedAtRestAsync("keyaes", new Dictionary<string, string?> { ["Portal:DataProtection:KeyEncryptionKey"] = key },
            new Dictionary<string, string?> { ["Portal:DataProtection:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
    }

    [Test]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_another_instance_reads_them()
    {
        var folder = Directory.CreateTempSubdirectory("scp-cert-").FullName;
        try
        {
            var pfx = Path.Combine(folder, "keys.pfx");
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=portal data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
                await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
            }
            await AssertEncryptedAtRestAsync("keycert", new Dictionary<string, string?>
            {
                ["Portal:DataProtection:CertificatePath"] = pfx,
                ["Portal:DataProtection:CertificatePassword"] = "pfx-password",
            }, wrongSettings: null);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void A_key_that_is_not_32_bytes_of_base64_stops_the_portal_with_the_setting_named()
    {
        using var portal = new PortalFactory("Host=127.0.0.1;Port=1", settings: new Dictionary<string, string?>
        {
            ["Portal:DataProtection:KeyEncryptionKey"] = "too-short",
        });
        Exception? refused = null;
        try
        {
            _ = portal.Server;
        }
        catch (Exception ex)
        {
            refused = ex;
        }

        refused.ShouldNotBeNull().ToString().ShouldContain("Portal:DataProtection:KeyEncryptionKey must be 32 random bytes");
    }

    private static async Task AssertEncryptedAtRestAsync(string hint, Dictionary<string, string?> settings, Dictionary<string, string?>? wrongSettings)
    {
        string protectedText;
        string connectionString;
        await using (var first = await PortalFactory.StartAsync(hint, settings: settings))
        {
            connectionString = first.ConnectionString;
            protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("the secret");
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var keys = new NpgsqlCommand("select string_agg(xml, '') from bo_data_protection_key", connection);
            var xml = (string)(await keys.ExecuteScalarAsync())!;
            xml.ShouldContain("encryptedSecret");
            xml.ShouldNotContain("<masterKey");
        }

        // A second instance with the same key or certificate reads the key ring back from the database.
        await using (var second = new PortalFactory(connectionString, settings: settings))
            second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText).ShouldBe("the secret");

        if (wrongSettings is not null)
        {
            await using var wrong = new PortalFactory(connectionString, settings: wrongSettings);
            Should.Throw<CryptographicException>(() => wrong.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText));
        }
    }
}
