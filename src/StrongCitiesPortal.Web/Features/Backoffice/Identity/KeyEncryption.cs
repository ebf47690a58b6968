using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace StrongCitiesPortal.Web.Features.Backoffice.Identity;

/// <summary>How the data-protection keys are encrypted before they are stored in PostgreSQL (<c>Portal:DataProtection</c>).</summary>
public sealed class KeyEncryptionOptions
{
    public const string Section = "Portal:DataProtection";

    /// <summary>A 256-bit key, base64: the key ring is encrypted with it (AES-GCM). Set it from the environment.</summary>
    public string KeyEncryptionKey { get; set; } = "";

    /// <summary>A PKCS#12 (.pfx) file whose certificate encrypts the key ring; it needs its private key to read it back.</summary>
    public string CertificatePath { get; set; } = "";

    public string CertificatePassword { get; set; } = "";
}

/// <summary>
/// Keeps the key ring (which signs the backoffice's cookies and tokens) encrypted at rest, so reading the database is
/// not enough to forge a sign-in. Without a key or certificate the keys are stored as they are, and the log says so.
/// </summary>
public static class KeyEncryption
{
    public static IDataProtectionBuilder ProtectKeysFromConfiguration(this IDataProtectionBuilder builder, IConfiguration configuration, string contentRoot)
    {
        var settings = configuration.GetSection(KeyEncryptionOptions.Section).Get<KeyEncryptionOptions>() ?? new KeyEncryptionOptions();
        builder.Services.AddOptions<KeyEncryptionOptions>().BindConfiguration(KeyEncryptionOptions.Section);
        if (settings.CertificatePath.Length > 0)
        {
            var path = Path.GetFullPath(settings.CertificatePath, contentRoot);
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword.Length == 0 ? null : settings.CertificatePassword);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"{KeyEncryptionOptions.Section}:CertificatePath: '{path}' could not be read as a .pfx with its private key ({ex.Message}).", ex);
            }
            if (!certificate.HasPrivateKey)
                throw new InvalidOperationException($"{KeyEncryptionOptions.Section}:CertificatePath: '{path}' has no private key, so the keys it encrypts could never be read back.");
            builder.ProtectKeysWithCertificate(certificate);
            builder.UnprotectKeysWithAnyCertificate(certificate);
        }
        else if (settings.KeyEncryptionKey.Length > 0)
        {
            var key = AesGcmKeyEncryptor.ParseKey(settings.KeyEncryptionKey);
            builder.Services.AddOptions<KeyManagementOptions>().Configure(o => o.XmlEncryptor = new AesGcmKeyEncryptor(key));
        }
        builder.Services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory>((o, loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(KeyEncryption).FullName!);
            if (o.XmlEncryptor is null)
                logger.LogWarning(
                    "The data-protection keys (they sign the backoffice's cookies and tokens) are stored UNENCRYPTED in PostgreSQL. " +
                    "Set {Section}:KeyEncryptionKey (32 random bytes, base64) or {Section}:CertificatePath to encrypt them at rest",
                    KeyEncryptionOptions.Section, KeyEncryptionOptions.Section);
            else
                logger.LogInformation("The data-protection keys are encrypted at rest ({Encryptor})", o.XmlEncryptor.GetType().Name);
        });
        return builder;
    }
}

/// <summary>Encrypts a key's XML with AES-256-GCM under the configured key encryption key.</summary>
public sealed class AesGcmKeyEncryptor(byte[] key) : IXmlEncryptor
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] ParseKey(string base64)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            key = [];
        }
        if (key.Length != 32)
            throw new InvalidOperationException($"{KeyEncryptionOptions.Section}:KeyEncryptionKey must be 32 random bytes in base64 (for example: openssl rand -base64 32).");
        return key;
    }

    /// <summary>Names the key without revealing it, so a wrong key is told apart from damaged data.</summary>
    public static string KeyId(byte[] key) => Convert.ToHexString(SHA256.HashData(key))[..16];

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        var element = new XElement("aesGcmEncryptedKey", new XAttribute("keyId", KeyId(key)), Convert.ToBase64String(sealedBytes));
        return new EncryptedXmlInfo(element, typeof(AesGcmKeyDecryptor));
    }
}

/// <summary>Reads back what <see cref="AesGcmKeyEncryptor"/> wrote; created by the data-protection system from the stored XML.</summary>
public sealed class AesGcmKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var configured = services.GetRequiredService<IOptions<KeyEncryptionOptions>>().Value.KeyEncryptionKey;
        if (configured.Length == 0)
            throw new InvalidOperationException($"A data-protection key is encrypted, and {KeyEncryptionOptions.Section}:KeyEncryptionKey is not set.");
        var key = AesGcmKeyEncryptor.ParseKey(configured);
        if ((string?)encryptedElement.Attribute("keyId") != AesGcmKeyEncryptor.KeyId(key))
            throw new InvalidOperationException($"A data-protection key was encrypted with another {KeyEncryptionOptions.Section}:KeyEncryptionKey than the one configured.");
        var sealedBytes = Convert.FromBase64String(encryptedElement.Value);
        var plain = new byte[sealedBytes.Length - 28];
        using (var aes = new AesGcm(key, 16))
            aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), plain);
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}
