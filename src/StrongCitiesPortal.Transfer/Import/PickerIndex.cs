using System.Globalization;
using Npgsql;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Transfer.Import;

/// <summary>
/// Finds the items a picker value means: a content key, an external id given by an earlier import, or a
/// name in any culture (case and extra spaces ignored). Loaded once per import for the picked types.
/// </summary>
public sealed class PickerIndex
{
    private readonly Dictionary<string, Dictionary<string, List<Guid>>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Guid>> _byExternalId = new(StringComparer.Ordinal);

    /// <param name="connection">A connection for the import's own table of external ids.</param>
    public static async Task<PickerIndex> LoadAsync(ItemLookup items, NpgsqlConnection connection, IReadOnlyCollection<string> contentTypes, CancellationToken cancellationToken)
    {
        var index = new PickerIndex();
        if (contentTypes.Count == 0)
            return index;
        await foreach (var name in items.NamesAsync(contentTypes, cancellationToken))
            index.AddName(name.ContentType, name.Key, name.Name);
        var mapped = new List<(string ContentType, string ExternalId, Guid Key)>();
        await using (var ids = new NpgsqlCommand(
            "select content_type, external_id, node_key from transfer_external_id where content_type = any(@types)", connection))
        {
            ids.Parameters.AddWithValue("types", contentTypes.ToArray());
            await using var reader = await ids.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                mapped.Add((reader.GetString(0), reader.GetString(1), reader.GetGuid(2)));
        }
        // Only items that are still there and not in the recycle bin can be picked.
        var present = await items.TypesOfAsync(mapped.Select(m => m.Key).ToList(), cancellationToken);
        foreach (var (contentType, externalId, key) in mapped.Where(m => present.ContainsKey(m.Key)))
            index.AddExternalId(contentType, externalId, key);
        return index;
    }

    public void AddName(string contentType, Guid key, string name)
    {
        if (!_byName.TryGetValue(contentType, out var names))
            _byName[contentType] = names = new Dictionary<string, List<Guid>>(StringComparer.Ordinal);
        var normalised = Normalise(name);
        if (!names.TryGetValue(normalised, out var keys))
            names[normalised] = keys = [];
        if (!keys.Contains(key))
            keys.Add(key);
    }

    public void AddExternalId(string contentType, string externalId, Guid key)
    {
        if (!_byExternalId.TryGetValue(contentType, out var ids))
            _byExternalId[contentType] = ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        ids[externalId] = key;
    }

    /// <summary>The key the value means, or why it means none.</summary>
    public (Guid? Key, string? Problem) Resolve(string value, PropertyType property, DocumentTypeRegistry types)
    {
        var text = value.Trim();
        if (Guid.TryParse(text, out var key))
            return (key, null);
        var allowed = property.AllowedTypes;
        var byId = allowed.Select(t => _byExternalId.TryGetValue(t, out var ids) && ids.TryGetValue(text, out var id) ? id : (Guid?)null).Where(k => k is not null).Distinct().ToList();
        if (byId.Count == 1)
            return (byId[0], null);
        var byName = allowed.SelectMany(t => _byName.GetValueOrDefault(t)?.GetValueOrDefault(Normalise(text)) ?? []).Distinct().ToList();
        if (byId.Count > 1 || byName.Count > 1)
            return (null, $"'{text}' matches {Math.Max(byId.Count, byName.Count)} items; use a key or an external id.");
        if (byName.Count == 1)
            return (byName[0], null);
        var what = string.Join(" or ", allowed.Select(t => types.Find(t)?.Name ?? t));
        return (null, $"'{text}' matches no {(what.Length == 0 ? "item" : what)} by key, external id or name.");
    }

    private static string Normalise(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLower(CultureInfo.InvariantCulture);
}
