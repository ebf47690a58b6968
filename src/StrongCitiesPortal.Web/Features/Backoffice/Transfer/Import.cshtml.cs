using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.Features.Backoffice.Transfer;

/// <summary>
/// Editors import a file into a document type below a parent. The upload is streamed to disk (see
/// <see cref="ImportUpload"/>), so this page checks the antiforgery token itself as the body arrives.
/// </summary>
[Authorize(Policy = Policies.Publishers)]
[IgnoreAntiforgeryToken]
public sealed class ImportModel(
    ImportJobs jobs,
    DocumentTypeRegistry types,
    ContentTree tree,
    IAntiforgery antiforgery,
    IOptions<TransferOptions> options,
    IOptions<PortalContentOptions> content) : BackofficePageModel
{
    public const string Root = "root";

    public IReadOnlyList<DocumentType> Types { get; private set; } = [];
    public IReadOnlyList<TreeNode> Parents { get; private set; } = [];
    public IReadOnlyList<string> Cultures => content.Value.EffectiveCultures;
    public IReadOnlyList<ImportJob> Recent { get; private set; } = [];
    public IReadOnlyList<StrongCitiesPortal.Transfer.Import.ImportRun> Interrupted { get; private set; } = [];
    public List<string> Errors { get; } = [];
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public string? SelectedType { get; private set; }
    public string? SelectedParent { get; private set; }
    public bool DryRun { get; private set; } = true;
    public bool Force { get; private set; }
    public IReadOnlyList<string> SelectedPublish { get; private set; } = [];

    public string TypeName(string alias) => types.Find(alias)?.Name ?? alias;

    public IEnumerable<string> AllowedChildren(string alias) => (types.Find(alias)?.AllowedChildTypes ?? []).Select(TypeName);

    public async Task OnGetAsync(string? type, string? parent)
    {
        SelectedType = type;
        SelectedParent = parent;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var folder = jobs.NewUploadFolder();
        try
        {
            var upload = await ImportUpload.ReceiveAsync(HttpContext, folder, options.Value, antiforgery);
            var fields = upload.Fields;
            SelectedType = Field(fields, "type");
            SelectedParent = Field(fields, "parent");
            DryRun = Field(fields, "mode") != "import";
            Force = Field(fields, "force") == "true";
            SelectedPublish = fields.GetValueOrDefault("publish").Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).Distinct(StringComparer.Ordinal).ToList();
            await LoadAsync();

            var type = SelectedType is null ? null : types.Find(SelectedType);
            if (type is null || type.IsElement)
                Errors.Add(SelectedType is null ? "Choose the document type the records become." : $"There is no document type '{SelectedType}' to import into: choose one from the list.");
            (Guid? Key, string Name)? parent = null;
            var snapshot = await tree.LoadAsync();
            if (SelectedParent is null or "")
            {
                Errors.Add("Choose where the new items go (their parent).");
            }
            else if (SelectedParent == Root)
            {
                if (type is { AllowedAtRoot: false })
                    Errors.Add($"A '{type.Name}' cannot be at the root of the tree: choose a parent that holds it.");
                parent = (null, "the root of the tree");
            }
            else if (!Guid.TryParse(SelectedParent, out var parentKey) || snapshot.Get(parentKey) is not { Trashed: false } node)
            {
                Errors.Add("The parent you chose does not exist (any more): choose another.");
            }
            else
            {
                var parentType = types.Find(node.ContentType);
                if (type is not null && parentType?.AllowedChildTypes.Contains(type.Alias, StringComparer.Ordinal) != true)
                    Errors.Add($"'{node.Name(Cultures[0])}' (a {parentType?.Name ?? node.ContentType}) cannot hold a '{type.Name}': choose a parent that can.");
                parent = (node.Key, $"'{node.Name(Cultures[0])}'");
            }
            var unknownCultures = SelectedPublish.Where(c => !Cultures.Contains(c, StringComparer.Ordinal)).ToList();
            if (unknownCultures.Count > 0)
                Errors.Add($"'{string.Join("', '", unknownCultures)}' is not one of the portal's languages.");
            if (Errors.Count > 0)
                return Refused(StatusCodes.Status400BadRequest);

            var (format, description) = await ImportUpload.PrepareAsync(upload, folder, options.Value, HttpContext.RequestAborted);
            var job = await jobs.EnqueueAsync(new ImportJobRequest(folder, description, format, type!.Alias, parent!.Value.Key, parent.Value.Name, DryRun, Force, SelectedPublish), Me.UserName);
            return Redirect($"/backoffice/import/{job.Id}");
        }
        catch (UploadException ex)
        {
            Errors.Add(ex.Message);
            if (Types.Count == 0)
                await LoadAsync();
            return Refused(ex.Status);
        }
        catch (Exception) when (Cleanup(folder))
        {
            throw;
        }

        IActionResult Refused(int status)
        {
            Cleanup(folder);
            Response.StatusCode = status;
            return Page();
        }
    }

    private static string? Field(IReadOnlyDictionary<string, StringValues> fields, string name) =>
        fields.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value) ? value[^1]?.Trim() : null;

    private static bool Cleanup(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the clean-up of old uploads.
        }
        return false;
    }

    private async Task LoadAsync()
    {
        Types = types.All.Where(t => !t.IsElement).OrderBy(t => t.Name, StringComparer.CurrentCulture).ToList();
        var snapshot = await tree.LoadAsync();
        // Only places that can hold something, in the backoffice tree's order.
        var parents = new List<TreeNode>();
        void Walk(IEnumerable<TreeNode> nodes)
        {
            foreach (var node in nodes.Where(n => types.Find(n.ContentType)?.AllowedChildTypes.Count > 0))
            {
                parents.Add(node);
                Walk(snapshot.Children(node.Key));
            }
        }
        Walk(snapshot.Roots);
        Parents = parents;
        Recent = jobs.Recent(10);
        Interrupted = await jobs.InterruptedAsync();
    }
}
