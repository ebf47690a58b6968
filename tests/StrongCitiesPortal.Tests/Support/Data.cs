using System.Text.Json;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Tests;

public static class Data
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ContentData Parse(string json) => JsonSerializer.Deserialize<ContentData>(json, Json)!;

    public static ContentData Named(string en, string? fr = null, string summary = "A summary") => Parse(
        fr is null
            ? $$"""{ "cultures": { "en": { "name": "{{en}}", "values": { "summary": "{{summary}}" } } } }"""
            : $$"""{ "cultures": { "en": { "name": "{{en}}", "values": { "summary": "{{summary}}" } }, "fr": { "name": "{{fr}}", "values": { "summary": "Un résumé" } } } }""");

    /// <summary>The starter content's practice library (umbraco/content/010-practices.json).</summary>
    public static readonly Guid PracticeLibrary = Guid.Parse("11405358-73cb-4fe5-a03d-a8a1b146a032");

    /// <summary>A good practice under the starter content's library, English only: the least the document type accepts.</summary>
    public static ContentDraft StarterPractice(string name) => new()
    {
        ContentType = "goodPractice",
        ParentKey = PracticeLibrary,
        Data = new ContentData
        {
            Invariant = { ["kind"] = JsonSerializer.SerializeToElement("Research") },
            Cultures = { ["en"] = new CultureData { Name = name, Values = { ["summary"] = JsonSerializer.SerializeToElement("A summary") } } },
        },
    };
}
