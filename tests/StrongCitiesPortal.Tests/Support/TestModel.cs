namespace StrongCitiesPortal.Tests;

/// <summary>A small content model of the tests' own, so engine tests do not depend on the portal's document types.</summary>
public static class TestModel
{
    public static string Write(IDictionary<string, string> documentTypes)
    {
        var folder = Path.Combine(Path.GetTempPath(), "scp-model-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "document-types"));
        foreach (var (alias, json) in documentTypes)
            File.WriteAllText(Path.Combine(folder, "document-types", alias + ".json"), json);
        return folder;
    }

    public static readonly Dictionary<string, string> Site = new()
    {
        ["site"] = """
            { "alias": "site", "name": "Site", "variesByCulture": true, "allowedAtRoot": true, "allowedChildTypes": ["article", "folder"],
              "properties": [ { "alias": "intro", "name": "Intro", "editor": "markdown", "variesByCulture": true } ] }
            """,
        ["folder"] = """
            { "alias": "folder", "name": "Folder", "variesByCulture": false, "allowedChildTypes": ["article"], "properties": [] }
            """,
        ["article"] = """
            { "alias": "article", "name": "Article", "variesByCulture": true, "allowedChildTypes": ["article"],
              "properties": [
                { "alias": "summary", "name": "Summary", "editor": "textarea", "variesByCulture": true, "required": true, "maxLength": 50 },
                { "alias": "code", "name": "Code", "editor": "text", "pattern": "[A-Z]{3}-[0-9]+" },
                { "alias": "count", "name": "Count", "editor": "number", "integer": true, "min": 0, "max": 10 },
                { "alias": "country", "name": "Country", "editor": "country" },
                { "alias": "related", "name": "Related", "editor": "contentPicker", "multiple": true, "allowedTypes": ["article"] },
                { "alias": "points", "name": "Points", "editor": "blockList", "blocks": ["point"], "variesByCulture": true }
              ] }
            """,
        ["point"] = """
            { "alias": "point", "name": "Point", "isElement": true,
              "properties": [ { "alias": "heading", "name": "Heading", "editor": "text", "required": true } ] }
            """,
    };
}
