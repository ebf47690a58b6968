namespace StrongCitiesPortal.Content.Items;

/// <summary>What the editor sent, with the latest version it was based on (for conflict detection).</summary>
public sealed class ContentDraft
{
    public Guid? Key { get; init; }
    public required string ContentType { get; init; }
    public Guid? ParentKey { get; init; }
    public int? SortOrder { get; init; }
    public required ContentData Data { get; init; }

    /// <summary>The version the editor started from; null for a new item or to overwrite whatever is there.</summary>
    public int? BasedOnVersion { get; init; }
    public string? Note { get; init; }
}

/// <summary>One problem with one property (or with the item as a whole when Property is null).</summary>
public sealed record ValidationError(string? Property, string? Culture, string Message)
{
    public override string ToString() =>
        (Property, Culture) switch
        {
            (null, null) => Message,
            (null, _) => $"[{Culture}] {Message}",
            (_, null) => $"{Property}: {Message}",
            _ => $"{Property} [{Culture}]: {Message}",
        };
}

public enum ContentOutcome
{
    Success,
    Invalid,
    NotFound,
    Conflict,
}

public sealed record ContentResult(ContentOutcome Outcome, ContentItem? Item, IReadOnlyList<ValidationError> Errors)
{
    public bool Succeeded => Outcome == ContentOutcome.Success;

    /// <summary>For a conflict: the versions saved since the one the editor started from.</summary>
    public int? CurrentVersion { get; init; }

    public static ContentResult Ok(ContentItem item) => new(ContentOutcome.Success, item, []);
    public static ContentResult Invalid(IReadOnlyList<ValidationError> errors) => new(ContentOutcome.Invalid, null, errors);
    public static ContentResult Invalid(string message) => new(ContentOutcome.Invalid, null, [new ValidationError(null, null, message)]);
    public static ContentResult Missing(Guid key) => new(ContentOutcome.NotFound, null, [new ValidationError(null, null, $"There is no content item {key}.")]);
}
