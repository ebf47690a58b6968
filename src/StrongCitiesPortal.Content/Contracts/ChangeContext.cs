using System.Collections.Immutable;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Content.Contracts;

/// <summary>
/// Who makes a change, the batch it joins (if any), and what the caller hands to the handlers of its notifications
/// (Umbraco's notification state): passed to the content service with every change and exposed on every notification
/// as <see cref="IContentNotification.Context"/>. Immutable: <see cref="With{T}"/> makes a new one.
/// </summary>
public sealed class ChangeContext
{
    private readonly ImmutableDictionary<Type, object> _state;

    private ChangeContext(string user, ContentBatch? batch, ImmutableDictionary<Type, object> state)
    {
        User = user;
        Batch = batch;
        _state = state;
    }

    /// <summary>A change on its own, in its own transaction, made by <paramref name="user"/>.</summary>
    public static ChangeContext For(string user)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        return new ChangeContext(user, null, ImmutableDictionary<Type, object>.Empty);
    }

    /// <summary>The change of a batch: its user is the batch's, by construction, never a replaced one.</summary>
    internal static ChangeContext In(ContentBatch batch) => new(batch.User, batch, ImmutableDictionary<Type, object>.Empty);

    public string User { get; }

    /// <summary>The open batch whose transaction the change joins (<see cref="ContentService.InBatchAsync"/>); null for a change of its own.</summary>
    public ContentBatch? Batch { get; }

    /// <summary>This context with <paramref name="state"/> for the handlers (one value per type; a second replaces the first).</summary>
    public ChangeContext With<T>(T state)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(state);
        return new ChangeContext(User, Batch, _state.SetItem(typeof(T), state));
    }

    /// <summary>The state of type <typeparamref name="T"/> the caller gave, if any.</summary>
    public T? Get<T>()
        where T : class =>
        _state.TryGetValue(typeof(T), out var value) ? (T)value : null;
}
