using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using StrongCitiesPortal.Search.Configuration;
using StrongCitiesPortal.Search.Delivery;
using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Search.Index;

/// <summary>An <see cref="IndexDocument"/> as Lucene fields, by the schema of <see cref="SearchSchema"/>.</summary>
public static class LuceneDocuments
{
    /// <summary>Snippets are cut from the summary and the start of the body; the rest is searched but not kept.</summary>
    public const int SnippetSourceLength = 4_000;

    private static readonly FieldType WordsType = new()
    {
        IsIndexed = true,
        IsTokenized = true,
        OmitNorms = true,
        IndexOptions = IndexOptions.DOCS_ONLY,
    };

    static LuceneDocuments() => WordsType.Freeze();

    public static Document From(IndexDocument item)
    {
        var culture = item.Culture;
        var document = new Document
        {
            new StringField(SearchSchema.Key, item.NodeKey.ToString(), Field.Store.YES),
            new StringField(SearchSchema.Culture, culture, Field.Store.YES),
            new StringField(SearchSchema.ContentType, item.ContentType, Field.Store.YES),
            new StoredField(SearchSchema.StoredName, item.Name),
            new StoredField(SearchSchema.Snippet, SnippetSource(item)),
            new StoredField(SearchSchema.Updated, item.UpdateDate.UtcTicks),
            new StoredField(SearchSchema.Source, item.Source),
            new NumericDocValuesField(SearchSchema.SortDate, item.ContentDate?.UtcTicks ?? 0),
            new NumericDocValuesField(SearchSchema.Recency, item.RecencyDate.UtcTicks),
            new NumericDocValuesField(SearchSchema.Boost, BitConverter.DoubleToInt64Bits(item.Boost)),
            new SortedDocValuesField(SearchSchema.NameSort, new BytesRef(NameSortKey(item.Name))),
            new Field(SearchSchema.Words, string.Join(' ', item.Words), WordsType),
        };
        AddText(document, FieldRole.Name, culture, item.Name);
        AddText(document, FieldRole.Summary, culture, item.Summary);
        AddText(document, FieldRole.Keywords, culture, item.Keywords);
        AddText(document, FieldRole.Body, culture, item.Body);
        AddText(document, FieldRole.Other, culture, item.Other);
        foreach (var view in item.Views)
            document.Add(new StringField(SearchSchema.View, view, Field.Store.NO));
        foreach (var picked in item.Picks)
            document.Add(new StringField(SearchSchema.Picks, picked.ToString(), Field.Store.NO));
        foreach (var facet in item.Facets)
        {
            var field = SearchSchema.FacetField(facet.Facet);
            document.Add(new StringField(field, facet.Key, Field.Store.NO));
            document.Add(new SortedSetDocValuesField(field, new BytesRef(facet.Key)));
        }
        if (item.Delivery is { } delivery)
            AddDelivery(document, item, delivery);
        return document;
    }

    private static void AddDelivery(Document document, IndexDocument item, DeliveryFields delivery)
    {
        foreach (var culture in delivery.Cultures)
        {
            document.Add(new StringField(SearchSchema.DeliveryCulture, culture, Field.Store.NO));
            document.Add(new StringField(SearchSchema.DeliveryMatch(culture), DeliveryText.Match(item.Name), Field.Store.NO));
            document.Add(new SortedDocValuesField(SearchSchema.DeliveryName(culture), new BytesRef(DeliveryText.NameSortKey(item.Name, culture))));
        }
        if (delivery.AncestorKeys.Count > 0)
        {
            var parent = delivery.AncestorKeys[^1].ToString();
            document.Add(new StringField(SearchSchema.DeliveryParent, parent, Field.Store.NO));
            document.Add(new SortedDocValuesField(SearchSchema.DeliveryParent, new BytesRef(parent)));
        }
        foreach (var ancestor in delivery.AncestorKeys)
            document.Add(new StringField(SearchSchema.DeliveryAncestor, ancestor.ToString(), Field.Store.NO));
        document.Add(new NumericDocValuesField(SearchSchema.DeliveryId, delivery.NodeId));
        document.Add(new NumericDocValuesField(SearchSchema.DeliveryLevel, delivery.Level));
        document.Add(new NumericDocValuesField(SearchSchema.DeliverySortOrder, delivery.SortOrder));
        document.Add(new Int64Field(SearchSchema.DeliveryCreated, delivery.CreateDate.UtcTicks, Field.Store.NO));
        document.Add(new NumericDocValuesField(SearchSchema.DeliveryCreated, delivery.CreateDate.UtcTicks));
        document.Add(new Int64Field(SearchSchema.DeliveryUpdated, item.UpdateDate.UtcTicks, Field.Store.NO));
        document.Add(new NumericDocValuesField(SearchSchema.DeliveryUpdated, item.UpdateDate.UtcTicks));
        foreach (var country in delivery.Facts.Countries)
            document.Add(new StringField(SearchSchema.DeliveryCountry, country, Field.Store.NO));
        foreach (var region in delivery.Facts.Regions)
            document.Add(new StringField(SearchSchema.DeliveryRegion, region, Field.Store.NO));
        foreach (var kind in delivery.Facts.Kinds)
            document.Add(new StringField(SearchSchema.DeliveryKind, kind, Field.Store.NO));
    }

    /// <summary>Names sort without regard to case or accents.</summary>
    public static string NameSortKey(string name)
    {
        var folded = TextTokens.Fold(name).Trim();
        return folded.Length > 200 ? folded[..200] : folded;
    }

    private static void AddText(Document document, FieldRole role, string culture, string text)
    {
        if (text.Length > 0)
            document.Add(new TextField(SearchSchema.TextField(role, culture), text, Field.Store.NO));
    }

    private static string SnippetSource(IndexDocument item)
    {
        var text = item.Summary.Length == 0 ? item.Body : item.Summary + "\n" + item.Body;
        return text.Length > SnippetSourceLength ? text[..SnippetSourceLength] : text;
    }

    public static string Ticks(long ticks) => new DateTimeOffset(ticks, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture);
}
