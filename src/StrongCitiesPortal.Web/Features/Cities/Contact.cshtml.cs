using System.Globalization;
using System.Net.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Mail;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Cities;

/// <summary>
/// "Contact this city": a visitor writes to a member city's focal point without ever seeing their address.
/// The message is relayed by e-mail, kept in the audit log, and never shown back or copied to the sender.
/// </summary>
public sealed class ContactModel(
    PublishedContentCache cache,
    ContentRouter router,
    SitePage site,
    CityContactLimiter limiter,
    IMailSender mail,
    AuditLog audit,
    ILogger<ContactModel> logger) : PageModel
{
    public const int MaxMessage = 5000;

    public string CityName { get; private set; } = "";
    public string? CityUrl { get; private set; }
    public string Culture => site.Culture;
    public bool Sent { get; private set; }
    public List<string> Errors { get; } = [];

    [BindProperty]
    public string? SenderName { get; set; }

    [BindProperty]
    public string? SenderEmail { get; set; }

    [BindProperty]
    public string? Message { get; set; }

    /// <summary>The honeypot: hidden from people, filled in by form-filling robots.</summary>
    [BindProperty]
    public string? Website { get; set; }

    public IActionResult OnGet(Guid key, string? culture, bool sent = false)
    {
        if (Load(key, culture) is null)
            return NotFound();
        Sent = sent;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid key, string? culture, CancellationToken cancellationToken)
    {
        var focalPoint = Load(key, culture);
        if (focalPoint is null)
            return NotFound();
        var text = site.Text;
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!limiter.TryAcquire(client, out var retryAfter))
        {
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            Errors.Add(text["You have sent several messages in a short time. Please try again later."]);
            return Refused(StatusCodes.Status429TooManyRequests);
        }
        if (!string.IsNullOrEmpty(Website))
        {
            // Answered as if sent, so a robot learns nothing; nothing is mailed.
            await audit.WriteAsync(key, "city-contact-refused", "public", $"honeypot filled, from {client}", cancellationToken: cancellationToken);
            return SentRedirect(key);
        }

        var name = SenderName?.Trim() ?? "";
        var email = SenderEmail?.Trim() ?? "";
        var message = Message?.Trim() ?? "";
        if (name.Length is 0 or > 200 || name.Any(char.IsControl))
            Errors.Add(text["Give your name (up to 200 characters)."]);
        if (!IsAddress(email))
            Errors.Add(text["Give an e-mail address the city can answer to."]);
        if (message.Length is < 10 or > MaxMessage)
            Errors.Add(text["Write a message of 10 to 5,000 characters."]);
        if (Errors.Count > 0)
            return Refused(StatusCodes.Status400BadRequest);

        var body = $"""
            A visitor to the Strong Cities Network portal wrote to {CityName}'s focal point.
            Answer them directly at their address; yours has not been shown to them.

            From: {name} <{email}>

            {message}
            """;
        try
        {
            await mail.SendAsync(focalPoint, $"Message for {CityName} through the Strong Cities portal", body, cancellationToken);
        }
        catch (Exception ex) when (ex is SmtpException or IOException or InvalidOperationException)
        {
            logger.LogError(ex, "A message for {City} could not be sent.", CityName);
            Errors.Add(text["The message could not be sent just now. Please try again later."]);
            return Refused(StatusCodes.Status503ServiceUnavailable);
        }
        await audit.WriteAsync(key, "city-contact", "public", $"from {name} <{email}> at {client}: {message}", cancellationToken: cancellationToken);
        return SentRedirect(key);
    }

    private IActionResult SentRedirect(Guid key) =>
        Redirect($"/contact-city/{key}?sent=true" + (Culture == router.DefaultCulture ? "" : $"&culture={Culture}"));

    private IActionResult Refused(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>The city's focal-point address, or null when the city is not live or cannot be contacted.</summary>
    private string? Load(Guid key, string? culture)
    {
        site.Reset(culture is not null && router.Cultures.Contains(culture) ? culture : router.DefaultCulture);
        if (cache.Get(key) is not { ContentType: PortalContent.City } city || router.Url(key, site.Culture) is not { } url)
            return null;
        var address = PortalContent.Facts(city).Text("focalPointEmail");
        if (!IsAddress(address))
            return null;
        CityName = router.NameOf(key, site.Culture);
        CityUrl = url;
        site.Title = site.Text["Contact this city"] + " · " + CityName;
        site.NoIndex = true;
        return address;
    }

    private static bool IsAddress(string? value) =>
        value is { Length: > 3 and <= 254 } && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value && string.IsNullOrEmpty(parsed.DisplayName);
}
