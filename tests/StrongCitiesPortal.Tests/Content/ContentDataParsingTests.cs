using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Tests.Content;

/// <summary>The rebuild reads a version's values from PostgreSQL's UTF-8 as one document: the same values as the serializer reads.</summary>
[Category("Unit")]
public sealed class ContentDataParsingTests
{
    [TestCase("""{"invariant":{"date":"2024-05-01","themes":["a","b"],"empty":null},"cultures":{"en":{"name":"Youth hub","segment":null,"values":{"body":"Text with \u00e9 and \"quotes\"","blocks":[{"key":"k","values":{"x":1.50}}]}},"fr":{"name":"Centre","values":{}}}}""")]
    [TestCase("""{"invariant":{},"cultures":{}}""")]
    [TestCase("""{"Invariant":{"n":1},"Cultures":{"ar":{"Name":"مدينة","Segment":"s","Values":{"body":"نص"}}},"other":true}""")]
    [TestCase("{}")]
    public void Reading_the_bytes_gives_what_the_serializer_gives(string json)
    {
        var parsed = LiveContentReader.Parse(Encoding.UTF8.GetBytes(json));

        Shape(parsed).ShouldBe(Shape(ContentService.Deserialize(json)));
    }

    private static string Shape(ContentData data) => JsonSerializer.Serialize(new
    {
        Invariant = data.Invariant.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.ValueKind}:{p.Value.GetRawText()}"),
        Cultures = data.Cultures.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new
        {
            c.Key,
            c.Value.Name,
            c.Value.Segment,
            Values = c.Value.Values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.ValueKind}:{p.Value.GetRawText()}"),
        }),
    });
}
