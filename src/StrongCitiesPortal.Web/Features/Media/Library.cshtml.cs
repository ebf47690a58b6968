using Microsoft.AspNetCore.Mvc;
using StrongCitiesPortal.Web.Features.Backoffice;

namespace StrongCitiesPortal.Web.Features.Media;

/// <summary>The media library in the backoffice: browse folders, upload, create folders, search.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = 64 * 1024 * 1024)]
[RequestSizeLimit(64 * 1024 * 1024)]
public sealed class LibraryModel(MediaLibrary library) : BackofficePageModel
{
    public MediaItem? Folder { get; private set; }
    public IReadOnlyList<MediaItem> Ancestors { get; private set; } = [];
    public IReadOnlyList<MediaItem> Items { get; private set; } = [];
    public string? Search { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? folder, string? q) => await LoadAsync(folder, q) ?? Page();

    public async Task<IActionResult> OnPostUploadAsync(Guid? folder, IFormFile? file, string? name, string? altText)
    {
        if (await LoadAsync(folder, null) is { } missing)
            return missing;
        if (file is null || file.Length == 0)
            return Fail(["Choose a file to upload."]);
        // The upload is read from its temporary file, which is seekable, so its content can be inspected.
        await using var stream = file.OpenReadStream();
        var result = await library.UploadAsync(stream, file.FileName, name, altText, folder, Me.UserName, HttpContext.RequestAborted);
        if (!result.Succeeded)
            return Fail(result.Errors);
        Flash = $"Uploaded “{result.Item!.Name}”.";
        return Redirect(folder is null ? "/backoffice/media" : $"/backoffice/media?folder={folder}");
    }

    public async Task<IActionResult> OnPostFolderAsync(Guid? folder, string? name)
    {
        if (await LoadAsync(folder, null) is { } missing)
            return missing;
        var result = await library.CreateFolderAsync(name, folder, Me.UserName);
        if (!result.Succeeded)
            return Fail(result.Errors);
        Flash = $"Created the folder “{result.Item!.Name}”.";
        return Redirect($"/backoffice/media?folder={result.Item.Key}");
    }

    private IActionResult Fail(IReadOnlyList<string> errors)
    {
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid? folder, string? search)
    {
        if (folder is { } key)
        {
            Folder = await library.GetAsync(key);
            if (Folder is not { IsFolder: true })
                return NotFound();
            Ancestors = await library.AncestorsAsync(key);
        }
        Search = search?.Trim();
        Items = string.IsNullOrEmpty(Search)
            ? await library.ChildrenAsync(folder)
            : await library.ListAsync(new MediaQuery(Search: Search, Take: 200));
        return null;
    }

    public static string Size(long? bytes) => bytes switch
    {
        null => "",
        >= 1024 * 1024 => $"{bytes / 1024d / 1024d:0.#} MB",
        _ => $"{Math.Max(1, bytes.Value / 1024)} KB",
    };
}
