using Microsoft.Extensions.Options;
using Npgsql;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Publishing;

/// <summary>
/// Finds the item a published route leads to by reading PostgreSQL one segment at a time, as the published cache
/// builds routes (the first live root is the site, "/"; other roots sit beside its children): a process that needs
/// one route (an import's parent) needs no published cache, so it starts in the same time at any size of site.
/// </summary>
public sealed class LiveRouteFinder(PortalDatabase database, DocumentTypeRegistry types, IOptions<PortalContentOptions> options)
{
    // An item of a type that does not vary by culture has its default culture's segment in every culture.
    private const string InCulture = "(c.culture = @culture or (c.culture = @default and n.content_type = any(@invariant)))";

    private const string LiveChild = $"""
        select n.id, n.key from cms_node n join cms_culture c on c.node_id = n.id
        where n.parent_id = @parent and not n.trashed and {InCulture} and c.published_version is not null and c.published_segment = @segment
        order by n.sort_order, n.id limit 1
        """;

    private readonly string _defaultCulture = options.Value.EffectiveCultures[0];

    /// <summary>The key of the item live at <paramref name="route"/> in <paramref name="culture"/>, or null.</summary>
    public async Task<Guid?> FindAsync(string route, string culture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentException.ThrowIfNullOrWhiteSpace(culture);
        var where = new Where(culture, _defaultCulture, types.All.Where(t => !t.VariesByCulture).Select(t => t.Alias).ToArray());
        var segments = PublishedContentCache.NormaliseRoute(route).Split('/', StringSplitOptions.RemoveEmptyEntries);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var roots = new List<(long Id, Guid Key, bool Live)>();
        await using (var command = new NpgsqlCommand($"""
            select n.id, n.key, bool_or({InCulture}) from cms_node n join cms_culture c on c.node_id = n.id
            where n.parent_id is null and not n.trashed and c.published_version is not null
            group by n.id order by n.sort_order, n.id
            """, connection))
        {
            where.AddTo(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                roots.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetBoolean(2)));
        }
        if (roots.Count == 0)
            return null;
        if (segments.Length == 0)
            return roots[0].Live ? roots[0].Key : null;

        // The first segment: a child of the site, else another root.
        (long Id, Guid Key)? current = roots[0].Live ? await ChildAsync(connection, roots[0].Id, segments[0], where, cancellationToken) : null;
        if (current is null)
        {
            await using var command = new NpgsqlCommand($"""
                select n.id, n.key from cms_node n join cms_culture c on c.node_id = n.id
                where n.parent_id is null and n.id <> @site and not n.trashed and {InCulture} and c.published_version is not null and c.published_segment = @segment
                order by n.sort_order, n.id limit 1
                """, connection);
            command.Parameters.AddWithValue("site", roots[0].Id);
            where.AddTo(command);
            command.Parameters.AddWithValue("segment", segments[0]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                current = (reader.GetInt64(0), reader.GetGuid(1));
        }
        foreach (var segment in segments.Skip(1))
        {
            if (current is null)
                return null;
            current = await ChildAsync(connection, current.Value.Id, segment, where, cancellationToken);
        }
        return current?.Key;
    }

    private sealed record Where(string Culture, string DefaultCulture, string[] Invariant)
    {
        public void AddTo(NpgsqlCommand command)
        {
            command.Parameters.AddWithValue("culture", Culture);
            command.Parameters.AddWithValue("default", DefaultCulture);
            command.Parameters.AddWithValue("invariant", Invariant);
        }
    }

    private static async Task<(long Id, Guid Key)?> ChildAsync(NpgsqlConnection connection, long parent, string segment, Where where, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LiveChild, connection);
        command.Parameters.AddWithValue("parent", parent);
        where.AddTo(command);
        command.Parameters.AddWithValue("segment", segment);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetGuid(1)) : null;
    }
}
