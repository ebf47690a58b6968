using Npgsql;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Transfer.Import;

/// <summary>
/// Finds the item a parent reference means (a key, a published route or an external id), remembering the answers
/// for the rest of the run.
/// </summary>
internal sealed class ParentResolver(ItemLookup items, LiveRouteFinder routes, ImportJournal journal, NpgsqlConnection connection, string defaultCulture)
{
    private readonly Dictionary<string, (ParentInfo? Parent, string? Problem)> _parents = new(StringComparer.Ordinal);

    public async Task<(ParentInfo? Parent, string? Problem)> ResolveAsync(string reference, CancellationToken cancellationToken)
    {
        if (_parents.TryGetValue(reference, out var known))
            return known;
        var resolved = await FindAsync(reference.Trim(), cancellationToken);
        if (_parents.Count > 10_000)
            _parents.Clear();
        _parents[reference] = resolved;
        return resolved;
    }

    private async Task<(ParentInfo?, string?)> FindAsync(string reference, CancellationToken cancellationToken)
    {
        Guid key;
        if (Guid.TryParse(reference, out var given))
        {
            key = given;
        }
        else if (reference.StartsWith('/'))
        {
            if (await routes.FindAsync(reference, defaultCulture, cancellationToken) is not { } live)
                return (null, $"No published item has the route '{reference}'.");
            key = live;
        }
        else
        {
            var keys = await journal.KeysOfExternalIdAsync(connection, reference, cancellationToken);
            if (keys.Count != 1)
                return (null, keys.Count == 0
                    ? $"'{reference}' is not the key, route or external id of any item."
                    : $"'{reference}' is the external id of {keys.Count} items; give the parent's key instead.");
            key = keys[0];
        }
        if ((await items.LatestAsync([key], cancellationToken)).GetValueOrDefault(key) is not { } item)
            return (null, $"There is no item {key}.");
        // Named as in the default culture, else as in another.
        var name = item.Cultures.GetValueOrDefault(defaultCulture)?.Name
            ?? item.Cultures.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value.Name).FirstOrDefault();
        var published = item.Cultures.Where(c => c.Value.PublishedVersion is not null).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        return (new ParentInfo(key, item.ContentType, item.Trashed, name ?? key.ToString(), published), null);
    }
}
