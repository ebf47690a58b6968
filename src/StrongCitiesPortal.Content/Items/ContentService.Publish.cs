using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Items;

public sealed partial class ContentService
{
    /// <summary>Publishes the latest version in the given cultures.</summary>
    public Task<ContentResult> PublishAsync(Guid key, IReadOnlyList<string> cultures, string user, CancellationToken cancellationToken = default) =>
        PublishAsync(key, cultures, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> PublishAsync(Guid key, IReadOnlyList<string> cultures, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            return item is null ? ContentResult.Missing(key) : await PublishInScopeAsync(scope, item, cultures, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Publishes exactly <paramref name="version"/> (the one the publisher saw or approved) in the given cultures,
    /// whatever has been saved since; newer versions stay drafts.
    /// </summary>
    public Task<ContentResult> PublishVersionAsync(Guid key, int version, IReadOnlyList<string> cultures, string user, CancellationToken cancellationToken = default) =>
        PublishVersionAsync(key, version, cultures, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> PublishVersionAsync(Guid key, int version, IReadOnlyList<string> cultures, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            return item is null ? ContentResult.Missing(key) : await PublishInScopeAsync(scope, item, cultures, cancellationToken, version);
        }, cancellationToken);

    private async Task<ContentResult> PublishInScopeAsync(ContentScope scope, ContentItem item, IReadOnlyList<string> requested, CancellationToken cancellationToken, int? chosenVersion = null)
    {
        var type = types.Get(item.ContentType);
        var version = chosenVersion ?? item.Version;
        var data = item.Data;
        if (version != item.Version)
        {
            if (version < 1 || version > item.Version || await VersionDataAsync(scope, item.Id, version, cancellationToken) is not { } chosen)
                return ContentResult.Invalid($"Item {item.Key} has no version {version}.");
            data = chosen;
        }
        var cultures = type.VariesByCulture ? requested.Distinct(StringComparer.Ordinal).ToList() : [DefaultCulture];
        if (cultures.Count == 0)
            return ContentResult.Invalid("Choose at least one culture to publish.");
        if (item.Trashed)
            return ContentResult.Invalid("An item in the recycle bin cannot be published.");
        var errors = new List<ValidationError>();
        foreach (var culture in cultures)
        {
            if (!data.Cultures.ContainsKey(culture) || !item.Publishing.ContainsKey(culture))
                errors.Add(new(null, culture, $"The item has no '{culture}' version to publish."));
        }
        if (item.ParentKey is { } parentKey && errors.Count == 0)
        {
            var parent = (await LoadAsync(scope.Connection, scope.Transaction, parentKey, false, cancellationToken))!;
            var parentVaries = types.Get(parent.ContentType).VariesByCulture;
            foreach (var culture in cultures)
            {
                if (!parent.IsPublished(parentVaries ? culture : DefaultCulture) && !(!type.VariesByCulture && _cultures.Any(c => parent.IsPublished(c))))
                    errors.Add(new(null, culture, $"Publish the parent '{parent.Name(culture)}' in '{culture}' first."));
            }
        }
        if (errors.Count == 0)
            errors.AddRange(await ValidateAsync(scope, type, data, cancellationToken));
        if (errors.Count > 0)
            return ContentResult.Invalid(errors);

        var now = clock.GetUtcNow();
        foreach (var culture in cultures)
        {
            var previous = item.Publishing.TryGetValue(culture, out var state) ? state.PublishedVersion : null;
            await using var update = scope.Command("""
                update cms_culture set published_version = @version, published_name = @name, published_segment = segment,
                       published_at = @now, publish_at = null, publish_version = null
                where node_id = @id and culture = @culture
                """);
            update.Parameters.AddWithValue("version", version);
            update.Parameters.AddWithValue("name", data.Cultures[culture].Name);
            update.Parameters.AddWithValue("now", now);
            update.Parameters.AddWithValue("id", item.Id);
            update.Parameters.AddWithValue("culture", culture);
            await update.ExecuteNonQueryAsync(cancellationToken);
            await AuditAsync(scope, item.Key, "publish", culture, previous, version, null, cancellationToken);
        }
        var published = (await LoadAsync(scope.Connection, scope.Transaction, item.Key, false, cancellationToken))!;
        await notifications.PublishAsync(new ContentPublishedNotification(scope, published, cultures) { PublishedVersion = version }, cancellationToken);
        return ContentResult.Ok(published);
    }

    public Task<ContentResult> UnpublishAsync(Guid key, IReadOnlyList<string> cultures, string user, CancellationToken cancellationToken = default) =>
        UnpublishAsync(key, cultures, ChangeContext.For(user), cancellationToken);

    public Task<ContentResult> UnpublishAsync(Guid key, IReadOnlyList<string> cultures, ChangeContext change, CancellationToken cancellationToken = default) =>
        InTransactionAsync(change, async scope =>
        {
            var item = await LoadAsync(scope.Connection, scope.Transaction, key, forUpdate: true, cancellationToken);
            if (item is null)
                return ContentResult.Missing(key);
            var type = types.Get(item.ContentType);
            var wanted = type.VariesByCulture ? cultures : [DefaultCulture];
            var live = wanted.Where(item.IsPublished).Distinct(StringComparer.Ordinal).ToList();
            if (live.Count == 0)
                return ContentResult.Ok(item);
            return ContentResult.Ok(await UnpublishInScopeAsync(scope, item, live, "unpublish", cancellationToken));
        }, cancellationToken);

    private async Task<ContentItem> UnpublishInScopeAsync(ContentScope scope, ContentItem item, IReadOnlyList<string> cultures, string action, CancellationToken cancellationToken)
    {
        foreach (var culture in cultures)
        {
            await using var update = scope.Command(
                "update cms_culture set published_version = null, published_name = null, published_segment = null, published_at = null, unpublish_at = null where node_id = @id and culture = @culture");
            update.Parameters.AddWithValue("id", item.Id);
            update.Parameters.AddWithValue("culture", culture);
            await update.ExecuteNonQueryAsync(cancellationToken);
            await AuditAsync(scope, item.Key, action, culture, item.Publishing[culture].PublishedVersion, null, null, cancellationToken);
        }
        var unpublished = (await LoadAsync(scope.Connection, scope.Transaction, item.Key, false, cancellationToken))!;
        await notifications.PublishAsync(new ContentUnpublishedNotification(scope, unpublished, cultures), cancellationToken);
        return unpublished;
    }

    private static async Task<ContentData?> VersionDataAsync(ContentScope scope, long id, int version, CancellationToken cancellationToken)
    {
        await using var command = scope.Command("select data::text from cms_version where node_id = @id and version = @version");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? Deserialize(json) : null;
    }
}
