using Microsoft.Extensions.Logging;
using StrongCitiesPortal.Content.Audit;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Content.Items;

public sealed partial class ContentService
{
    /// <summary>
    /// Runs <paramref name="work"/>'s changes in one transaction (for bulk imports), all made by <paramref name="user"/>:
    /// a change joins the batch by being given <see cref="ContentBatch.Context"/>. Each change is still validated and
    /// refused on its own (a savepoint each), handlers may defer work to the commit (<see cref="IChangeScope.Defer{T}"/>),
    /// and after-commit actions run once everything has committed. If the commit fails, none of the changes is kept,
    /// and the exception says why. The changes of one batch run one after another (one connection).
    /// </summary>
    public async Task InBatchAsync(string user, Func<ContentBatch, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var unit = new ContentTransaction(connection, transaction, isBatch: true);
        var batch = new ContentBatch(this, user, unit);
        try
        {
            await work(batch);
        }
        finally
        {
            batch.IsOpen = false;
        }
        await unit.BeforeCommitAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await RunCommittedAsync(unit);
    }

    private async Task<ContentResult> InTransactionAsync(ChangeContext change, Func<ContentScope, Task<ContentResult>> work, CancellationToken cancellationToken)
    {
        if (change.Batch is { } batch)
            return await InSavepointAsync(new ContentScope(OpenTransactionOf(batch), change), work, cancellationToken);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var unit = new ContentTransaction(connection, transaction, isBatch: false);
        var result = await work(new ContentScope(unit, change));
        if (!result.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            return result;
        }
        await unit.BeforeCommitAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await RunCommittedAsync(unit);
        return result;
    }

    private ContentTransaction OpenTransactionOf(ContentBatch batch)
    {
        if (!ReferenceEquals(batch.Owner, this))
            throw new InvalidOperationException("The batch belongs to another content service.");
        if (!batch.IsOpen)
            throw new InvalidOperationException("The batch has ended: its changes are committed or rolled back; start a new one.");
        return batch.Transaction;
    }

    /// <summary>One change of a batch: refused or failed, it is rolled back alone and the batch goes on.</summary>
    private static async Task<ContentResult> InSavepointAsync(ContentScope change, Func<ContentScope, Task<ContentResult>> work, CancellationToken cancellationToken)
    {
        const string Savepoint = "change";
        var unit = change.Unit;
        var mark = unit.AfterCommitMark;
        await unit.Transaction.SaveAsync(Savepoint, cancellationToken);
        ContentResult result;
        try
        {
            result = await work(change);
        }
        catch
        {
            await unit.Transaction.RollbackAsync(Savepoint, CancellationToken.None);
            unit.ForgetAfterCommitSince(mark);
            throw;
        }
        if (!result.Succeeded)
        {
            await unit.Transaction.RollbackAsync(Savepoint, cancellationToken);
            unit.ForgetAfterCommitSince(mark);
            return result;
        }
        await unit.Transaction.ReleaseAsync(Savepoint, cancellationToken);
        return result;
    }

    private async Task RunCommittedAsync(ContentTransaction unit)
    {
        foreach (var action in unit.CommittedActions)
        {
            try
            {
                await action(CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogError(ex, "An after-commit action failed; the change itself is saved.");
            }
        }
    }

    private Task AuditAsync(ContentScope scope, Guid key, string action, string? culture, int? from, int? to, string? detail, CancellationToken cancellationToken) =>
        AuditTrail.InsertAsync(scope.Connection, scope.Transaction, new AuditLine(key, action, scope.UserName, detail, culture, from, to), clock.GetUtcNow(), cancellationToken);
}
