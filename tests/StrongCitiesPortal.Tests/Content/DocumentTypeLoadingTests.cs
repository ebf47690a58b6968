using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.PropertyEditors;

namespace StrongCitiesPortal.Tests.Content;

[Category("Unit")]
public sealed class DocumentTypeLoadingTests
{
    [Test]
    public void The_portal_document_types_load_and_pass_every_check()
    {
        var registry = DocumentTypeRegistry.LoadFromFolder(Path.Combine(TestPostgres.ModelPath, "document-types"));

        registry.Find("memberCity").ShouldNotBeNull();
        registry.Get("workshopReport").FindProperty("keyTakeaways")!.PropertyEditor.ShouldBeOfType<BlockListEditor>();
        registry.Get("takeaway").IsElement.ShouldBeTrue();
        registry.All.Select(t => t.Alias).ShouldBeSubsetOf(registry.All.Select(t => t.Alias));
        new[] { "home", "memberCity", "steeringCommitteeMember", "workshopReport", "goodPractice", "event", "theme", "newsArticle" }
            .ShouldAllBe(alias => registry.Find(alias) != null);
    }

    [TestCase("""{ "alias": "page", "name": "Page", "properties": [ { "alias": "body", "name": "Body", "editor": "richText" } ] }""",
        "page.json: property 'body': unknown editor 'richText'")]
    [TestCase("""{ "alias": "page", "name": "Page", "properties": [ { "alias": "body", "name": "Body", "editor": "text", "variesByCulture": true } ] }""",
        "page.json: property 'body': varies by culture but the type 'page' does not")]
    [TestCase("""{ "alias": "page", "name": "Page", "properties": [ { "alias": "steps", "name": "Steps", "editor": "blockList", "blocks": ["step"] } ] }""",
        "page.json: property 'steps': block type 'step' does not exist")]
    [TestCase("""{ "alias": "page", "name": "Page", "properties": [ { "alias": "kind", "name": "Kind", "editor": "dropdown" } ] }""",
        "page.json: property 'kind': a dropdown needs options")]
    [TestCase("""{ "alias": "page", "name": "Page", "properties": [ { "alias": "code", "name": "Code", "editor": "text", "pattern": "([a-z" } ] }""",
        "page.json: property 'code': pattern is not a valid regular expression")]
    [TestCase("""{ "alias": "page", "name": "Page", "allowedChildTypes": ["nothing"], "properties": [] }""",
        "page.json: allowed child type 'nothing' does not exist")]
    [TestCase("""{ "alias": "Page", "name": "Page", "properties": [] }""",
        "alias 'Page' must match the file name")]
    [TestCase("""{ "alias": "page", "name": "Page", "properties": [ { "alias": "title", "name": "Title", "editor": "text", "colour": "red" } ] }""",
        "page.json: ")]
    [TestCase("""{ "alias": "page", "name": "Page", "properties": [ """,
        "page.json: ")]
    public void An_invalid_definition_is_refused_naming_the_file_and_property(string json, string expected)
    {
        var folder = TestModel.Write(new Dictionary<string, string> { ["page"] = json });

        var error = Should.Throw<DocumentTypeDefinitionException>(() => DocumentTypeRegistry.LoadFromFolder(Path.Combine(folder, "document-types")));

        error.Message.ShouldContain(expected);
    }

    [Test]
    public void A_missing_folder_is_a_clear_error()
    {
        var error = Should.Throw<DocumentTypeDefinitionException>(() => DocumentTypeRegistry.LoadFromFolder("/nowhere/document-types"));
        error.Message.ShouldContain("does not exist");
    }
}
