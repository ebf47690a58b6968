using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Items;

/// <summary>
/// One transaction holding several changes, all made by <see cref="User"/> (<see cref="ContentService.InBatchAsync"/>).
/// A change joins it by being given its <see cref="Context"/> (or a context made from it with <see cref="ChangeContext.With{T}"/>);
/// a change given any other context runs in its own transaction, as it says.
/// </summary>
public sealed class ContentBatch
{
    internal ContentBatch(ContentService owner, string user, ContentTransaction transaction)
    {
        Owner = owner;
        User = user;
        Transaction = transaction;
        Context = ChangeContext.In(this);
    }

    /// <summary>Who makes every change of the batch.</summary>
    public string User { get; }

    /// <summary>The context that makes a change part of this batch.</summary>
    public ChangeContext Context { get; }

    internal ContentService Owner { get; }

    internal ContentTransaction Transaction { get; }

    /// <summary>False once the batch's work has returned: a change can no longer join it.</summary>
    internal bool IsOpen { get; set; } = true;
}
