using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>
/// Where one culture of an item stands. "Draft newer than live" compares that culture's own text (and, for the
/// default culture, the shared properties) in the latest and the live version: a save of English makes a new
/// version of the whole item, but French, untouched, is still what is live.
/// </summary>
public sealed record CultureState(string Culture, bool Published, bool DraftNewer, bool InReview, DateTimeOffset? PublishAt, DateTimeOffset? UnpublishAt)
{
    public string Language => CultureInfo.GetCultureInfo(Culture).EnglishName;

    /// <summary>The state in words: "published", "draft newer than live", "not published", then "in review" and dates.</summary>
    public string Words
    {
        get
        {
            var words = new List<string> { !Published ? "not published" : DraftNewer ? "draft newer than live" : "published" };
            if (InReview)
                words.Add("in review");
            if (PublishAt is { } at)
                words.Add(string.Create(CultureInfo.InvariantCulture, $"scheduled for {at.UtcDateTime:d MMM yyyy HH:mm} UTC"));
            if (UnpublishAt is { } until)
                words.Add(string.Create(CultureInfo.InvariantCulture, $"unpublishes {until.UtcDateTime:d MMM yyyy HH:mm} UTC"));
            return string.Join(", ", words);
        }
    }

    /// <summary>The mark's style: the most pressing of in review, scheduled, draft and published.</summary>
    public string Mark => InReview ? "review" : PublishAt is not null ? "scheduled" : !Published ? "draft" : DraftNewer ? "changed" : "live";
}

/// <summary>Reads the per-culture state of a set of items in one query.</summary>
public sealed class CultureStates(PortalDatabase database, IOptions<PortalContentOptions> options)
{
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<CultureState>>> ForAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken = default)
    {
        var states = new Dictionary<Guid, List<CultureState>>();
        if (keys.Count == 0)
            return new Dictionary<Guid, IReadOnlyList<CultureState>>();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select n.key, c.culture, c.published_version is not null,
                   c.published_version is not null and c.published_version <> n.latest_version and (
                       (lv.data -> 'cultures' -> c.culture) is distinct from (pv.data -> 'cultures' -> c.culture)
                       or (c.culture = @default and (lv.data -> 'invariant') is distinct from (pv.data -> 'invariant'))),
                   exists (select 1 from bo_review r where r.node_key = n.key and r.status = 'pending' and c.culture = any (r.cultures)),
                   c.publish_at, c.unpublish_at
            from cms_node n
            join cms_culture c on c.node_id = n.id
            join cms_version lv on lv.node_id = n.id and lv.version = n.latest_version
            left join cms_version pv on pv.node_id = n.id and pv.version = c.published_version
            where n.key = any (@keys)
            """, connection);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        command.Parameters.AddWithValue("default", options.Value.DefaultCulture);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetGuid(0);
            if (!states.TryGetValue(key, out var list))
                states[key] = list = [];
            list.Add(new CultureState(reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }
        var order = options.Value.EffectiveCultures.ToList();
        return states.ToDictionary(s => s.Key, s => (IReadOnlyList<CultureState>)s.Value.OrderBy(c => order.IndexOf(c.Culture) is var i and >= 0 ? i : int.MaxValue).ToList());
    }
}

/// <summary>An item's per-culture states as the _CultureStates partial shows them, limited to the cultures the reader edits.</summary>
public sealed record CultureStatesView(IReadOnlyList<CultureState> States, IReadOnlyCollection<string>? Cultures = null, bool Compact = false)
{
    public IEnumerable<CultureState> Shown => Cultures is null ? States : States.Where(s => Cultures.Contains(s.Culture));

    public IEnumerable<string> Missing => Cultures is null ? [] : Cultures.Where(c => States.All(s => s.Culture != c));
}
