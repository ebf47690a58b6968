using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.PropertyEditors;

namespace StrongCitiesPortal.Tests.Content.PropertyEditors;

/// <summary>Each editor kind's rules, value by value: what validation says, what an import reads, what an export and a diff write.</summary>
[Category("Unit")]
public sealed class PropertyEditorTests
{
    private static readonly Guid Theme = Guid.Parse("8f2b1c51-0d1e-4d39-9a34-3b0e6f1d2a10");
    private static readonly Guid Page = Guid.Parse("1c7a9e22-5b0f-4f7e-8d55-0a4c2e9b7f31");

    private static readonly DocumentTypeRegistry Types = new(
    [
        new DocumentType
        {
            Alias = "sample",
            Name = "Sample",
            Properties =
            [
                new PropertyType { Alias = "title", Name = "Title", Editor = "text", MaxLength = 10, Pattern = @"[A-Z][\s\S]*" },
                new PropertyType { Alias = "summary", Name = "Summary", Editor = "textarea", MaxLength = 20 },
                new PropertyType { Alias = "body", Name = "Body", Editor = "markdown" },
                new PropertyType { Alias = "link", Name = "Link", Editor = "url" },
                new PropertyType { Alias = "mail", Name = "Mail", Editor = "email" },
                new PropertyType { Alias = "tags", Name = "Tags", Editor = "tags", MaxItems = 2 },
                new PropertyType { Alias = "kind", Name = "Kind", Editor = "dropdown", Options = ["Toolkit", "Report"] },
                new PropertyType { Alias = "kinds", Name = "Kinds", Editor = "dropdown", Options = ["Toolkit", "Report"], Multiple = true },
                new PropertyType { Alias = "country", Name = "Country", Editor = "country" },
                new PropertyType { Alias = "themes", Name = "Themes", Editor = "contentPicker", Multiple = true, AllowedTypes = ["theme"] },
                new PropertyType { Alias = "image", Name = "Image", Editor = "mediaPicker" },
                new PropertyType { Alias = "day", Name = "Day", Editor = "date" },
                new PropertyType { Alias = "at", Name = "At", Editor = "dateTime" },
                new PropertyType { Alias = "count", Name = "Count", Editor = "number", Integer = true, Min = 0, Max = 10 },
                new PropertyType { Alias = "open", Name = "Open", Editor = "boolean" },
                new PropertyType { Alias = "where", Name = "Where", Editor = "geoLocation" },
                new PropertyType { Alias = "steps", Name = "Steps", Editor = "blockList", Blocks = ["step"] },
            ],
        },
        new DocumentType
        {
            Alias = "step",
            Name = "Step",
            IsElement = true,
            Properties = [new PropertyType { Alias = "heading", Name = "Heading", Editor = "text", Required = true }],
        },
    ]);

    private static readonly Dictionary<Guid, string> Existing = new() { [Theme] = "theme", [Page] = "page" };

