using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using StrongCitiesPortal.Search.Index;

namespace StrongCitiesPortal.Search.Querying;

/// <summary>
/// The text score times the item's prior: its own boost (evaluated, peer-reviewed) and a gentle lift for recent
/// items, read from doc values, so every match is ranked with it and none is cut off beforehand.
/// </summary>
public sealed class PriorScoreQuery(Query query, double recencyWeight, double halfLifeYears, DateTimeOffset now) : CustomScoreQuery(query)
{
    private readonly double _scaleTicks = halfLifeYears * 365.25 * TimeSpan.TicksPerDay / Math.Log(2);
    private readonly long _now = now.UtcTicks;
    private readonly double _weight = recencyWeight;

    protected override CustomScoreProvider GetCustomScoreProvider(AtomicReaderContext context) =>
        new Provider(context, this);

    public override bool Equals(object? o) => ReferenceEquals(this, o);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    public static double Prior(double boost, long recencyTicks, long nowTicks, double weight, double scaleTicks)
    {
        var age = Math.Max(0, nowTicks - recencyTicks);
        return (boost > 0 ? boost : 1) * (1 + weight * Math.Exp(-age / scaleTicks));
    }

    private sealed class Provider : CustomScoreProvider
    {
        private readonly NumericDocValues _boost;
        private readonly NumericDocValues _recency;
        private readonly PriorScoreQuery _query;

        public Provider(AtomicReaderContext context, PriorScoreQuery query) : base(context)
        {
            _query = query;
            _boost = context.AtomicReader.GetNumericDocValues(SearchSchema.Boost) ?? DocValues.EMPTY_NUMERIC;
            _recency = context.AtomicReader.GetNumericDocValues(SearchSchema.Recency) ?? DocValues.EMPTY_NUMERIC;
        }

        public override float CustomScore(int doc, float subQueryScore, float valSrcScore)
        {
            var boostBits = _boost.Get(doc);
            var boost = boostBits == 0 ? 1 : BitConverter.Int64BitsToDouble(boostBits);
            return (float)(subQueryScore * Prior(boost, _recency.Get(doc), _query._now, _query._weight, _query._scaleTicks));
        }
    }
}
