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
}
