using System.Globalization;
using Npgsql;
using StrongCitiesPortal.Content.Persistence;
using StrongCitiesPortal.Content.Reading;

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

/// <summary>The engine's per-culture status of a set of items, with whether a pending review covers each culture.</summary>
public sealed class CultureStates(CultureStatusReader statuses, PortalDatabase database)
{
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<CultureState>>> ForAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
            return new Dictionary<Guid, IReadOnlyList<CultureState>>();
        var read = await statuses.ForAsync(keys, cancellationToken);
        var inReview = await CulturesInReviewAsync(keys, cancellationToken);
        return read.ToDictionary(s => s.Key, s => (IReadOnlyList<CultureState>)s.Value
            .Select(c => new CultureState(c.Culture, c.Published, c.DraftNewer, inReview.Contains((s.Key, c.Culture)), c.PublishAt, c.UnpublishAt))
            .ToList());
    }

    private async Task<HashSet<(Guid, string)>> CulturesInReviewAsync(IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
    {
        var pending = new HashSet<(Guid, string)>();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select node_key, unnest(cultures) from bo_review where node_key = any (@keys) and status = 'pending'", connection);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            pending.Add((reader.GetGuid(0), reader.GetString(1)));
        return pending;
    }
}

/// <summary>An item's per-culture states as the _CultureStates partial shows them, limited to the cultures the reader edits.</summary>
public sealed record CultureStatesView(IReadOnlyList<CultureState> States, IReadOnlyCollection<string>? Cultures = null, bool Compact = false)
{
    public IEnumerable<CultureState> Shown => Cultures is null ? States : States.Where(s => Cultures.Contains(s.Culture));

    public IEnumerable<string> Missing => Cultures is null ? [] : Cultures.Where(c => States.All(s => s.Culture != c));
}
