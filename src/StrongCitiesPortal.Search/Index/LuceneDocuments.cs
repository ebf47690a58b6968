using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using StrongCitiesPortal.Search.Delivery;
using StrongCitiesPortal.Search.Indexing;

namespace StrongCitiesPortal.Search.Index;

/// <summary>
/// An <see cref="IndexDocument"/> as Lucene fields, by the schema of <see cref="SearchSchema"/>. One instance per
/// writing thread: it fills the same <see cref="Document"/> and <see cref="Field"/> objects for every item (as
/// Lucene advises for bulk indexing), so a document of seventy fields costs no seventy new token streams.
/// The document returned is valid until the next call.
/// </summary>
public sealed class LuceneDocuments
{
    /// <summary>Snippets are cut from the summary and the start of the body; the rest is searched but not kept.</summary>
    public const int SnippetSourceLength = 4_000;

    private static readonly FieldType WordsType = Frozen(new FieldType
    {
        IsIndexed = true,
        IsTokenized = true,
        OmitNorms = true,
        IndexOptions = IndexOptions.DOCS_ONLY,
    });

    private static readonly FieldType StoredString = Frozen(new FieldType(StringField.TYPE_STORED));
    private static readonly FieldType IndexedString = Frozen(new FieldType(StringField.TYPE_NOT_STORED));

    private readonly Document _document = [];
    private readonly Dictionary<(string Name, Kind Kind), List<Field>> _fields = [];
    private readonly Dictionary<(string Name, Kind Kind), int> _used = [];

    private enum Kind
    {
        Key,
        Indexed,
        Stored,
        StoredNumber,
        Text,
        Words,
        Number,
        Sorted,
        SortedSet,
        Range,
    }

    public Document From(IndexDocument item)
    {
        _document.Fields.Clear();
        _used.Clear();
        var culture = item.Culture;
        String(SearchSchema.Key, item.NodeKey.ToString(), stored: true);
        String(SearchSchema.Culture, culture, stored: true);
        String(SearchSchema.ContentType, item.ContentType, stored: true);
        Add(SearchSchema.StoredName, Kind.Stored, item.Name);
        Add(SearchSchema.Snippet, Kind.Stored, SnippetSource(item));
        Number(SearchSchema.Updated, Kind.StoredNumber, item.UpdateDate.UtcTicks);
        Add(SearchSchema.Source, Kind.Stored, item.Source);
        Number(SearchSchema.SortDate, Kind.Number, item.ContentDate?.UtcTicks ?? 0);
        Number(SearchSchema.Recency, Kind.Number, item.RecencyDate.UtcTicks);
        Number(SearchSchema.Boost, Kind.Number, BitConverter.DoubleToInt64Bits(item.Boost));
        Bytes(SearchSchema.NameSort, Kind.Sorted, NameSortKey(item.Name));
        var words = Next(SearchSchema.Words, Kind.Words);
        ((WordsStream)words.GetTokenStreamValue()).Words = item.Words;
        foreach (var role in SearchSchema.TextRoles)
        {
            var text = item.Text(role);
            if (text.Length > 0)
                Add(SearchSchema.TextField(role, culture), Kind.Text, text);
        }
        foreach (var view in item.Views)
            String(SearchSchema.View, view, stored: false);
        foreach (var picked in item.Picks)
            String(SearchSchema.Picks, picked.ToString(), stored: false);
        foreach (var facet in item.Facets)
        {
            var field = SearchSchema.FacetField(facet.Facet);
            String(field, facet.Key, stored: false);
            Bytes(field, Kind.SortedSet, facet.Key);
        }
        if (item.Delivery is { } delivery)
            AddDelivery(item, delivery);
        return _document;
    }

    private void AddDelivery(IndexDocument item, DeliveryFields delivery)
    {
        foreach (var culture in delivery.Cultures)
        {
            String(SearchSchema.DeliveryCulture, culture, stored: false);
            String(SearchSchema.DeliveryMatch(culture), DeliveryText.Match(item.Name), stored: false);
            Bytes(SearchSchema.DeliveryName(culture), Kind.Sorted, DeliveryText.NameSortKey(item.Name, culture));
        }
        if (delivery.AncestorKeys.Count > 0)
        {
            var parent = delivery.AncestorKeys[^1].ToString();
            String(SearchSchema.DeliveryParent, parent, stored: false);
            Bytes(SearchSchema.DeliveryParent, Kind.Sorted, parent);
        }
        foreach (var ancestor in delivery.AncestorKeys)
            String(SearchSchema.DeliveryAncestor, ancestor.ToString(), stored: false);
        Number(SearchSchema.DeliveryId, Kind.Number, delivery.NodeId);
        Number(SearchSchema.DeliveryLevel, Kind.Number, delivery.Level);
        Number(SearchSchema.DeliverySortOrder, Kind.Number, delivery.SortOrder);
        Number(SearchSchema.DeliveryCreated, Kind.Range, delivery.CreateDate.UtcTicks);
        Number(SearchSchema.DeliveryCreated, Kind.Number, delivery.CreateDate.UtcTicks);
        Number(SearchSchema.DeliveryUpdated, Kind.Range, item.UpdateDate.UtcTicks);
        Number(SearchSchema.DeliveryUpdated, Kind.Number, item.UpdateDate.UtcTicks);
        foreach (var country in delivery.Facts.Countries)
            String(SearchSchema.DeliveryCountry, country, stored: false);
        foreach (var region in delivery.Facts.Regions)
            String(SearchSchema.DeliveryRegion, region, stored: false);
        foreach (var kind in delivery.Facts.Kinds)
            String(SearchSchema.DeliveryKind, kind, stored: false);
    }

