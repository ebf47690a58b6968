using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;

namespace StrongCitiesPortal.Web.Features.Backoffice.Mail;

/// <summary>Outgoing mail: the one seam tests may replace.</summary>
public interface IMailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken = default);
}

/// <summary>Sends through the configured SMTP server, or writes .eml files to the pickup folder when there is none.</summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options, IOptions<PortalContentOptions> content, ILogger<SmtpMailSender> logger) : IMailSender
{
    public string PickupFolder => string.IsNullOrWhiteSpace(options.Value.PickupFolder)
        ? Path.Combine(content.Value.DataPath, "mail-pickup")
        : Path.GetFullPath(options.Value.PickupFolder);

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(options.Value.Smtp.Host);

    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken = default)
    {
        using var message = new MailMessage(options.Value.From, to, subject, body)
        {
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
            // Readable in the pickup folder and by any mail client; links survive line wrapping.
            BodyTransferEncoding = System.Net.Mime.TransferEncoding.QuotedPrintable,
        };
        using var client = CreateClient();
        await client.SendMailAsync(message, cancellationToken);
        if (UsesSmtp)
            logger.LogInformation("Sent \"{Subject}\" to {To} through {Host}", subject, to, options.Value.Smtp.Host);
        else
            logger.LogInformation("Wrote \"{Subject}\" to {To} into the pickup folder {Folder}", subject, to, PickupFolder);
    }

    private SmtpClient CreateClient()
    {
        var smtp = options.Value.Smtp;
        if (!UsesSmtp)
        {
            Directory.CreateDirectory(PickupFolder);
            return new SmtpClient
            {
                DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                PickupDirectoryLocation = PickupFolder,
            };
        }
        var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        return client;
    }
}
