using System.Text.RegularExpressions;

namespace StrongCitiesPortal.Tests.Architecture;

/// <summary>
/// What an editor kind does lives in its editor (<c>src/StrongCitiesPortal.Content/PropertyEditors</c>) and its web
/// companion (<c>src/StrongCitiesPortal.Web/PropertyEditors</c>). Code elsewhere asks the property's editor; it never
/// names an <c>EditorKind</c> enum (gone: it was a closed list of kinds) or branches on an editor's alias.
/// </summary>
[Category("Unit")]
public sealed partial class PropertyEditorBoundaryTests
{
    private static readonly string[] StillNamingEditorKind = [];

    private static readonly string[] EditorFolders =
    [
        "src/StrongCitiesPortal.Content/PropertyEditors/",
        "src/StrongCitiesPortal.Web/PropertyEditors/",
    ];

    [GeneratedRegex(@"\bEditorKinds?\b")]
    private static partial Regex EditorKind();

    // `property.Editor == "markdown"`, `p.Editor is "tags"`, `switch (property.Editor)`, `Editor: "blockList"`.
    [GeneratedRegex(@"\.Editor\s*(==|!=|is\b)|switch\s*\(\s*[\w.]*\bEditor\s*\)|\bEditor\s*:\s*""")]
    private static partial Regex BranchOnAlias();

    [Test]
    public void No_code_outside_the_property_editors_names_EditorKind()
    {
        var naming = SourceFiles().Where(f => EditorKind().IsMatch(File.ReadAllText(Path.Combine(TestPostgres.RepositoryRoot, f)))).ToList();

        naming.Except(StillNamingEditorKind).ShouldBeEmpty("these files name EditorKind: ask the property's PropertyEditor instead");
        StillNamingEditorKind.Except(naming).ShouldBeEmpty("these files no longer name EditorKind: take them off the list");
    }

    [Test]
    public void No_code_outside_the_property_editors_branches_on_an_editor_alias()
    {
        SourceFiles()
            .Where(f => BranchOnAlias().IsMatch(File.ReadAllText(Path.Combine(TestPostgres.RepositoryRoot, f))))
            .ShouldBeEmpty("these files branch on an editor's alias: give the editor (or its web companion) the behaviour instead");
    }

    [Test]
    public void The_scan_finds_a_switch_on_EditorKind_and_on_an_alias()
    {
        EditorKind().IsMatch("switch (property.Kind) { case EditorKind.Markdown: break; }").ShouldBeTrue();
        BranchOnAlias().IsMatch("""if (property.Editor == "markdown")""").ShouldBeTrue();
        BranchOnAlias().IsMatch("switch (property.Editor)").ShouldBeTrue();
        BranchOnAlias().IsMatch("""type.FindProperty(a) is { Editor: "blockList" }""").ShouldBeTrue();
        BranchOnAlias().IsMatch("""<div class="bo-kind-@p.Editor">""").ShouldBeFalse();
    }

    /// <summary>Every C# and Razor file under <c>src/</c> outside the editors' folders, relative to the repository.</summary>
    private static List<string> SourceFiles()
    {
        var root = TestPostgres.RepositoryRoot;
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace(separator, '/'))
            .Where(f => !EditorFolders.Any(folder => f.StartsWith(folder, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
