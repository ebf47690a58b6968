using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Transfer.Export;
using StrongCitiesPortal.Transfer.Import;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;

namespace StrongCitiesPortal.Web.Features.Backoffice.Transfer;

/// <summary>Editors take everything out: records as JSON Lines or CSV, or the whole site as a .zip, streamed as they are read.</summary>
[Authorize(Policy = Policies.Publishers)]
public sealed class ExportModel(ExportService export, SiteTransfer site, DocumentTypeRegistry types, AuditLog audit, TimeProvider clock) : BackofficePageModel
{
    public IReadOnlyList<DocumentType> Types { get; private set; } = [];
    public string? Error { get; private set; }

    public void OnGet() => Load();

    public async Task<IActionResult> OnGetDownloadAsync(string? format, string? type, bool history)
    {
        Load();
        type = string.IsNullOrWhiteSpace(type) ? null : type.Trim();
        if (format is not ("jsonl" or "csv" or "site"))
            return Fail("Choose what to export: JSON Lines, CSV or the whole site.");
        if (type is not null && format != "site" && types.Find(type) is not { IsElement: false })
            return Fail($"There is no document type '{type}': choose one from the list.");
        if (format == "csv" && type is null)
            return Fail("A CSV file holds one document type: choose which.");

        var stamp = clock.GetUtcNow().ToString("yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture);
        var (fileName, contentType) = format switch
        {
            "site" => ($"site-{stamp}.zip", "application/zip"),
            "csv" => ($"{type}-{stamp}.csv", "text/csv; charset=utf-8"),
            _ => ($"{type ?? "content"}-{stamp}.jsonl", "application/jsonl; charset=utf-8"),
        };
        await audit.WriteAsync(Guid.Empty, "export", Me.UserName,
            $"{(format == "site" ? "the whole site (.zip)" : $"{(type is null ? "all content" : $"'{type}'")} as {(format == "csv" ? "CSV" : "JSON Lines")}")}{(history ? " with history" : "")}");

        // Written as it is read: the response starts at once and nothing is built in memory.
        Response.ContentType = contentType;
        Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName, DispositionType = "attachment" }.ToString();
        var body = Response.Body;
        var aborted = HttpContext.RequestAborted;
        if (format == "site")
            await site.ExportZipAsync(body, history, aborted);
        else
            await export.WriteAsync(format == "csv" ? ImportFormat.Csv : ImportFormat.JsonLines, body, type, history, aborted);
        return new EmptyResult();
    }

    private IActionResult Fail(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private void Load() => Types = types.All.Where(t => !t.IsElement).OrderBy(t => t.Name, StringComparer.CurrentCulture).ToList();
}
