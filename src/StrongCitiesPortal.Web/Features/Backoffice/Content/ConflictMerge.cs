using System.Text.Json;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>
/// When a save is refused because someone saved in between, the editor's form is rebuilt on top of the
/// newer version: fields only they changed keep their edit, fields only the other person changed take the
/// other person's value, and fields both changed keep the editor's value and are pointed out.
/// </summary>
public static class ConflictMerge
{
    public sealed record Result(ContentData Merged, IReadOnlyList<string> ChangedByBoth);

    public static Result Merge(ContentData basis, ContentData theirs, ContentData mine)
    {
        var merged = theirs.Clone();
        var both = new List<string>();

        MergeValues(basis.Invariant, theirs.Invariant, mine.Invariant, merged.Invariant, null, both);
        foreach (var culture in basis.Cultures.Keys.Union(theirs.Cultures.Keys).Union(mine.Cultures.Keys))
        {
            var b = basis.Cultures.GetValueOrDefault(culture);
            var t = theirs.Cultures.GetValueOrDefault(culture);
            var m = mine.Cultures.GetValueOrDefault(culture);
            if (m is null)
                continue;
            if (t is null)
            {
                if (b is null)
                    merged.Cultures[culture] = m.Clone();
                continue;
            }
            var target = merged.Cultures[culture];
            target.Name = Pick(b?.Name, t.Name, m.Name, $"name ({culture})", both) ?? t.Name;
            target.Segment = Pick(b?.Segment, t.Segment, m.Segment, $"segment ({culture})", both);
            MergeValues(b?.Values ?? [], t.Values, m.Values, target.Values, culture, both);
        }
        return new Result(merged, both);
    }

    private static void MergeValues(IReadOnlyDictionary<string, JsonElement> basis, IReadOnlyDictionary<string, JsonElement> theirs,
        IReadOnlyDictionary<string, JsonElement> mine, Dictionary<string, JsonElement> target, string? culture, List<string> both)
    {
        foreach (var alias in basis.Keys.Union(theirs.Keys).Union(mine.Keys).ToList())
        {
            var b = Raw(basis, alias);
            var t = Raw(theirs, alias);
            var m = Raw(mine, alias);
            var chosen = Pick(b, t, m, culture is null ? alias : $"{alias} ({culture})", both);
            if (chosen is null)
                target.Remove(alias);
            else
                target[alias] = chosen == t ? theirs[alias] : mine[alias];
        }
    }

    private static string? Raw(IReadOnlyDictionary<string, JsonElement> values, string alias) =>
        values.TryGetValue(alias, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? ContentForm.Normal(v) : null;

    private static string? Pick(string? basis, string? theirs, string? mine, string field, List<string> both)
    {
        if (mine == basis)
            return theirs;
        if (theirs == basis || theirs == mine)
            return mine;
        both.Add(field);
        return mine;
    }
}
