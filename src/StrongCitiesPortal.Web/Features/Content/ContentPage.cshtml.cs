using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Web.Features.Content;

/// <summary>The plain page every published route gets: its name, its properties and its children.</summary>
public sealed class ContentPageModel(PublishedContentCache cache, DocumentTypeRegistry types) : PageModel
{
    public PublishedContent Item { get; private set; } = null!;
    public PublishedVariant Variant { get; private set; } = null!;
    public DocumentType Type { get; private set; } = null!;
    public string Culture { get; private set; } = "";
    public IReadOnlyList<PublishedContent> Children { get; private set; } = [];

    public IActionResult OnGet(string? path)
    {
        var (culture, route) = PortalRoutes.Split(path, cache.Cultures, cache.DefaultCulture);
        var item = cache.GetByRoute(route, culture);
        if (item?.Variant(culture) is not { } variant)
            return NotFound();
        Item = item;
        Variant = variant;
        Culture = culture;
        Type = types.Get(item.ContentType);
        Children = cache.Children(item.Key, culture);
        ViewData["Culture"] = culture;
        ViewData["Title"] = variant.Name;
        return Page();
    }
}
