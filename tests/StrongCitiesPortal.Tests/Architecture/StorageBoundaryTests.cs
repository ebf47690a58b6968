using System.Text.RegularExpressions;

namespace StrongCitiesPortal.Tests.Architecture;

/// <summary>
/// The content engine's tables (<c>cms_*</c>) belong to the engine. Code outside <c>src/StrongCitiesPortal.Content</c>
/// that still queries them is listed here, to be moved behind the engine's readers; no new file may join the list,
/// and a file that no longer needs its place must leave it.
/// </summary>
[Category("Unit")]
public sealed partial class StorageBoundaryTests
{
    private static readonly string[] StillToMove =
    [
        "src/StrongCitiesPortal.Transfer/Export/ContentExporter.cs",
        "src/StrongCitiesPortal.Transfer/Export/SiteTransfer.cs",
        "src/StrongCitiesPortal.Transfer/Import/ImportJournal.cs",
        "src/StrongCitiesPortal.Transfer/Import/ImportService.cs",
        "src/StrongCitiesPortal.Transfer/Import/LiveRoutes.cs",
        "src/StrongCitiesPortal.Transfer/Import/PickerIndex.cs",
    ];

    [GeneratedRegex(@"\bcms_[a-z_]+")]
    private static partial Regex EngineTable();

    [Test]
    public void Only_the_listed_files_outside_the_engine_name_its_tables()
    {
        var root = TestPostgres.RepositoryRoot;
        var engine = Path.Combine(root, "src", "StrongCitiesPortal.Content") + Path.DirectorySeparatorChar;
        var naming = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(engine, StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => EngineTable().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        naming.Except(StillToMove).ShouldBeEmpty("these files query the engine's tables: read through the engine instead");
        StillToMove.Except(naming).ShouldBeEmpty("these files no longer query the engine's tables: take them off the list");
    }
}