    [TestCase("title", "\"Strong\"", "")]
    [TestCase("title", "\"Two\\nlines\"", "Must be a single line.")]
    [TestCase("title", "\"Much too long\"", "Title is 13 characters long; the most is 10.")]
    [TestCase("title", "\"lower\"", @"Does not have the expected form ([A-Z][\s\S]*).")]
    [TestCase("title", "42", "Expected text.")]
    [TestCase("summary", "\"Two\\nlines are fine\"", "")]
    [TestCase("body", "\"# Heading\"", "")]
    [TestCase("link", "\"https://example.org/\"", "")]
    [TestCase("link", "\"javascript:alert(1)\"", "Must be an absolute http:// or https:// address.")]
    [TestCase("link", "1", "Expected a URL.")]
    [TestCase("mail", "\"name@example.org\"", "")]
    [TestCase("mail", "\"name@\"", "Must be an e-mail address such as name@example.org.")]
    [TestCase("tags", "[\"a\",\"b\"]", "")]
    [TestCase("tags", "[\"a\",\" \"]", "Expected a list of non-empty tags.")]
    [TestCase("tags", "[\"a\",\"b\",\"c\"]", "At most 2 items.")]
    [TestCase("kind", "\"Toolkit\"", "")]
    [TestCase("kind", "\"Novel\"", "'Novel' is not one of: Toolkit, Report.")]
    [TestCase("kind", "[\"Toolkit\"]", "Expected a single value, not a list.")]
    [TestCase("kinds", "\"Toolkit\"", "Expected a list.")]
    [TestCase("country", "\"GB\"", "")]
    [TestCase("country", "\"XX\"", "'XX' is not an ISO 3166 two-letter country code such as GB or FR.")]
    [TestCase("themes", "[\"8f2b1c51-0d1e-4d39-9a34-3b0e6f1d2a10\"]", "")]
    [TestCase("themes", "[\"1c7a9e22-5b0f-4f7e-8d55-0a4c2e9b7f31\"]", "Item 1c7a9e22-5b0f-4f7e-8d55-0a4c2e9b7f31 is a 'page'; this picker takes theme.")]
    [TestCase("themes", "[\"00000000-0000-0000-0000-000000000001\"]", "There is no content item 00000000-0000-0000-0000-000000000001.")]
    [TestCase("themes", "[\"london\"]", "'london' is not a content key.")]
    [TestCase("image", "\"0e6a1b2c-3d4e-4f50-8a1b-2c3d4e5f6a7b\"", "")]
    [TestCase("image", "\"photo.jpg\"", "'photo.jpg' is not a media key.")]
    [TestCase("day", "\"2026-03-01\"", "")]
    [TestCase("day", "\"1 March 2026\"", "Expected a date as yyyy-MM-dd.")]
    [TestCase("at", "\"2026-03-01T09:30:00Z\"", "")]
    [TestCase("at", "\"soon\"", "Expected a date and time such as 2026-03-01T09:30:00Z.")]
    [TestCase("count", "3", "")]
    [TestCase("count", "2.5", "Expected a whole number.")]
    [TestCase("count", "11", "Must be at most 10.")]
    [TestCase("count", "-1", "Must be at least 0.")]
    [TestCase("count", "\"3\"", "Expected a number.")]
    [TestCase("open", "true", "")]
    [TestCase("open", "\"yes\"", "Expected true or false.")]
    [TestCase("where", "{\"lat\":51.5,\"lng\":-0.12}", "")]
    [TestCase("where", "{\"lat\":91,\"lng\":0}", "Expected { \"lat\": -90..90, \"lng\": -180..180 }.")]
    [TestCase("steps", "[{\"key\":\"5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6\",\"contentType\":\"step\",\"values\":{\"heading\":\"Listen\"}}]", "")]
    [TestCase("steps", "{}", "Expected a list of blocks.")]
    [TestCase("steps", "[{\"values\":{}}]", "steps[0]: A block needs a contentType.")]
    [TestCase("steps", "[{\"contentType\":\"sample\",\"values\":{}}]", "steps[0]: 'sample' blocks are not allowed here (allowed: step).")]
    [TestCase("steps", "[{\"key\":\"nope\",\"contentType\":\"step\",\"values\":{\"heading\":\"Listen\"}}]", "steps[0].key: A block key must be a GUID.")]
    [TestCase("steps", "[{\"contentType\":\"step\",\"values\":{}}]", "steps[0].heading: Heading is required.")]
    [TestCase("steps", "[{\"contentType\":\"step\",\"values\":{\"heading\":\"Listen\",\"colour\":\"red\"}}]", "steps[0].colour: 'Step' has no property 'colour'.")]
    public void A_value_is_validated_by_its_editor(string alias, string json, string expected)
    {
        var data = new ContentData
        {
            Invariant = { [alias] = Json(json) },
            Cultures = { ["en"] = new CultureData { Name = "Sample" } },
        };

        var errors = new ContentValidator(Types, ["en"]).Validate(Types.Get("sample"), data, Existing)
            .Select(e => e.Property == alias ? e.Message : $"{e.Property}: {e.Message}")
            .ToList();

        if (expected.Length == 0)
            errors.ShouldBeEmpty();
        else
            errors.ShouldBe([expected]);
    }

