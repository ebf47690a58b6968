namespace StrongCitiesPortal.Content.Changes;

/// <summary>
/// The feed has been pruned past a consumer's position: the changes after it are no longer all there, so the consumer
/// must rebuild what it keeps from the database (and follow the feed from the number it rebuilt at) rather than go on.
/// </summary>
public sealed class ChangeFeedPositionTooOldException(long position, long prunedThrough)
    : Exception($"The change feed has been pruned through change {prunedThrough}; a consumer at change {position} has missed changes and must rebuild.")
{
    public long Position { get; } = position;

    public long PrunedThrough { get; } = prunedThrough;
}
