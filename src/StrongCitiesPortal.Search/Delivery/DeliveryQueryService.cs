using System.Globalization;
using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Content.Changes;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Search.Delivery;

/// <summary>
/// Answers the Delivery API's content queries from this instance's index, as Umbraco answers them from its Delivery
/// API index: the conditions as filters, the sorts from doc values with tree order last, the total from the collector.
/// Only the page's keys come back; the caller reads those items through the published cache.
/// </summary>
public sealed class DeliveryQueryService(
    SearchIndex index,
    ContentChangeFeed feed,
    PublishedContentCache cache,
    IOptions<SearchOptions> options,
    ILogger<DeliveryQueryService> logger)
{
    /// <summary>The page of keys and the total; null while there is no index to ask (it is being built).</summary>
    public async Task<DeliveryQueryResult?> QueryAsync(DeliveryQuery query, CancellationToken cancellationToken = default)
    {
        // The index has what this instance committed and what its published cache shows: a query right after a publish
        // sees it, and an answer cached under the cache's generation is never older than that generation.
        var wanted = Math.Max(feed.LastCommittedHere, cache.ChangeFeedPosition);
        if (!await index.WaitForAsync(wanted, options.Value.ReadYourWritesTimeout, cancellationToken))
            logger.LogWarning("The search index is behind (at {Applied}, wanted {Wanted}); the Delivery API answers from it anyway", index.Sequence, wanted);
        using var lease = index.Acquire();
        if (lease is null)
            return null;
        return Run(lease.Searcher, query);
    }

    private DeliveryQueryResult Run(IndexSearcher searcher, DeliveryQuery query)
    {
        var filter = new BooleanQuery { { new TermQuery(new Term(SearchSchema.DeliveryCulture, query.Culture)), Occur.MUST } };
        foreach (var type in query.ExcludeTypes)
            filter.Add(new TermQuery(new Term(SearchSchema.ContentType, type)), Occur.MUST_NOT);
        if (query.ExcludeKeys.Count > 0)
            filter.Add(AnyOf(SearchSchema.Key, query.ExcludeKeys.Select(k => k.ToString())), Occur.MUST_NOT);
        foreach (var condition in query.Conditions)
            filter.Add(Build(condition, query.Culture), condition.Negate ? Occur.MUST_NOT : Occur.MUST);

        var fields = query.Sorts.Select(s => SortFieldFor(s, query.Culture)).ToList();
        fields.Add(new SortField(SearchSchema.DeliveryParent, new TreeOrder.ComparerSource(cache)));
        var maxDoc = Math.Max(1, searcher.IndexReader.MaxDoc);
        var wanted = (int)Math.Clamp((long)query.Skip + query.Take, 1, maxDoc);
        var collector = TopFieldCollector.Create(new Sort([.. fields]), wanted, fillFields: false, trackDocScores: false, trackMaxScore: false, docsScoredInOrder: false);
        searcher.Search(new ConstantScoreQuery(filter), collector);

        var keys = new List<Guid>(Math.Min(query.Take, 1000));
        if (query.Take > 0 && query.Skip < wanted)
        {
            var load = new HashSet<string> { SearchSchema.Key };
            foreach (var hit in collector.GetTopDocs(query.Skip, query.Take).ScoreDocs)
                keys.Add(Guid.Parse(searcher.Doc(hit.Doc, load).Get(SearchSchema.Key, CultureInfo.InvariantCulture)));
        }
        return new DeliveryQueryResult(collector.TotalHits, keys);
    }

    private static SortField SortFieldFor(DeliverySort sort, string culture) => sort.Field switch
    {
        DeliverySortField.CreateDate => new SortField(SearchSchema.DeliveryCreated, SortFieldType.INT64, sort.Descending),
        DeliverySortField.UpdateDate => new SortField(SearchSchema.DeliveryUpdated, SortFieldType.INT64, sort.Descending),
        DeliverySortField.Level => new SortField(SearchSchema.DeliveryLevel, SortFieldType.INT64, sort.Descending),
        DeliverySortField.SortOrder => new SortField(SearchSchema.DeliverySortOrder, SortFieldType.INT64, sort.Descending),
        DeliverySortField.Name => new SortField(SearchSchema.DeliveryName(culture), SortFieldType.STRING, sort.Descending),
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort.Field, "not a sort field"),
    };

    private static Query Build(DeliveryCondition condition, string culture) => condition switch
    {
        DeliveryCondition.AnyOf any => AnyOf(FieldOf(any.Field), any.Values.Select(v => Normalise(any.Field, v))),
        DeliveryCondition.NameContains name => Contains(SearchSchema.DeliveryMatch(culture), DeliveryText.Match(name.Text)),
        DeliveryCondition.Date date => DateQuery(date),
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "not a condition"),
    };

    private static string FieldOf(DeliveryField field) => field switch
    {
        DeliveryField.Key => SearchSchema.Key,
        DeliveryField.ContentType => SearchSchema.ContentType,
        DeliveryField.Parent => SearchSchema.DeliveryParent,
        DeliveryField.Ancestor => SearchSchema.DeliveryAncestor,
        DeliveryField.References => SearchSchema.Picks,
        DeliveryField.Country => SearchSchema.DeliveryCountry,
        DeliveryField.Region => SearchSchema.DeliveryRegion,
        DeliveryField.Kind => SearchSchema.DeliveryKind,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a field"),
    };

    /// <summary>Values as the index holds them: keys in one form, country codes in upper case, regions and kinds as filter keys.</summary>
    private static string Normalise(DeliveryField field, string value) => field switch
    {
        DeliveryField.Key or DeliveryField.Parent or DeliveryField.Ancestor or DeliveryField.References =>
            Guid.TryParse(value, out var key) ? key.ToString() : value,
        DeliveryField.Country => value.Trim().ToUpperInvariant(),
        DeliveryField.Region or DeliveryField.Kind => DeliveryText.FilterKey(value),
        _ => value,
    };

    /// <summary>Documents with any of the terms; none at all for no terms.</summary>
    private static Query AnyOf(string field, IEnumerable<string> values)
    {
        var terms = values.Distinct(StringComparer.Ordinal).Select(v => new Term(field, v)).ToList();
        return terms.Count == 0 ? new BooleanQuery() : new ConstantScoreQuery(new TermsFilter(terms));
    }

    private static Query Contains(string field, string text)
    {
        if (text.Length == 0)
            return new MatchAllDocsQuery();
        var pattern = new StringBuilder(text.Length + 4).Append(WildcardQuery.WILDCARD_STRING);
        foreach (var c in text)
        {
            if (c is WildcardQuery.WILDCARD_STRING or WildcardQuery.WILDCARD_CHAR or WildcardQuery.WILDCARD_ESCAPE)
                pattern.Append(WildcardQuery.WILDCARD_ESCAPE);
            pattern.Append(c);
        }
        pattern.Append(WildcardQuery.WILDCARD_STRING);
        return new WildcardQuery(new Term(field, pattern.ToString()));
    }

    private static Query DateQuery(DeliveryCondition.Date date)
    {
        var field = date.Field == DeliveryDateField.CreateDate ? SearchSchema.DeliveryCreated : SearchSchema.DeliveryUpdated;
        var ticks = date.Value.UtcTicks;
        return date.Comparison switch
        {
            DateComparison.After => NumericRangeQuery.NewInt64Range(field, ticks, null, minInclusive: false, maxInclusive: true),
            DateComparison.From => NumericRangeQuery.NewInt64Range(field, ticks, null, minInclusive: true, maxInclusive: true),
            DateComparison.Before => NumericRangeQuery.NewInt64Range(field, null, ticks, minInclusive: true, maxInclusive: false),
            DateComparison.Until => NumericRangeQuery.NewInt64Range(field, null, ticks, minInclusive: true, maxInclusive: true),
            DateComparison.Exactly => NumericRangeQuery.NewInt64Range(field, ticks, ticks, minInclusive: true, maxInclusive: true),
            DateComparison.NotExactly => new BooleanQuery
            {
                { new MatchAllDocsQuery(), Occur.MUST },
                { NumericRangeQuery.NewInt64Range(field, ticks, ticks, minInclusive: true, maxInclusive: true), Occur.MUST_NOT },
            },
            _ => throw new ArgumentOutOfRangeException(nameof(date), date.Comparison, "not a comparison"),
        };
    }
}