    [Test]
    public void Content_references_are_found_in_pickers_and_inside_blocks()
    {
        var types = new DocumentTypeRegistry(
        [
            new DocumentType { Alias = "page", Name = "Page", Properties = [
                new PropertyType { Alias = "related", Name = "Related", Editor = "contentPicker" },
                new PropertyType { Alias = "steps", Name = "Steps", Editor = "blockList", Blocks = ["step"] }] },
            new DocumentType { Alias = "step", Name = "Step", IsElement = true, Properties = [new PropertyType { Alias = "see", Name = "See", Editor = "contentPicker", Multiple = true }] },
        ]);
        var data = new ContentData
        {
            Invariant =
            {
                ["related"] = Json($"\"{Theme}\""),
                ["steps"] = Json($"[{{\"contentType\":\"step\",\"values\":{{\"see\":[\"{Page}\",\"not a key\"]}}}}]"),
            },
        };

        new ContentValidator(types, ["en"]).ContentReferences(types.Get("page"), data).Order().ShouldBe(new[] { Theme, Page }.Order());
    }

    [TestCase("title", "  Strong  ", "\"Strong\"")]
    [TestCase("summary", " kept as written ", "\" kept as written \"")]
    [TestCase("tags", "peace;  youth ; a\\;b", "[\"peace\",\"youth\",\"a;b\"]")]
    [TestCase("kind", "toolkit", "\"Toolkit\"")]
    [TestCase("kind", "Novel", "\"Novel\"")]
    [TestCase("kinds", "report; Toolkit", "[\"Report\",\"Toolkit\"]")]
    [TestCase("country", "france", "\"FR\"")]
    [TestCase("country", "GBR", "\"GB\"")]
    [TestCase("country", "Atlantis", "error: 'Atlantis' is not a country name or ISO 3166 code.")]
    [TestCase("themes", "Youth", "[\"8f2b1c51-0d1e-4d39-9a34-3b0e6f1d2a10\"]")]
    [TestCase("themes", "Nothing", "error: No theme is called 'Nothing'.")]
    [TestCase("count", "7", "7")]
    [TestCase("count", "seven", "error: 'seven' is not a number.")]
    [TestCase("open", "Yes", "true")]
    [TestCase("open", "0", "false")]
    [TestCase("open", "maybe", "error: 'maybe' is not true or false.")]
    [TestCase("where", "51.5, -0.12", "{\"lat\":51.5,\"lng\":-0.12}")]
    [TestCase("where", "{\"lat\":1,\"lng\":2}", "{\"lat\":1,\"lng\":2}")]
    [TestCase("where", "London", "error: 'London' is not a location written as 'latitude, longitude'.")]
    [TestCase("steps", "[{\"contentType\":\"step\"}]", "[{\"contentType\":\"step\"}]")]
    [TestCase("steps", "[{", "error: Expected JSON: ")]
    public void An_import_cell_is_read_by_its_editor(string alias, string text, string expected)
    {
        var property = Types.Get("sample").FindProperty(alias)!;
        var cell = new Cell();

        var value = property.PropertyEditor.Import(property, JsonSerializer.SerializeToElement(text), cell);

        if (expected.StartsWith("error: ", StringComparison.Ordinal))
        {
            value.ShouldBeNull();
            cell.Problems.ShouldHaveSingleItem().ShouldStartWith(expected["error: ".Length..]);
        }
        else
        {
            cell.Problems.ShouldBeEmpty();
            value!.Value.GetRawText().ShouldBe(expected);
        }
    }

