using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.Content;

public sealed record FallbackModel(PublishedContent Item, PublishedVariant Variant, DocumentType Type, IReadOnlyList<PublishedContent> Children);

/// <summary>The plain page for a document type without a template of its own: its properties and its children.</summary>
public sealed class FallbackTemplate(DocumentTypeRegistry types, PublishedContentCache cache) : IContentTemplate
{
    public string ContentType => "*";
    public string View => "/Features/Content/Fallback.cshtml";

    public ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var children = cache.Children(request.Item.Key, request.Culture)
            .Concat(cache.Children(request.Item.Key, cache.DefaultCulture))
            .DistinctBy(c => c.Key)
            .OrderBy(c => c.SortOrder)
            .ToList();
        return ValueTask.FromResult<object?>(new FallbackModel(request.Item, request.Variant, types.Get(request.Item.ContentType), children));
    }
}
