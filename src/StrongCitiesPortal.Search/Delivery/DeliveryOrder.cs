using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Search.Delivery;

/// <summary>
/// The order of <see cref="DeliveryQueryService"/> for items held in memory (preview's drafts, merged with a page from
/// the index): the same keys compared the same way, tree order last.
/// </summary>
public static class DeliveryOrder
{
    public static Comparison<PublishedContent> For(IReadOnlyList<DeliverySort> sorts, string culture, Func<Guid, PublishedContent?> lookup)
    {
        var places = new Dictionary<Guid, long[]>();
        var names = new Dictionary<Guid, byte[]>();
        long[] Place(PublishedContent item)
        {
            if (!places.TryGetValue(item.Key, out var place))
                places[item.Key] = place = TreeOrder.Place(item, lookup);
            return place;
        }
        byte[] Name(PublishedContent item)
        {
            if (!names.TryGetValue(item.Key, out var key))
                names[item.Key] = key = DeliveryText.NameSortKey(item.Variant(culture)?.Name ?? "", culture);
            return key;
        }
        return (a, b) =>
        {
            foreach (var sort in sorts)
            {
                var order = sort.Field switch
                {
                    DeliverySortField.CreateDate => a.CreateDate.UtcTicks.CompareTo(b.CreateDate.UtcTicks),
                    DeliverySortField.UpdateDate => a.UpdateDate.UtcTicks.CompareTo(b.UpdateDate.UtcTicks),
                    DeliverySortField.Level => a.Level.CompareTo(b.Level),
                    DeliverySortField.SortOrder => a.SortOrder.CompareTo(b.SortOrder),
                    DeliverySortField.Name => Name(a).AsSpan().SequenceCompareTo(Name(b)),
                    _ => 0,
                };
                if (order != 0)
                    return sort.Descending ? -order : order;
            }
            return TreeOrder.Compare(Place(a), Place(b));
        };
    }
}
