using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Markdown;
using StrongCitiesPortal.Content.PropertyEditors;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Delivery;

namespace StrongCitiesPortal.Search.Indexing;

/// <summary>
/// Turns a live item into its index rows, one per culture, by its document type and the settings in
/// <c>umbraco/search/</c>. The same code serves publishing and a full reindex, so both write the same rows.
/// </summary>
public sealed class IndexDocumentBuilder(
    DocumentTypeRegistry types,
    SearchModel model,
    MarkdownRenderer markdown,
    IOptions<PortalContentOptions> contentOptions)
{
    private readonly ConditionalWeakTable<PublishedNode, DeliveryFacts> _directFacts = new();
    private readonly string _defaultCulture = contentOptions.Value.DefaultCulture;
    private readonly IReadOnlyList<string> _cultures = contentOptions.Value.EffectiveCultures;

    public string DefaultCulture => _defaultCulture;
    public IReadOnlyList<string> Cultures => _cultures;

    /// <summary>Whether items of this type get index rows: every page type does, element types do not.</summary>
    public bool IsIndexed(string contentType) => types.Find(contentType) is { IsElement: false };

    public IEnumerable<string> IndexedTypes => types.All.Where(t => !t.IsElement).Select(t => t.Alias);

    /// <summary>Keys of the items this item picks (themes, cities), in its properties and its blocks: the index reads through them.</summary>
    public IEnumerable<Guid> PickedKeys(PublishedNode node) => DirectFacts(node).References;

    /// <summary>The item's own Delivery API facts, from every culture it is live in.</summary>
    /// <remarks>
    /// Worked out once per item read: a rebuild asks for them for the item's picks, for its document, and again for
    /// every item that picks it (a city is picked by thousands). A read item never changes, and the entry goes with it.
    /// </remarks>
    public DeliveryFacts DirectFacts(PublishedNode node) =>
        _directFacts.GetValue(node, item => DeliveryFacts.Direct(item.ContentType, item.Cultures.Select(c => c.Values), types));

    public IReadOnlyList<IndexDocument> Build(PublishedNode node, Func<Guid, PublishedNode?> picked)
    {
        if (types.Find(node.ContentType) is not { IsElement: false } type)
            return [];
        var live = node.Cultures.Select(c => c.Culture).ToHashSet(StringComparer.Ordinal);
        var documents = new List<IndexDocument>(node.Cultures.Count);
        var direct = DirectFacts(node);
        var pickedKeys = direct.References;
        var facts = direct.WithReferenced(key => picked(key) is { } item ? DirectFacts(item) : null);
        var source = SourceWithFacts(node, direct);
        foreach (var culture in node.Cultures)
        {
            var delivery = new DeliveryFields(node.Id, node.AncestorKeys, node.Level, node.SortOrder, node.CreateDate,
                type.VariesByCulture ? [culture.Culture] : _cultures, facts);
            documents.Add(Build(node, type, culture, live, picked, pickedKeys, source, delivery));
        }
        return documents;
    }

    private IndexDocument Build(PublishedNode node, DocumentType type, PublishedCulture culture, HashSet<string> live, Func<Guid, PublishedNode?> picked,
        IReadOnlyCollection<Guid> pickedKeys, string source, DeliveryFields delivery)
    {
        var fields = new Dictionary<FieldRole, List<string>>
        {
            [FieldRole.Summary] = [],
            [FieldRole.Keywords] = [],
            [FieldRole.Body] = [],
            [FieldRole.Other] = [],
        };
        foreach (var (property, value) in Properties(type, culture.Values))
            AddText(property, value, RoleOf(property, inBlock: false), culture.Culture, fields, picked);

        var facets = new List<FacetValue>();
        foreach (var facet in model.Facets)
            AddFacet(facet, node, type, culture, picked, facets);
        var views = _cultures.Where(view => ShownIn(view, live) == culture.Culture).ToList();

        // Sized from the text (about one distinct word in ten characters), so the set seldom grows as it fills.
        var textLength = culture.Name.Length + fields.Values.Sum(segments => segments.Sum(segment => segment.Length));
        var words = new HashSet<string>(Math.Clamp(textLength / 10, 16, 4096), StringComparer.Ordinal);
        foreach (var segment in fields.Values.SelectMany(s => s).Prepend(culture.Name))
            TextTokens.AddWords(segment, words);

        var contentDate = ContentDate(culture);
        return new IndexDocument
        {
            NodeKey = node.Key,
            Culture = culture.Culture,
            Version = culture.Version,
            ContentType = node.ContentType,
            Name = Clean(culture.Name),
            Summary = Join(fields[FieldRole.Summary]),
            Keywords = Join(fields[FieldRole.Keywords]),
            Body = Join(fields[FieldRole.Body]),
            Other = Join(fields[FieldRole.Other]),
            UpdateDate = node.UpdateDate,
            ContentDate = contentDate,
            RecencyDate = contentDate ?? culture.PublishedAt,
            Boost = Boost(culture.Values),
            Facets = facets.DistinctBy(f => (f.Facet, f.Key)).ToList(),
            Views = views,
            Picks = pickedKeys,
            Source = source,
            Words = words,
            Delivery = delivery,
        };
    }

    /// <summary>Which culture of an item a visitor in <paramref name="view"/> finds: their own, else the default, else the first there is.</summary>
    private string ShownIn(string view, HashSet<string> live) =>
        live.Contains(view) ? view
        : live.Contains(_defaultCulture) ? _defaultCulture
        : _cultures.FirstOrDefault(live.Contains) ?? live.Order(StringComparer.Ordinal).First();

    private static string Join(List<string> segments) => Clean(string.Join("\n", segments.Where(s => s.Length > 0)));

    /// <summary>Control characters never reach the index (snippets use two of them to mark highlights).</summary>
    private static string Clean(string text) =>
        text.Any(c => char.IsControl(c) && c is not ('\n' or '\t'))
            ? new string(text.Select(c => char.IsControl(c) && c is not ('\n' or '\t') ? ' ' : c).ToArray())
            : text;

    private static IEnumerable<(PropertyType Property, JsonElement Value)> Properties(DocumentType type, IReadOnlyDictionary<string, JsonElement> values)
    {
        foreach (var property in type.Properties)
        {
            if (values.TryGetValue(property.Alias, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
                yield return (property, value);
        }
    }

    private FieldRole RoleOf(PropertyType property, bool inBlock)
    {
        if (model.RoleOverride(property.Alias) is { } role)
            return inBlock && role is FieldRole.Summary ? FieldRole.Body : role;
        return property.PropertyEditor.SearchRole switch
        {
            SearchTextRole.None => FieldRole.None,
            SearchTextRole.Keywords when !inBlock => FieldRole.Keywords,
            SearchTextRole.Other when !inBlock => FieldRole.Other,
            _ => FieldRole.Body,
        };
    }

    private void AddText(PropertyType property, JsonElement value, FieldRole role, string culture, Dictionary<FieldRole, List<string>> fields, Func<Guid, PublishedNode?> picked)
    {
        if (role == FieldRole.None)
            return;
        var editor = property.PropertyEditor;
        fields[role].AddRange(editor.IndexText(value, new PickedTextSource(this, culture, picked)));
        foreach (var element in editor.Elements(value, types))
        {
            foreach (var inner in element.Element.Properties)
            {
                if (element.Values.TryGetValue(inner.Alias, out var innerValue) && innerValue.ValueKind is not JsonValueKind.Null)
                    AddText(inner, innerValue, RoleOf(inner, inBlock: true), culture, fields, picked);
            }
        }
    }

    /// <summary>What an editor's index text reads through: Markdown as plain text, picked items' names and copied text.</summary>
    private sealed class PickedTextSource(IndexDocumentBuilder builder, string culture, Func<Guid, PublishedNode?> picked) : IIndexTextSource
    {
        public string PlainText(string? markdown) => builder.PlainText(markdown);

        public IEnumerable<string> PickedText(Guid key) => picked(key) is { } item ? builder.PickedText(item, culture) : [];
    }

    private string PlainText(string? text) => markdown.ToPlainText(text);

    private IEnumerable<string> PickedText(PublishedNode item, string culture)
    {
        yield return NameIn(item, culture);
        var values = ValuesIn(item, culture);
        foreach (var alias in model.Index.PickedText)
        {
            if (values.TryGetValue(alias, out var text))
            {
                foreach (var line in JsonValues.Strings(text))
                    yield return line;
            }
        }
    }

    private void AddFacet(FacetDefinition facet, PublishedNode node, DocumentType type, PublishedCulture culture, Func<Guid, PublishedNode?> picked, List<FacetValue> into)
    {
        var before = into.Count;
        switch (facet.From)
        {
            case FacetSource.DocumentType:
                into.Add(new FacetValue(facet.Name, type.Alias, new Dictionary<string, string> { [_defaultCulture] = type.Name }));
                return;
            case FacetSource.Year:
                foreach (var alias in facet.Properties)
                {
                    if (Date(culture.Values, alias) is { } date)
                    {
                        into.Add(new FacetValue(facet.Name, date.Year.ToString(CultureInfo.InvariantCulture), new Dictionary<string, string>()));
                        return;
                    }
                }
                return;
        }

        foreach (var alias in facet.Properties)
        {
            foreach (var (property, value) in Find(type, culture.Values, alias, facet.InBlocks))
                AddValues(facet.Name, property, value, picked, into);
        }
        if (facet.Through is { } through)
        {
            foreach (var pickerAlias in through.Pickers)
            {
                foreach (var (property, value) in Find(type, culture.Values, pickerAlias, facet.InBlocks))
                {
                    foreach (var key in property.PropertyEditor.ContentKeys(value))
                    {
                        if (picked(key) is not { } item || types.Find(item.ContentType) is not { } pickedType)
                            continue;
                        var pickedValues = ValuesIn(item, culture.Culture);
                        foreach (var alias in through.Properties)
                        {
                            if (pickedType.FindProperty(alias) is { } pickedProperty && pickedValues.TryGetValue(alias, out var pickedValue))
                                AddValues(facet.Name, pickedProperty, pickedValue, picked, into);
                        }
                    }
                }
            }
        }
        if (into.Count == before && facet.Otherwise == "cultureLanguage")
        {
            var language = CultureInfo.GetCultureInfo(culture.Culture).EnglishName;
            into.Add(new FacetValue(facet.Name, language, new Dictionary<string, string>()));
        }
    }

    private static void AddValues(string facet, PropertyType property, JsonElement value, Func<Guid, PublishedNode?> picked, List<FacetValue> into) =>
        into.AddRange(property.PropertyEditor.FacetValues(value, picked).Select(f => new FacetValue(facet, f.Key, f.Labels)));

    /// <summary>What rows that pick this item copy from it: its names, its picked text, the values facets read through it, and its countries and regions.</summary>
    public string SourceOf(PublishedNode item) => SourceWithFacts(item, DirectFacts(item));

    private string SourceWithFacts(PublishedNode item, DeliveryFacts facts)
    {
        var aliases = model.Index.PickedText
            .Concat(model.Facets.Where(f => f.Through is not null).SelectMany(f => f.Through!.Properties))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var source = new StringBuilder();
        foreach (var culture in item.Cultures.OrderBy(c => c.Culture, StringComparer.Ordinal))
        {
            source.Append(culture.Culture).Append('=').Append(culture.Name);
            foreach (var alias in aliases)
            {
                if (culture.Values.TryGetValue(alias, out var value))
                    source.Append('|').Append(alias).Append(':').Append(value.GetRawText());
            }
            source.Append('\n');
        }
        source.Append("d=").AppendJoin(',', facts.Countries.Order(StringComparer.Ordinal)).Append('|').AppendJoin(',', facts.Regions.Order(StringComparer.Ordinal));
        return source.ToString();
    }

    /// <summary>A property of the item itself, or the same property inside its blocks (a report's takeaways carry themes too).</summary>
    private IEnumerable<(PropertyType Property, JsonElement Value)> Find(DocumentType type, IReadOnlyDictionary<string, JsonElement> values, string alias, bool inBlocks)
    {
        if (type.FindProperty(alias) is { } own && values.TryGetValue(alias, out var value) && value.ValueKind is not JsonValueKind.Null)
            yield return (own, value);
        if (!inBlocks)
            yield break;
        foreach (var property in type.Properties)
        {
            if (!values.TryGetValue(property.Alias, out var blocks))
                continue;
            foreach (var element in property.PropertyEditor.Elements(blocks, types))
            {
                if (element.Element.FindProperty(alias) is { } inner
                    && element.Values.TryGetValue(alias, out var innerValue) && innerValue.ValueKind is not JsonValueKind.Null)
                    yield return (inner, innerValue);
            }
        }
    }

    private DateTimeOffset? ContentDate(PublishedCulture culture)
    {
        foreach (var alias in model.Index.SortDate)
        {
            if (Date(culture.Values, alias) is { } date)
                return date;
        }
        return null;
    }

    private static DateTimeOffset? Date(IReadOnlyDictionary<string, JsonElement> values, string alias) =>
        values.TryGetValue(alias, out var value) && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;

    private double Boost(IReadOnlyDictionary<string, JsonElement> values)
    {
        var boost = 1.0;
        foreach (var (alias, factors) in model.Index.Boosts)
        {
            if (!values.TryGetValue(alias, out var value))
                continue;
            foreach (var option in JsonValues.Strings(value))
            {
                if (factors.TryGetValue(option, out var factor))
                    boost *= factor;
            }
        }
        return boost;
    }

    private string NameIn(PublishedNode item, string culture) =>
        (item.Culture(culture) ?? item.Culture(_defaultCulture) ?? item.Cultures[0]).Name;

    private IReadOnlyDictionary<string, JsonElement> ValuesIn(PublishedNode item, string culture) =>
        (item.Culture(culture) ?? item.Culture(_defaultCulture) ?? item.Cultures[0]).Values;
}
