using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using StrongCitiesPortal.Search.Configuration;
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
        return document;
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
