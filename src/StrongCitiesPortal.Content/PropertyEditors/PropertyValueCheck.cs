using System.Text.Json;
using System.Text.RegularExpressions;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>One value being validated: the property, where problems go, and the checks several editors share.</summary>
public sealed class PropertyValueCheck(
    PropertyType property,
    JsonElement value,
    string? culture,
    string path,
    DocumentTypeRegistry types,
    IReadOnlyDictionary<Guid, string> referencedTypes,
    List<ValidationError> errors,
    Action<PropertyType, JsonElement?, string> checkInner)
{
    public PropertyType Property => property;
    public JsonElement Value => value;
    public string? Culture => culture;

    /// <summary>Where the value is: its property's alias, or a path into blocks (<c>steps[0].title</c>).</summary>
    public string Path => path;

    public DocumentTypeRegistry Types => types;

    /// <summary>For each content key the item refers to that exists, its document type alias.</summary>
    public IReadOnlyDictionary<Guid, string> ReferencedTypes => referencedTypes;

    public void Fail(string message) => FailAt(path, message);

    public void FailAt(string at, string message) => errors.Add(new(at, culture, message));

    /// <summary>Validates a value inside this one (a block's property) as its own editor does, required or not.</summary>
    public void CheckInner(PropertyType inner, JsonElement? innerValue, string at) => checkInner(inner, innerValue, at);

    /// <summary>Text, on one line if asked, within <c>maxLength</c> and matching <c>pattern</c>.</summary>
    public void CheckText(bool singleLine)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Fail("Expected text.");
            return;
        }
        var text = value.GetString()!;
        if (singleLine && text.Contains('\n', StringComparison.Ordinal))
            Fail("Must be a single line.");
        CheckLength(text);
        if (property.Pattern is not null && !Matches(property.Pattern, text))
            Fail($"Does not have the expected form ({property.Pattern}).");
    }

    public void CheckLength(string text)
    {
        if (property.MaxLength is { } maxLength && text.Length > maxLength)
            Fail($"{property.Name} is {text.Length} characters long; the most is {maxLength}.");
    }

    /// <summary>A list within <c>maxItems</c>.</summary>
    public void CheckCount()
    {
        if (property.MaxItems is { } maxItems && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > maxItems)
            Fail($"At most {maxItems} items.");
    }

    /// <summary>The entries to check: a list for a property taking several, one value otherwise (the wrong shape fails and gives none).</summary>
    public IEnumerable<JsonElement> OneOrMany()
    {
        if (property.Multiple)
        {
            if (value.ValueKind == JsonValueKind.Array)
                return value.EnumerateArray().ToList();
            Fail("Expected a list.");
            return [];
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            Fail("Expected a single value, not a list.");
            return [];
        }
        return [value];
    }

    private static bool Matches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromMilliseconds(200));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
