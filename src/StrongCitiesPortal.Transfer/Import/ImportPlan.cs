using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Transfer.Import;

/// <summary>An item new rows go under: what it is, whether it is in the recycle bin, and where it is live.</summary>
internal sealed record ParentInfo(Guid Key, string ContentType, bool Trashed, string Name, IReadOnlySet<string> PublishedCultures);

/// <summary>What the import will do with one record, and why not when it will not.</summary>
internal sealed class ImportPlan(MappedRecord record)
{
    public MappedRecord Record { get; } = record;
    public RowOutcome Outcome { get; set; }
    public Guid Key { get; set; }
    public LatestItem? Existing { get; set; }
    public ParentInfo? Parent { get; set; }
    public ContentData? Data { get; set; }
    public int? SortOrder { get; set; }
    public IReadOnlyList<string> Publish { get; set; } = [];
    public List<ValidationError> Issues { get; } = [];

    /// <summary>The row writes (or publishes) an item.</summary>
    public bool Writes => Outcome is RowOutcome.Created or RowOutcome.Updated or RowOutcome.Published;
}
