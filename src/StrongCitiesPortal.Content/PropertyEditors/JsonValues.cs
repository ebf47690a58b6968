using System.Text.Json;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>Reading stored values: one place for the shapes every editor meets.</summary>
public static class JsonValues
{
    /// <summary>A text, or the texts of a list (other entries left out); nothing for any other value.</summary>
    public static IReadOnlyList<string> Strings(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } text => [text.GetString()!],
        { ValueKind: JsonValueKind.Array } list => list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
        _ => [],
    };

    /// <summary>The keys among <see cref="Strings"/>: entries that are not keys are left out.</summary>
    public static IEnumerable<Guid> Keys(JsonElement? value) =>
        Strings(value).Select(s => Guid.TryParse(s, out var key) ? key : Guid.Empty).Where(k => k != Guid.Empty);

    /// <summary>A value as a form or a diff shows it: text as it is, numbers as written, nothing as empty.</summary>
    public static string Text(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString() ?? "",
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        null => "",
        { } v when v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined => "",
        { } v => v.GetRawText(),
    };

    /// <summary>A list's entries, or the value itself as the one entry.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];

    public static JsonElement Element<T>(T value) => JsonSerializer.SerializeToElement(value);
}
