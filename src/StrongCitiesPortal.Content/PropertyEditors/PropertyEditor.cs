using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>
/// One kind of property editor (the <c>editor</c> of a property in a document type): what its values may be, what
/// they give search, the Delivery API, import, export and the backoffice's diff. A new kind is a subclass in its own
/// folder under <c>PropertyEditors/</c>; it is found by <see cref="Alias"/> and registered with the others.
/// The web app's half (form control, form binding, HTML) is its companion, found by the same alias.
/// </summary>
public abstract class PropertyEditor
{
    /// <summary>The name document types give it: <c>"editor": "text"</c>.</summary>
    public abstract string Alias { get; }

    // ---- the document type ----

    /// <summary>Whether a property with this editor may set <c>maxLength</c>.</summary>
    public virtual bool TakesMaxLength => false;

    /// <summary>Whether a property with this editor may set <c>multiple</c>.</summary>
    public virtual bool TakesMultiple => false;

    /// <summary>What is wrong with a property's settings that only this editor knows, one sentence each.</summary>
    public virtual IEnumerable<string> DefinitionProblems(PropertyType property) => [];

    // ---- validation ----

    /// <summary>Checks a value that is not empty (emptiness and <c>required</c> are checked before), failing on <paramref name="check"/>.</summary>
    public abstract void Validate(PropertyValueCheck check);

    // ---- what a value holds ----

    /// <summary>The content items the value picks.</summary>
    public virtual IEnumerable<Guid> ContentKeys(JsonElement value) => [];

    /// <summary>The media items the value picks.</summary>
    public virtual IEnumerable<Guid> MediaKeys(JsonElement value) => [];

    /// <summary>The ISO 3166 country codes the value names.</summary>
    public virtual IEnumerable<string> CountryCodes(JsonElement value) => [];

    /// <summary>The options chosen from the property's list of options.</summary>
    public virtual IEnumerable<string> ChosenOptions(JsonElement value) => [];

    /// <summary>The elements (blocks) inside the value, each with its element type and values, in order.</summary>
    public virtual IEnumerable<ElementValues> Elements(JsonElement value, DocumentTypeRegistry types) => [];

    /// <summary>Whether the value picks from things outside the item (items, media, countries), which an import resolves by name.</summary>
    public virtual bool IsPicker => false;

    // ---- search ----

    /// <summary>Which of the index's text fields the value goes to, unless <c>umbraco/search/index.json</c> says otherwise.</summary>
    public virtual SearchTextRole SearchRole => SearchTextRole.None;

    /// <summary>The value's words for the index (inner elements' words come from <see cref="Elements"/>).</summary>
    public virtual IEnumerable<string> IndexText(JsonElement value, IIndexTextSource source) => [];

    /// <summary>The facet values the value gives when a facet reads this property.</summary>
    public virtual IEnumerable<FacetEntry> FacetValues(JsonElement value, Func<Guid, PublishedNode?> picked) => [];

    // ---- the Delivery API ----

    /// <summary>The value as the Delivery API writes it; <paramref name="value"/> is null when the item has none.</summary>
    public virtual object? DeliveryValue(PropertyType property, JsonElement? value, IDeliveryValues delivery) =>
        value is { ValueKind: JsonValueKind.String } text ? text.GetString() : value?.Clone();

    // ---- import and export ----

    /// <summary>A non-empty import field (text from a CSV cell or front matter, or JSON) as the value to store; null when <paramref name="cell"/> was told why.</summary>
    public virtual JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell) => value;

    /// <summary>The value as text, the way a CSV cell or a front-matter line writes it (and <see cref="Import"/> reads it back).</summary>
    public virtual string ExportText(JsonElement value) => CellText.Of(value);

    // ---- the backoffice's diff ----

    /// <summary>A value that is not empty as an editor reads it in a diff: names for picked items, one line per entry.</summary>
    public virtual string DiffText(PropertyType property, JsonElement value, IDiffNames names) => JsonValues.Text(value);
}

/// <summary>The index's text fields, from most to least weight; the search model maps them onto its own.</summary>
public enum SearchTextRole
{
    None,
    Keywords,
    Other,
    Body,
}

/// <summary>One element (a block) inside a value: its type, its key (empty when it has none) and its values.</summary>
public sealed record ElementValues(DocumentType Element, Guid Key, IReadOnlyDictionary<string, JsonElement> Values);

/// <summary>A facet value: its key, and its label per culture (none: the key is its label).</summary>
public sealed record FacetEntry(string Key, IReadOnlyDictionary<string, string> Labels)
{
    public static FacetEntry Plain(string key) => new(key, new Dictionary<string, string>());
}

/// <summary>What the search index offers an editor while it writes a culture's text.</summary>
public interface IIndexTextSource
{
    /// <summary>Markdown as plain text.</summary>
    string PlainText(string? markdown);

    /// <summary>A picked item's words: its name in the culture and the text the search model copies from it.</summary>
    IEnumerable<string> PickedText(Guid key);
}

/// <summary>What the Delivery API offers an editor for one property of one request (culture, expand, fields).</summary>
public interface IDeliveryValues
{
    DocumentTypeRegistry Types { get; }

    string Html(string? markdown);

    /// <summary>The picked items the request may see, as the API writes them (expanded or not, as asked).</summary>
    IReadOnlyList<object> Content(IEnumerable<Guid> keys);

    /// <summary>The picked media, as the API writes them.</summary>
    IReadOnlyList<object> Media(IEnumerable<Guid> keys);

    /// <summary>A list of elements, as the API writes a block list.</summary>
    object Elements(IReadOnlyList<ElementValues> elements);
}

/// <summary>One import field being read: where its problems go, and how picked items are found.</summary>
public interface IImportCell
{
    void Fail(string message);

    /// <summary>The item a picker's text names (a key, an external id or a name), or why there is none.</summary>
    (Guid? Key, string? Problem) ResolveContent(string text, PropertyType property);
}

/// <summary>What a diff offers an editor: names for keys, and the display of values inside elements.</summary>
public interface IDiffNames
{
    DocumentTypeRegistry Types { get; }

    string ContentName(Guid key);

    /// <summary>Whether media names are known (a diff without them shows keys as they are).</summary>
    bool KnowsMedia { get; }

    string? MediaName(Guid key);

    /// <summary>A value of a property inside an element, displayed as its own editor displays it.</summary>
    string Display(PropertyType property, JsonElement? value);
}
