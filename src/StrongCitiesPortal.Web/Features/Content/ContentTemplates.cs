using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.Content;

/// <summary>One live item being rendered for a reader: what was asked for, what is shown, and the request.</summary>
public sealed record ContentRequest(ResolvedContent Content, HttpRequest Http, SitePage Site)
{
    public PublishedContent Item => Content.Item;
    public PublishedVariant Variant => Content.Variant;
    public string Culture => Content.Culture;
}

/// <summary>How one document type is shown: its view, and the model the view needs.</summary>
public interface IContentTemplate
{
    string ContentType { get; }

    /// <summary>The partial view's path, e.g. "/Features/Cities/MemberCity.cshtml".</summary>
    string View { get; }

    /// <summary>Builds the view's model and fills the page's metadata; null when the request cannot be served (404).</summary>
    ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken);
}

/// <summary>The templates by document type; the last registered for a type wins, anything else gets the fallback.</summary>
public sealed class ContentTemplates(IEnumerable<IContentTemplate> templates, FallbackTemplate fallback)
{
    private readonly Dictionary<string, IContentTemplate> _byType = templates
        .GroupBy(t => t.ContentType, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public IContentTemplate For(string contentType) => _byType.GetValueOrDefault(contentType) ?? fallback;

    public bool Has(string contentType) => _byType.ContainsKey(contentType);
}