    private void String(string name, string value, bool stored) => Add(name, stored ? Kind.Key : Kind.Indexed, value);

    private void Add(string name, Kind kind, string value) => Next(name, kind).SetStringValue(value);

    private void Number(string name, Kind kind, long value) => Next(name, kind).SetInt64Value(value);

    private void Bytes(string name, Kind kind, string value) => Next(name, kind).SetBytesValue(new BytesRef(value));

    private void Bytes(string name, Kind kind, byte[] value) => Next(name, kind).SetBytesValue(new BytesRef(value));

    /// <summary>The next field of this name and kind for the document being filled: one made before, or a new one.</summary>
    private Field Next(string name, Kind kind)
    {
        var key = (name, kind);
        var index = _used.GetValueOrDefault(key);
        _used[key] = index + 1;
        if (!_fields.TryGetValue(key, out var made))
            _fields[key] = made = [];
        if (index == made.Count)
            made.Add(Create(name, kind));
        var field = made[index];
        _document.Add(field);
        return field;
    }

    private static Field Create(string name, Kind kind) => kind switch
    {
        Kind.Key => new Field(name, "", StoredString),
        Kind.Indexed => new Field(name, "", IndexedString),
        Kind.Stored => new StoredField(name, ""),
        Kind.StoredNumber => new StoredField(name, 0L),
        Kind.Text => new TextField(name, "", Field.Store.NO),
        Kind.Words => new Field(name, new WordsStream(), WordsType),
        Kind.Number => new NumericDocValuesField(name, 0),
        Kind.Sorted => new SortedDocValuesField(name, new BytesRef()),
        Kind.SortedSet => new SortedSetDocValuesField(name, new BytesRef()),
        Kind.Range => new Int64Field(name, 0, Field.Store.NO),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static FieldType Frozen(FieldType type)
    {
        type.Freeze();
        return type;
    }

    /// <summary>Names sort without regard to case or accents.</summary>
    public static string NameSortKey(string name)
    {
        var folded = TextTokens.Fold(name).Trim();
        return folded.Length > 200 ? folded[..200] : folded;
    }

    /// <summary>The summary, a line break and the body, cut at <see cref="SnippetSourceLength"/>: only what is kept is copied.</summary>
    private static string SnippetSource(IndexDocument item)
    {
        if (item.Summary.Length == 0)
            return item.Body.Length > SnippetSourceLength ? item.Body[..SnippetSourceLength] : item.Body;
        var length = Math.Min(SnippetSourceLength, item.Summary.Length + 1 + item.Body.Length);
        return string.Create(length, item, static (into, item) =>
        {
            var summary = item.Summary.AsSpan(0, Math.Min(item.Summary.Length, into.Length));
            summary.CopyTo(into);
            if (summary.Length == into.Length)
                return;
            into[summary.Length] = '\n';
            item.Body.AsSpan(0, into.Length - summary.Length - 1).CopyTo(into[(summary.Length + 1)..]);
        });
    }

    public static string Ticks(long ticks) => new DateTimeOffset(ticks, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The item's distinct folded words as tokens, without analysing them again.</summary>
    private sealed class WordsStream : TokenStream
    {
        private readonly ICharTermAttribute _term;
        private IEnumerator<string>? _next;

        public WordsStream() => _term = AddAttribute<ICharTermAttribute>();

        public IReadOnlyCollection<string> Words { get; set; } = [];

        public override void Reset()
        {
            base.Reset();
            _next = Words.GetEnumerator();
        }

        public override bool IncrementToken()
        {
            if (_next is null || !_next.MoveNext())
                return false;
            ClearAttributes();
            _term.SetEmpty().Append(_next.Current);
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            _next?.Dispose();
            _next = null;
            base.Dispose(disposing);
        }
    }
}
