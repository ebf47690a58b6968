using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Markdown;
using StrongCitiesPortal.Web.Features.Backoffice.Access;
using StrongCitiesPortal.Web.Features.Backoffice.Audit;
using StrongCitiesPortal.Web.Features.Backoffice.Reviews;
using StrongCitiesPortal.Web.PropertyEditors;
using ContentResult = StrongCitiesPortal.Content.Items.ContentResult;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>
/// The edit form of one item (or of a new one), generated from its document type, one culture tab at a
/// time, with the actions the signed-in user's role allows.
/// </summary>
public sealed class EditModel(
    IContentService content,
    DocumentTypeRegistry types,
    ContentTree tree,
    ReviewService reviews,
    AuditLog audit,
    MarkdownRenderer markdown,
    PropertyEditorWebCollection editors,
    IMediaChoices mediaChoices,
    ReviewMail reviewMail,
    IOptions<PortalContentOptions> options) : BackofficePageModel
{
    public ContentItem? Item { get; private set; }
    public DocumentType Type { get; private set; } = null!;
    public Guid? ParentKey { get; private set; }
    public string Culture { get; private set; } = "";
    public IReadOnlyList<string> Cultures => options.Value.EffectiveCultures;
    public string DefaultCulture => options.Value.DefaultCulture;
    public ContentData Data { get; private set; } = new();
    public int? BasedOn { get; private set; }
    public IReadOnlyList<ValidationError> Errors { get; private set; } = [];
    public ConflictNotice? Conflict { get; private set; }
    public IReadOnlyList<Review> Reviews { get; private set; } = [];
    public TreeSnapshot Tree { get; private set; } = null!;
    public EditorContext Editors { get; private set; } = null!;
    public string? Notice { get; private set; }

    public bool IsNew => Item is null;

    /// <summary>Shared (untranslated) properties are edited on the default culture's tab only.</summary>
    public bool EditsShared => !Type.VariesByCulture || Culture == DefaultCulture;
    public bool ShowsCultureTabs => Type.VariesByCulture;
    public bool Can(ContentOperation operation) => ContentAccess.Can(Me, operation, Item);

    /// <summary>Properties shown but not editable by this user (a city editor cannot change a practice's cities).</summary>
    public bool IsLocked(PropertyType property) =>
        Me.IsCityEditor && Type.Alias == ContentAccess.GoodPracticeType && property.Alias == ContentAccess.CitiesProperty;

    public sealed record ConflictNotice(int YourVersion, int TheirVersion, IReadOnlyList<ContentVersionInfo> Since, IReadOnlyList<DiffRow> TheirChanges, IReadOnlyList<string> ChangedByBoth);

    public async Task<IActionResult> OnGetAsync(Guid? key, Guid? parent, string? type, string? culture)
    {
        Culture = ValidCulture(culture);
        if (key is { } existing)
        {
            Item = await content.GetAsync(existing);
            if (Item is null)
                return NotFound();
            if (!ContentAccess.Can(Me, ContentOperation.Read, Item))
                return Refuse(ContentOperation.Read, existing);
            Type = types.Get(Item.ContentType);
            Data = Item.Data;
            BasedOn = Item.Version;
        }
        else
        {
            var placement = await PlaceNewAsync(parent, type);
            if (placement is IActionResult refusal)
                return refusal;
        }
        await LoadContextAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? key)
    {
        var form = Request.Form;
        var action = form["do"].ToString();
        Culture = ValidCulture(form["culture"]);
        ContentData basis;
        if (key is { } existing)
        {
            Item = await content.GetAsync(existing);
            if (Item is null)
                return NotFound();
            if (!ContentAccess.Can(Me, ContentOperation.Read, Item))
                return Refuse(OperationOf(action), existing);
            Type = types.Get(Item.ContentType);
            if (action is "schedule" or "unpublish" or "trash")
                return await ItemActionAsync(action, form);
            if (!int.TryParse(form["basedOn"], NumberStyles.None, CultureInfo.InvariantCulture, out var basedOn)
                || await content.GetVersionDataAsync(existing, basedOn) is not { } based)
                return BadRequest("The form does not say which version it was based on; reload the page.");
            BasedOn = basedOn;
            basis = based;
        }
        else
        {
            var placement = await PlaceNewAsync(Guid.TryParse(form["parent"], out var p) ? p : null, form["type"]);
            if (placement is IActionResult refusal)
                return refusal;
            basis = new ContentData();
        }

        IFormCollection values = form;
        if (action.StartsWith("upload:", StringComparison.Ordinal))
        {
            // Whoever may edit the item may upload from its pickers; nothing is saved until they save.
            var mayEdit = IsNew ? ContentAccess.CanCreate(Me, Type.Alias) : ContentAccess.Can(Me, ContentOperation.Save, Item);
            if (!mayEdit)
                return Refuse(ContentOperation.Save, Item?.Key);
            values = await UploadIntoFormAsync(action["upload:".Length..], form);
        }

        Data = ContentForm.Apply(Type, types, editors, basis, Culture, values, EditsShared);
        if (Me.IsCityEditor && Type.Alias == ContentAccess.GoodPracticeType)
            ContentAccess.KeepCities(Data, basis, Me.CityKey!.Value);

        if (action.StartsWith("block:", StringComparison.Ordinal) || action.StartsWith("upload:", StringComparison.Ordinal))
        {
            if (action.StartsWith("block:", StringComparison.Ordinal))
                ContentForm.ChangeBlocks(Type, Data, Culture, action["block:".Length..], types);
            await LoadContextAsync();
            if (_uploadErrors.Count > 0)
                Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var operation = OperationOf(action);
        if (operation is not (ContentOperation.Save or ContentOperation.SendForReview or ContentOperation.Publish))
            return BadRequest("Unknown action.");
        // A new item is created by the create right, and goes live only with the publish right as well.
        var allowed = IsNew
            ? ContentAccess.CanCreate(Me, Type.Alias) && (operation != ContentOperation.Publish || ContentAccess.Can(Me, ContentOperation.Publish))
            : ContentAccess.Can(Me, operation, Item);
        if (!allowed)
            return Refuse(operation, Item?.Key);
        // A city editor's city must stay named, or the item would stop being theirs (checked after the form is applied).
        if (Me.IsCityEditor && !ContentAccess.BelongsToCity(Type.Alias, Item?.Key ?? Guid.Empty, Data, Me.CityKey!.Value))
            return Refuse(operation, Item?.Key);

        var draft = new ContentDraft
        {
            Key = Item?.Key,
            ContentType = Type.Alias,
            ParentKey = IsNew ? ParentKey : null,
            Data = Data,
            BasedOnVersion = BasedOn,
            Note = Blank(form["note"]),
        };
        ContentResult result;
        string done;
        if (operation == ContentOperation.Publish)
        {
            var publish = Type.VariesByCulture
                ? form["publishCultures"].Where(c => c is not null && Cultures.Contains(c)).Select(c => c!).DefaultIfEmpty(Culture).ToList()
                : [DefaultCulture];
            // Nothing changed since the version shown: that version goes live as it is (and settles its review, if it
            // is waiting for one), rather than a copy of it.
            result = Item is not null && BasedOn == Item.Version && ContentForm.Canonical(Data) == ContentForm.Canonical(basis)
                ? await content.PublishVersionAsync(Item.Key, Item.Version, publish, Me.UserName)
                : await content.SaveAndPublishAsync(draft, publish, Me.UserName);
            done = $"Saved and published ({string.Join(", ", publish)}).";
        }
        else if (operation == ContentOperation.SendForReview || Me.IsCityEditor)
        {
            var reviewCultures = Type.VariesByCulture ? new[] { Culture } : [DefaultCulture];
            if (Item is not null && BasedOn == Item.Version && ContentForm.Canonical(Data) == ContentForm.Canonical(basis))
            {
                var id = await reviews.SubmitLatestAsync(Item.Key, reviewCultures, Me.UserName, draft.Note);
                result = ContentResult.Ok(Item);
                done = id is null ? "Nothing to send." : "Sent for review.";
                if (id is { } submitted)
                    await reviewMail.SubmittedAsync(submitted, Item.Key, reviewCultures, Me, draft.Note);
            }
            else
            {
                (result, var reviewId) = await reviews.SaveForReviewAsync(draft, reviewCultures, Me.UserName);
                done = "Saved and sent for review. SCN staff will publish it or return it with a comment.";
                if (reviewId is { } submitted && result.Succeeded)
                    await reviewMail.SubmittedAsync(submitted, result.Item!.Key, reviewCultures, Me, draft.Note);
            }
        }
        else
        {
            result = await content.SaveAsync(draft, Me.UserName);
            done = "Saved as a draft.";
            if (action == "preview" && result.Outcome == ContentOutcome.Success)
            {
                Flash = done;
                return Redirect($"/backoffice/content/{result.Item!.Key}/preview/{Culture}");
            }
        }
        return await AfterChangeAsync(result, done, basis);
    }

    private readonly Dictionary<string, IReadOnlyList<string>> _uploadErrors = new(StringComparer.Ordinal);

    /// <summary>
    /// Stores the file posted with a picker's "Upload and choose" and returns the form with it chosen in that picker,
    /// so the page comes back with everything typed so far and the new file picked. The button's value is
    /// <c>upload:{1 for a multiple picker, else 0}:{the picker's field}</c>.
    /// </summary>
    private async Task<IFormCollection> UploadIntoFormAsync(string spec, IFormCollection form)
    {
        var parts = spec.Split(':', 2);
        if (parts.Length != 2 || !parts[1].StartsWith(ContentForm.Prefix, StringComparison.Ordinal) || parts[1].Length > 400)
            return form;
        var field = parts[1];
        var file = form.Files.GetFile("upload:" + field);
        if (file is null || file.Length == 0)
        {
            _uploadErrors[field] = ["Choose a file to upload first."];
            return form;
        }
        MediaUploadResult result;
        await using (var stream = file.OpenReadStream())
            result = await mediaChoices.UploadForEditorAsync(Me, stream, file.FileName, form["uploadAlt:" + field], HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            _uploadErrors[field] = result.Errors;
            return form;
        }
        Notice = $"Uploaded “{result.Choice!.Name}” and chose it. Save to keep the choice."
            + (result.Choice.AwaitingReview ? " The file becomes public when SCN staff approve this item." : "");
        var fields = form.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var key = result.Choice.Key.ToString();
        fields[field] = parts[0] == "1"
            ? Microsoft.Extensions.Primitives.StringValues.Concat(fields.GetValueOrDefault(field), key)
            : new Microsoft.Extensions.Primitives.StringValues(key);
        return new FormCollection(fields, form.Files);
    }

    private async Task<IActionResult> ItemActionAsync(string action, IFormCollection form)
    {
        var operation = OperationOf(action);
        if (!ContentAccess.Can(Me, operation, Item))
            return Refuse(operation, Item!.Key);
        ContentResult result;
        string done;
        switch (action)
        {
            case "schedule":
                var publishAt = ParseUtc(form["publishAt"]);
                var unpublishAt = ParseUtc(form["unpublishAt"]);
                if (publishAt.Invalid || unpublishAt.Invalid)
                {
                    result = ContentResult.Invalid("Enter dates and times as shown (UTC), or leave them empty.");
                    done = "";
                    break;
                }
                // The scheduled publish publishes the version this publisher is looking at, never a later save.
                var version = int.TryParse(form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out var shown) ? shown : Item!.Version;
                if (publishAt.Value is not null && await reviews.PendingForVersionAsync(Item!.Key, version) is { } waiting)
                {
                    result = ContentResult.Invalid($"Version {version} was sent for review by {waiting.SubmittedBy} and is waiting for it: publish or return it from its review (/backoffice/reviews/{waiting.Id}) instead of scheduling it.");
                    done = "";
                    break;
                }
                result = await content.ScheduleAsync(Item!.Key, Culture, publishAt.Value, unpublishAt.Value, version, Me.UserName);
                done = publishAt.Value is null && unpublishAt.Value is null ? "Schedule cleared." : "Scheduled.";
                break;
            case "unpublish":
                result = await content.UnpublishAsync(Item!.Key, [Culture], Me.UserName);
                done = $"Unpublished ({Culture}).";
                break;
            default:
                result = await content.TrashAsync(Item!.Key, Me.UserName);
                if (result.Succeeded)
                {
                    Flash = $"“{Item.Name(DefaultCulture)}” was moved to the recycle bin.";
                    return Redirect("/backoffice/content");
                }
                done = "";
                break;
        }
        Data = Item!.Data;
        BasedOn = Item.Version;
        return await AfterChangeAsync(result, done, Item.Data);
    }

    private async Task<IActionResult> AfterChangeAsync(ContentResult result, string done, ContentData basis)
    {
        switch (result.Outcome)
        {
            case ContentOutcome.Success:
                Flash = done;
                var key = result.Item?.Key ?? Item!.Key;
                return Redirect($"/backoffice/content/{key}?culture={Culture}");
            case ContentOutcome.Conflict:
                var theirs = result.Item!;
                var merge = ConflictMerge.Merge(basis, theirs.Data, Data);
                var since = (await content.GetVersionsAsync(theirs.Key)).Where(v => v.Version > BasedOn).OrderBy(v => v.Version).ToList();
                await LoadContextAsync();
                var changes = Editors.Display.Compare(Type, basis, theirs.Data, Cultures).Where(r => r.Changed).ToList();
                Conflict = new ConflictNotice(BasedOn!.Value, theirs.Version, since, changes, merge.ChangedByBoth);
                await audit.WriteAsync(theirs.Key, "save-conflict", Me.UserName,
                    $"refused: based on version {BasedOn}, but version {theirs.Version} was saved meanwhile", from: BasedOn, to: theirs.Version);
                Data = merge.Merged;
                BasedOn = theirs.Version;
                Item = theirs;
                await LoadContextAsync();
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            case ContentOutcome.NotFound:
                return NotFound();
            default:
                Errors = result.Errors;
                await LoadContextAsync();
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }

    /// <summary>Where a new item goes, and whether this user may create it there.</summary>
    private async Task<object?> PlaceNewAsync(Guid? parent, string? type)
    {
        if (string.IsNullOrEmpty(type) || types.Find(type) is not { IsElement: false } documentType)
            return BadRequest("Choose a document type to create.");
        if (!ContentAccess.CanCreate(Me, documentType.Alias))
            return Refuse(ContentOperation.Create, parent);
        Type = documentType;
        Tree = await tree.LoadAsync();
        if (Me.IsCityEditor)
        {
            // A city's new practice goes into the practice library, whatever the request says.
            parent = Tree.OfType(ContentAccess.PracticeLibraryType).FirstOrDefault()?.Key;
            if (parent is null)
                return BadRequest("There is no practice library to add the practice to.");
            Data = new ContentData();
            ContentAccess.EnsureCity(Data, Me.CityKey!.Value);
        }
        ParentKey = parent;
        return null;
    }

    private async Task LoadContextAsync()
    {
        Tree = await tree.LoadAsync();
        var media = await mediaChoices.ChoicesAsync(Me, HttpContext.RequestAborted);
        Editors = new EditorContext
        {
            Tree = Tree,
            Types = types,
            Markdown = markdown,
            Display = new ContentDiff(types, k => Tree.NameOf(k, Culture), k => media.FirstOrDefault(m => m.Key == k)?.Name),
            Web = editors,
            Culture = Culture,
            DefaultCulture = DefaultCulture,
            Media = media,
            Errors = Errors,
            UploadErrors = _uploadErrors,
            UploadsAwaitReview = Me.IsCityEditor,
        };
        if (Item is not null)
        {
            Reviews = await reviews.ForItemsAsync([Item.Key], 10);
            // A translator works from the English readers see, not from a draft that may yet be returned.
            if (Culture != DefaultCulture && Item.Publishing.TryGetValue(DefaultCulture, out var english) && english.PublishedVersion is { } live)
            {
                EnglishReference = live == Item.Version ? Item.Data : await content.GetVersionDataAsync(Item.Key, live);
                EnglishIsLive = EnglishReference is not null;
            }
        }
    }

    /// <summary>The English text shown beside a translation: the live version when English is published, else the latest.</summary>
    public ContentData? EnglishReference { get; private set; }

    public bool EnglishIsLive { get; private set; }

    public JsonElement? ValueOf(PropertyType property) =>
        property.VariesByCulture
            ? Data.Cultures.TryGetValue(Culture, out var variant) && variant.Values.TryGetValue(property.Alias, out var own) ? own : null
            : Data.Invariant.TryGetValue(property.Alias, out var shared) ? shared : null;

    /// <summary>The saved English value shown beside a translation.</summary>
    public JsonElement? EnglishOf(PropertyType property)
    {
        if (!property.VariesByCulture || Culture == DefaultCulture)
            return null;
        var source = EnglishReference ?? Item?.Data ?? Data;
        return source.Cultures.TryGetValue(DefaultCulture, out var english) && english.Values.TryGetValue(property.Alias, out var value)
            ? value
            : JsonSerializer.SerializeToElement("");
    }

    public string NameIn(string culture) => Data.Cultures.TryGetValue(culture, out var c) ? c.Name : "";
    public string SegmentIn(string culture) => Data.Cultures.TryGetValue(culture, out var c) ? c.Segment ?? "" : "";

    public string Title => IsNew ? $"New {Type.Name.ToLowerInvariant()}" : Item!.Name(DefaultCulture);

    private string ValidCulture(string? culture) =>
        culture is not null && options.Value.EffectiveCultures.Contains(culture) ? culture : options.Value.DefaultCulture;

    private static ContentOperation OperationOf(string action) => action switch
    {
        "publish" => ContentOperation.Publish,
        "review" => ContentOperation.SendForReview,
        "schedule" => ContentOperation.Schedule,
        "unpublish" => ContentOperation.Unpublish,
        "trash" => ContentOperation.Trash,
        _ => ContentOperation.Save,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim()[..Math.Min(value.Trim().Length, 500)];

    private static (DateTimeOffset? Value, bool Invalid) ParseUtc(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return (null, false);
        return DateTime.TryParseExact(value.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? (new DateTimeOffset(at, TimeSpan.Zero), false)
            : (null, true);
    }
}
