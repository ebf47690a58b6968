namespace StrongCitiesPortal.Content.Changes;

/// <summary>What happened to an item, as the change feed records it.</summary>
public enum ContentChangeKind
{
    Save,
    Publish,
    Unpublish,
    Move,
    Delete,
}

/// <summary>One committed change, numbered in commit order. <paramref name="Subtree"/>: the descendants may have moved with it.</summary>
public sealed record ContentChange(
    long Sequence,
    Guid Key,
    string ContentType,
    ContentChangeKind Kind,
    IReadOnlyList<string> Cultures,
    bool Subtree,
    string UserName,
    DateTimeOffset At);
