using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>
/// Values as import and export files write them: lists separated by <c>;</c> (<c>\;</c> for a semicolon inside
/// an entry), JSON where text cannot say it.
/// </summary>
public static class CellText
{
    /// <summary>A value as text, for any editor that writes nothing of its own.</summary>
    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
            Join(value.EnumerateArray().Select(v => v.GetString()!)),
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    /// <summary>Text trimmed, as an import reads a one-line field; other values as they are.</summary>
    public static JsonElement Trimmed(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? JsonValues.Element(value.GetString()!.Trim()) : value;

    /// <summary>Splits "a; b\;c" into "a" and "b;c". A backslash escapes the next character.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is ';' or '\\')
                current.Append(text[++i]);
            else if (c == ';')
            {
                items.Add(current.ToString().Trim());
                current.Clear();
            }
            else
                current.Append(c);
        }
        items.Add(current.ToString().Trim());
        return items.Where(i => i.Length > 0).ToList();
    }

    /// <summary>The inverse of <see cref="Split"/>.</summary>
    public static string Join(IEnumerable<string> items) =>
        string.Join("; ", items.Select(i => i.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)));

    /// <summary>A list given as a JSON array, or as text separated by <c>;</c>.</summary>
    public static IReadOnlyList<JsonElement> Items(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => [.. value.EnumerateArray()],
        JsonValueKind.String => [.. Split(value.GetString()!).Select(s => JsonValues.Element(s))],
        JsonValueKind.Null or JsonValueKind.Undefined => [],
        _ => [value],
    };

    /// <summary>One entry read by <paramref name="one"/>, or, for a property taking several, each entry of the list.</summary>
    public static JsonElement? OneOrMany(PropertyType property, JsonElement value, Func<JsonElement, JsonElement?> one)
    {
        if (!property.Multiple)
            return value.ValueKind == JsonValueKind.Array ? value : one(value);
        var items = Items(value).Select(one).ToList();
        return items.Any(i => i is null) ? null : JsonValues.Element(items.Select(i => i!.Value).ToList());
    }

    public static JsonElement? ParseJson(string text, IImportCell cell)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            cell.Fail($"Expected JSON: {ex.Message}");
            return null;
        }
    }

    /// <summary>An entry as a problem names it.</summary>
    public static string Describe(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
