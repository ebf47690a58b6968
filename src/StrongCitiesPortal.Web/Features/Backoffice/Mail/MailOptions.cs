namespace StrongCitiesPortal.Web.Features.Backoffice.Mail;

public sealed class MailOptions
{
    public const string Section = "Portal:Mail";

    public string From { get; set; } = "Strong Cities Network <no-reply@strongcitiesnetwork.org>";

    /// <summary>Where messages are written as .eml files when no SMTP host is set; under the data folder by default.</summary>
    public string PickupFolder { get; set; } = "";

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public bool EnableSsl { get; set; } = true;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
}
