using System.Collections.Immutable;

namespace StrongCitiesPortal.Content.Publishing;

/// <summary>
/// Routes without route strings. For each culture the cache keeps one entry per live item: the step from its parent by
/// its URL segment. A route is found by walking steps down from the site's root ("/practices/ireportit/" is two steps),
/// and an item's route is put together by walking up its ancestors. Two siblings with the same segment in a culture
/// (possible after a rename and a publish) share one step: the first in sort order answers, as it always did.
/// </summary>
public sealed partial class PublishedContentCache
{
    /// <summary>From an item (the parent) by a URL segment to the child that answers it.</summary>
    private readonly record struct RouteStep(Guid Parent, string Segment);

    /// <summary>
    /// One culture's steps. <see cref="Shadowed"/> counts, for the rare step more than one sibling claims, how many
    /// are hidden behind the one that answers: only those steps need their siblings looked at again when it goes.
    /// </summary>
    private sealed record CultureRoutes(Dictionary<RouteStep, Guid> Steps, Dictionary<RouteStep, int> Shadowed)
    {
        public static readonly CultureRoutes Empty = new([], []);
    }

    /// <summary>The item's route in a culture ("/practices/ireportit/"), or null when it cannot be reached in it.</summary>
    public string? Route(Guid key, string culture)
    {
        var segments = new List<string>(4);
        return Reachable(_snapshot, key, culture, segments) ? Join(segments) : null;
    }