    [TestCase("tags", "[\"peace\",\"a;b\"]", "peace; a\\;b")]
    [TestCase("where", "{\"lat\":51.5,\"lng\":-0.12}", "51.5, -0.12")]
    [TestCase("steps", "[{\"contentType\":\"step\"}]", "[{\"contentType\":\"step\"}]")]
    [TestCase("count", "7", "7")]
    [TestCase("title", "\"Strong\"", "Strong")]
    public void An_export_writes_what_an_import_reads_back(string alias, string json, string expected)
    {
        var property = Types.Get("sample").FindProperty(alias)!;

        var text = property.PropertyEditor.ExportText(Json(json));

        text.ShouldBe(expected);
        property.PropertyEditor.Import(property, JsonSerializer.SerializeToElement(text), new Cell())!.Value.GetRawText().ShouldBe(Json(json).GetRawText());
    }

    [TestCase("country", "[\"GB\",\"FR\"]", "United Kingdom (GB)\nFrance (FR)")]
    [TestCase("open", "false", "No")]
    [TestCase("where", "{\"lat\":51.5,\"lng\":-0.12}", "51.5, -0.12")]
    [TestCase("themes", "[\"8f2b1c51-0d1e-4d39-9a34-3b0e6f1d2a10\",\"not a key\"]", "Youth\nnot a key")]
    [TestCase("image", "\"0e6a1b2c-3d4e-4f50-8a1b-2c3d4e5f6a7b\"", "(missing file 0e6a1b2c-3d4e-4f50-8a1b-2c3d4e5f6a7b)")]
    [TestCase("steps", "[{\"key\":\"5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6\",\"contentType\":\"step\",\"values\":{\"heading\":\"Listen\"}}]", "1. [Step]\nHeading: Listen")]
    [TestCase("body", "\"# Heading\"", "# Heading")]
    public void A_diff_shows_a_value_as_an_editor_reads_it(string alias, string json, string expected)
    {
        var property = Types.Get("sample").FindProperty(alias)!;

        property.PropertyEditor.DiffText(property, Json(json), new Names()).ShouldBe(expected);
    }

    [Test]
    public void Lists_split_on_semicolons_and_join_back_with_escapes()
    {
        CellText.Split(@"a; b\;c ;; \\d").ShouldBe(["a", "b;c", @"\d"]);
        CellText.Split(CellText.Join(["x;y", @"back\slash", "plain"])).ShouldBe(["x;y", @"back\slash", "plain"]);
    }

    [Test]
    public void The_shared_strings_reader_takes_a_text_or_the_texts_of_a_list()
    {
        JsonValues.Strings(Json("\"one\"")).ShouldBe(["one"]);
        JsonValues.Strings(Json("[\"a\", 1, \"b\", null]")).ShouldBe(["a", "b"]);
        JsonValues.Strings(Json("{\"a\":1}")).ShouldBeEmpty();
        JsonValues.Strings(null).ShouldBeEmpty();
        JsonValues.Keys(Json($"[\"{Theme}\", \"nope\"]")).ShouldBe([Theme]);
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private sealed class Cell : IImportCell
    {
        public List<string> Problems { get; } = [];

        public void Fail(string message) => Problems.Add(message);

        public (Guid? Key, string? Problem) ResolveContent(string text, PropertyType property) =>
            text == "Youth" ? (Theme, null) : (null, $"No {property.AllowedTypes[0]} is called '{text}'.");
    }

    private sealed class Names : IDiffNames
    {
        public DocumentTypeRegistry Types => PropertyEditorTests.Types;

        public string ContentName(Guid key) => key == Theme ? "Youth" : "?";

        public bool KnowsMedia => true;

        public string? MediaName(Guid key) => null;

        public string Display(PropertyType property, JsonElement? value) => value is { } v ? property.PropertyEditor.DiffText(property, v, this) : "";
    }
}
