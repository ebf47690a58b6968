using System.Text.RegularExpressions;

namespace StrongCitiesPortal.Tests.Architecture;

/// <summary>
/// The content engine's tables (<c>cms_*</c>) belong to the engine: code outside <c>src/StrongCitiesPortal.Content</c>
/// reads and writes content through the engine's services and readers, never its tables.
/// </summary>
[Category("Unit")]
public sealed partial class StorageBoundaryTests
{
    [GeneratedRegex(@"\bcms_[a-z_]+")]
    private static partial Regex EngineTable();

    [Test]
    public void No_file_outside_the_engine_names_its_tables()
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

        naming.ShouldBeEmpty("these files query the engine's tables: read through the engine instead");
    }
}
