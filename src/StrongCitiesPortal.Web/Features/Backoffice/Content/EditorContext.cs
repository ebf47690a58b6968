using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Markdown;
using StrongCitiesPortal.Content.Reading;
using StrongCitiesPortal.Web.PropertyEditors;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>A media item as a picker offers it.</summary>
public sealed record MediaChoice(Guid Key, string Name, string Folder, bool IsImage, string Url, bool AwaitingReview = false);

/// <summary>An upload from a picker: the new choice, or what is wrong with the file.</summary>
public sealed record MediaUploadResult(bool Succeeded, MediaChoice? Choice, IReadOnlyList<string> Errors);

/// <summary>What every generated control needs besides its own value.</summary>
public sealed class EditorContext
{
    public required TreeSnapshot Tree { get; init; }
    public required DocumentTypeRegistry Types { get; init; }
    public required MarkdownRenderer Markdown { get; init; }
    public required ContentDiff Display { get; init; }

    /// <summary>The editors' web companions, which draw each control.</summary>
    public required PropertyEditorWebCollection Web { get; init; }
    public required string Culture { get; init; }
    public required string DefaultCulture { get; init; }
    public IReadOnlyList<MediaChoice> Media { get; init; } = [];
    public IReadOnlyList<ValidationError> Errors { get; init; } = [];

    /// <summary>Problems with a file uploaded from a picker, by the picker's form field.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> UploadErrors { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>A city editor's uploads wait for review with the item; the picker says so.</summary>
    public bool UploadsAwaitReview { get; init; }

    /// <summary>Items a content picker may offer: the allowed types, or every page when none are named.</summary>
    public IEnumerable<TreeNode> Candidates(PropertyType property) =>
        Tree.All.Where(n => property.AllowedTypes.Count == 0
                ? Types.Find(n.ContentType) is { IsElement: false }
                : property.AllowedTypes.Contains(n.ContentType, StringComparer.Ordinal))
            .OrderBy(n => n.Name(Culture), StringComparer.CurrentCultureIgnoreCase);

    /// <summary>The picked items first, in their saved order (so a save keeps it), then the rest by name.</summary>
    public IEnumerable<TreeNode> Choices(PropertyType property, IReadOnlyList<string> picked)
    {
        var candidates = Candidates(property).ToList();
        var first = picked.Select(p => Guid.TryParse(p, out var k) ? Tree.Get(k) : null).OfType<TreeNode>().ToList();
        return first.Concat(candidates.Where(c => !first.Contains(c)));
    }

    public IEnumerable<MediaChoice> MediaChoices(IReadOnlyList<string> picked)
    {
        var first = picked.Select(p => Media.FirstOrDefault(m => m.Key.ToString() == p)).OfType<MediaChoice>().ToList();
        return first.Concat(Media.Where(m => !first.Contains(m)));
    }

    public IEnumerable<ValidationError> ErrorsFor(string alias, string? culture) =>
        Errors.Where(e => e.Property is not null
            && (e.Property == alias || e.Property.StartsWith(alias + "[", StringComparison.Ordinal))
            && (e.Culture is null || e.Culture == culture));
}

/// <summary>One generated control: a property, its value and the form field it posts as.</summary>
public sealed record PropertyField(PropertyType Property, JsonElement? Value, string Field, EditorContext Context, JsonElement? English = null, string? ErrorCulture = null, bool TopLevel = true)
{
    /// <summary>The control's element id.</summary>
    public string Id => "f-" + Field.Replace('.', '-');

    /// <summary>The id of the property's description, when it has one.</summary>
    public string? DescribedBy => Property.Description is null ? null : Id + "-hint";
}

public static class MarkdownHtml
{
    public static Microsoft.AspNetCore.Html.IHtmlContent ToHtmlContent(this MarkdownRenderer markdown, string? text) =>
        new Microsoft.AspNetCore.Html.HtmlString(markdown.ToHtml(text));
}

/// <summary>The media a picker offers; the media library provides it.</summary>
public interface IMediaChoices
{
    Task<IReadOnlyList<MediaChoice>> ChoicesAsync(Identity.BackofficeIdentity me, CancellationToken cancellationToken = default);

    Task<MediaUploadResult> UploadForEditorAsync(Identity.BackofficeIdentity me, Stream content, string fileName, string? altText, CancellationToken cancellationToken = default);

    /// <summary>The names of those of <paramref name="keys"/> that are media items (other keys are left out).</summary>
    Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken = default);
}
