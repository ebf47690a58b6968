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
        private readonly long[] _boost;
        private readonly long[] _recency;
        private readonly PriorScoreQuery _query;

        public Provider(AtomicReaderContext context, PriorScoreQuery query) : base(context)
        {
            _query = query;
            // Read for every match: as the segment's arrays rather than decoded from doc values each time.
            _boost = SegmentCache.Numbers(context.AtomicReader, SearchSchema.Boost);
            _recency = SegmentCache.Numbers(context.AtomicReader, SearchSchema.Recency);
        }

        public override float CustomScore(int doc, float subQueryScore, float valSrcScore)
        {
            var boostBits = _boost[doc];
            var boost = boostBits == 0 ? 1 : BitConverter.Int64BitsToDouble(boostBits);
            return (float)(subQueryScore * Prior(boost, _recency[doc], _query._now, _query._weight, _query._scaleTicks));
        }
    }
}