    public PublishedContent? GetByRoute(string route, string culture)
    {
        var snapshot = _snapshot;
        if (snapshot.Roots.Count == 0 || !snapshot.Routes.TryGetValue(culture, out var routes))
            return null;
        var current = snapshot.Items[snapshot.Roots[0]];
        var normalised = NormaliseRoute(route);
        if (normalised == "/")
            return current.Variant(culture) is null ? null : current;
        foreach (var segment in normalised.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!routes.Steps.TryGetValue(new RouteStep(current.Key, segment), out var next) || !snapshot.Items.TryGetValue(next, out current))
                return null;
        }
        return current;
    }

    private static string Join(List<string> segmentsUpwards)
    {
        if (segmentsUpwards.Count == 0)
            return "/";
        var length = 1;
        foreach (var segment in segmentsUpwards)
            length += segment.Length + 1;
        return string.Create(length, segmentsUpwards, static (span, parts) =>
        {
            span[0] = '/';
            var at = 1;
            for (var i = parts.Count - 1; i >= 0; i--)
            {
                parts[i].AsSpan().CopyTo(span[at..]);
                at += parts[i].Length;
                span[at++] = '/';
            }
        });
    }

    /// <summary>
    /// Whether the item can be reached in the culture: it and every ancestor live there, and each answers its step.
    /// Fills <paramref name="segments"/> (when given) with the route's segments, the item's own first.
    /// </summary>
    private static bool Reachable(Snapshot snapshot, Guid key, string culture, List<string>? segments)
    {
        if (snapshot.Roots.Count == 0 || !snapshot.Routes.TryGetValue(culture, out var routes))
            return false;
        var home = snapshot.Roots[0];
        var current = snapshot.Items.GetValueOrDefault(key);
        while (current?.Variant(culture) is { } variant)
        {
            if (current.Key == home)
                return true;
            var parent = current.ParentKey ?? home;
            if (!Answers(routes, parent, current.Key, variant))
                return false;
            segments?.Add(variant.Segment);
            // Another root hangs straight under "/", whether or not the site's root is live in the culture.
            if (current.ParentKey is null)
                return true;
            current = snapshot.Items.GetValueOrDefault(parent);
        }
        return false;
    }

    /// <summary>Whether the item answers the step from <paramref name="parent"/> by its segment (none of its siblings does first).</summary>
    private static bool Answers(CultureRoutes routes, Guid parent, Guid key, PublishedVariant variant) =>
        routes.Steps.TryGetValue(new RouteStep(parent, variant.Segment), out var holder) && holder == key;

    /// <summary>
    /// The step an item claims in a culture, or null when it claims none: it is not live there, it is the site's root
    /// ("/"), or its parent is the site's root and that is not live there. Other roots claim a step under the site's root.
    /// </summary>
    private static RouteStep? StepOf(PublishedContent item, string culture, Guid home, Dictionary<Guid, PublishedContent> items)
    {
        if (item.Variant(culture) is not { } variant || item.Key == home)
            return null;
        var parent = item.ParentKey ?? home;
        if (parent == home && item.ParentKey is not null && items.GetValueOrDefault(home)?.Variant(culture) is null)
            return null;
        return new RouteStep(parent, variant.Segment);
    }

    /// <summary>
    /// Which of two claimants of one step answers it: the site root's children before the other roots, siblings in
    /// sort order (the order a walk of the tree meets them).
    /// </summary>
    private static bool Precedes(PublishedContent a, PublishedContent b, ImmutableList<Guid> roots)
    {
        if ((a.ParentKey is null) != (b.ParentKey is null))
            return a.ParentKey is not null;
        return a.ParentKey is null ? roots.IndexOf(a.Key) < roots.IndexOf(b.Key) : Compare(a, b) < 0;
    }

    /// <summary>The claimants of steps from <paramref name="parent"/>, in the order that decides which answers.</summary>
    private static IEnumerable<PublishedContent> ClaimantsUnder(Guid parent, Dictionary<Guid, PublishedContent> items,
        Dictionary<Guid, ImmutableList<Guid>> children, ImmutableList<Guid> roots)
    {
        foreach (var child in children.GetValueOrDefault(parent, []))
            yield return items[child];
        if (roots.Count > 0 && parent == roots[0])
        {
            for (var i = 1; i < roots.Count; i++)
                yield return items[roots[i]];
        }
    }

    private static CultureRoutes BuildRoutes(Dictionary<Guid, PublishedContent> items, Dictionary<Guid, ImmutableList<Guid>> children,
        ImmutableList<Guid> roots, string culture)
    {
        var routes = new CultureRoutes(new Dictionary<RouteStep, Guid>(items.Count), []);
        if (roots.Count == 0)
            return routes;
        var home = roots[0];
        void Claim(PublishedContent item)
        {
            if (StepOf(item, culture, home, items) is { } step && !routes.Steps.TryAdd(step, item.Key))
                routes.Shadowed[step] = routes.Shadowed.GetValueOrDefault(step) + 1;
        }
        foreach (var item in ClaimantsUnder(home, items, children, roots))
            Claim(item);
        foreach (var (parent, kids) in children)
        {
            if (parent == home)
                continue;
            foreach (var child in kids)
                Claim(items[child]);
        }
        return routes;
    }

    /// <summary>
    /// One culture's steps after the changed items left their old steps and took their new ones. Descendants of a moved
    /// item keep their steps (they hang from it, not from a route). Only a step that more than one sibling claimed looks
    /// at its siblings again when the one answering it goes; every other change costs a few lookups.
    /// </summary>
    private static CultureRoutes UpdateRoutes(CultureRoutes old, Dictionary<Guid, PublishedContent> before, Dictionary<Guid, PublishedContent> items,
        Dictionary<Guid, ImmutableList<Guid>> children, ImmutableList<Guid> roots, HashSet<Guid> keys, string culture)
    {
        if (roots.Count == 0)
            return CultureRoutes.Empty;
        var home = roots[0];
        var routes = new CultureRoutes(new Dictionary<RouteStep, Guid>(old.Steps), new Dictionary<RouteStep, int>(old.Shadowed));
        var recount = new HashSet<RouteStep>();
        foreach (var key in keys)
        {
            if (!before.TryGetValue(key, out var was) || StepOf(was, culture, home, before) is not { } step)
                continue;
            if (routes.Steps.TryGetValue(step, out var holder) && holder == key)
            {
                routes.Steps.Remove(step);
                if (routes.Shadowed.ContainsKey(step))
                    recount.Add(step);
            }
            else if (routes.Shadowed.TryGetValue(step, out var hidden))
            {
                if (hidden <= 1)
                    routes.Shadowed.Remove(step);
                else
                    routes.Shadowed[step] = hidden - 1;
            }
        }
        foreach (var key in keys)
        {
            if (!items.TryGetValue(key, out var now) || StepOf(now, culture, home, items) is not { } step || recount.Contains(step))
                continue;
            if (!routes.Steps.TryGetValue(step, out var holder))
            {
                routes.Steps[step] = key;
                continue;
            }
            routes.Shadowed[step] = routes.Shadowed.GetValueOrDefault(step) + 1;
            if (Precedes(now, items[holder], roots))
                routes.Steps[step] = key;
        }
        foreach (var step in recount)
        {
            routes.Shadowed.Remove(step);
            var claimants = ClaimantsUnder(step.Parent, items, children, roots)
                .Where(c => StepOf(c, culture, home, items) == step)
                .Select(c => c.Key)
                .ToList();
            if (claimants.Count > 0)
                routes.Steps[step] = claimants[0];
            if (claimants.Count > 1)
                routes.Shadowed[step] = claimants.Count - 1;
        }
        return routes;
    }
}
