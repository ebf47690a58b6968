using System.Globalization;
using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>
/// A list of blocks, each an element type's values: <c>[{ "key": …, "contentType": "takeaway", "values": { … } }]</c>.
/// Every value inside a block is its own property, handled by its own editor.
/// </summary>
public sealed class BlockListEditor : PropertyEditor
{
    public override string Alias => "blockList";

    public override IEnumerable<string> DefinitionProblems(PropertyType property) =>
        property.Blocks.Count == 0 ? ["a block list needs at least one block type."] : [];

    public override void Validate(PropertyValueCheck check)
    {
        var value = check.Value;
        if (value.ValueKind != JsonValueKind.Array)
        {
            check.Fail("Expected a list of blocks.");
            return;
        }
        check.CheckCount();
        var index = 0;
        foreach (var block in value.EnumerateArray())
        {
            CheckBlock(check, block, $"{check.Path}[{index}]");
            index++;
        }
    }

    private static void CheckBlock(PropertyValueCheck check, JsonElement block, string path)
    {
        var property = check.Property;
        if (block.ValueKind != JsonValueKind.Object
            || !block.TryGetProperty("contentType", out var aliasElement) || aliasElement.ValueKind != JsonValueKind.String)
        {
            check.FailAt(path, "A block needs a contentType.");
            return;
        }
        var alias = aliasElement.GetString()!;
        if (!property.Blocks.Contains(alias, StringComparer.Ordinal) || check.Types.Find(alias) is not { } element)
        {
            check.FailAt(path, $"'{alias}' blocks are not allowed here (allowed: {string.Join(", ", property.Blocks)}).");
            return;
        }
        if (block.TryGetProperty("key", out var key) && (key.ValueKind != JsonValueKind.String || !Guid.TryParse(key.GetString(), out _)))
            check.FailAt($"{path}.key", "A block key must be a GUID.");
        var values = block.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
        if (values.ValueKind == JsonValueKind.Object)
        {
            foreach (var inner in values.EnumerateObject())
            {
                if (element.FindProperty(inner.Name) is null)
                    check.FailAt($"{path}.{inner.Name}", $"'{element.Name}' has no property '{inner.Name}'.");
            }
        }
        foreach (var inner in element.Properties)
        {
            JsonElement? innerValue = values.ValueKind == JsonValueKind.Object && values.TryGetProperty(inner.Alias, out var found) ? found : null;
            check.CheckInner(inner, innerValue, $"{path}.{inner.Alias}");
        }
    }

    /// <summary>The blocks of a known element type that carry values.</summary>
    public override IEnumerable<ElementValues> Elements(JsonElement value, DocumentTypeRegistry types)
    {
        if (value.ValueKind != JsonValueKind.Array)
            yield break;
        foreach (var block in value.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object
                && block.TryGetProperty("contentType", out var alias) && alias.ValueKind == JsonValueKind.String
                && types.Find(alias.GetString()!) is { } element
                && block.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Object)
                yield return new ElementValues(element, KeyOf(block), values.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal));
        }
    }

    public override SearchTextRole SearchRole => SearchTextRole.Body;

    /// <summary>Umbraco's block list model; a block without values has none, one without a key has an empty key.</summary>
    public override object? DeliveryValue(PropertyType property, JsonElement? value, IDeliveryValues delivery)
    {
        var elements = new List<ElementValues>();
        if (value is { ValueKind: JsonValueKind.Array } blocks)
        {
            foreach (var block in blocks.EnumerateArray())
            {
                if (block.ValueKind != JsonValueKind.Object
                    || !block.TryGetProperty("contentType", out var alias) || alias.ValueKind != JsonValueKind.String
                    || delivery.Types.Find(alias.GetString()!) is not { } element)
                    continue;
                var values = block.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object
                    ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
                    : [];
                elements.Add(new ElementValues(element, KeyOf(block), values));
            }
        }
        return delivery.Elements(elements);
    }

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell) =>
        value.ValueKind == JsonValueKind.String ? CellText.ParseJson(value.GetString()!, cell) : value;

    /// <summary>The blocks as JSON: a cell cannot say them any other way.</summary>
    public override string ExportText(JsonElement value) => value.GetRawText();

    /// <summary>Each block as a numbered, headed paragraph of its values.</summary>
    public override string DiffText(PropertyType property, JsonElement value, IDiffNames names)
    {
        var text = new StringBuilder();
        var number = 0;
        foreach (var block in Blocks(value))
        {
            number++;
            var element = names.Types.Find(block.ContentType);
            if (text.Length > 0)
                text.Append("\n\n");
            text.Append(CultureInfo.InvariantCulture, $"{number}. [{element?.Name ?? block.ContentType}]");
            foreach (var inner in element?.Properties ?? [])
            {
                if (block.Values.TryGetValue(inner.Alias, out var innerValue))
                    text.Append('\n').Append(inner.Name).Append(": ").Append(names.Display(inner, innerValue));
            }
        }
        return text.ToString();
    }

    /// <summary>A block as the backoffice edits it: with a key and a type, of any type, values optional.</summary>
    public sealed record Block(Guid Key, string ContentType, IReadOnlyDictionary<string, JsonElement> Values);

    /// <summary>The blocks that have a key and a type, in order.</summary>
    public static IReadOnlyList<Block> Blocks(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Array } list)
            return [];
        var blocks = new List<Block>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("key", out var key) || !Guid.TryParse(key.GetString(), out var k)
                || !item.TryGetProperty("contentType", out var type) || type.ValueKind != JsonValueKind.String)
                continue;
            var values = item.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object
                ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
                : new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            blocks.Add(new Block(k, type.GetString()!, values));
        }
        return blocks;
    }

    private static Guid KeyOf(JsonElement block) =>
        block.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String && Guid.TryParse(k.GetString(), out var key) ? key : Guid.Empty;
}
