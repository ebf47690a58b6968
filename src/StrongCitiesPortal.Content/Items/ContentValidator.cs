using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Content.Items;

/// <summary>Checks an item's data against its document type; every problem is reported, not just the first.</summary>
public sealed partial class ContentValidator(DocumentTypeRegistry types, IReadOnlyList<string> cultures)
{
    public const int MaxNameLength = 255;

    private string DefaultCulture => cultures[0];

    /// <summary>The content keys the data refers to through content pickers, including inside blocks.</summary>
    public IReadOnlySet<Guid> ContentReferences(DocumentType type, ContentData data)
    {
        var keys = new HashSet<Guid>();
        foreach (var (alias, value) in AllValues(data))
            Collect(type.FindProperty(alias), value, keys);
        return keys;
    }

    private void Collect(PropertyType? property, JsonElement value, HashSet<Guid> keys)
    {
        if (property is null)
            return;
        switch (property.Kind)
        {
            case EditorKind.ContentPicker:
                foreach (var item in Items(value))
                {
                    if (item.ValueKind == JsonValueKind.String && Guid.TryParse(item.GetString(), out var key))
                        keys.Add(key);
                }
                break;
            case EditorKind.BlockList when value.ValueKind == JsonValueKind.Array:
                foreach (var block in value.EnumerateArray())
                {
                    if (block.ValueKind != JsonValueKind.Object
                        || !block.TryGetProperty("contentType", out var alias) || alias.ValueKind != JsonValueKind.String
                        || types.Find(alias.GetString()!) is not { } element
                        || !block.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Object)
                        continue;
                    foreach (var inner in values.EnumerateObject())
                        Collect(element.FindProperty(inner.Name), inner.Value, keys);
                }
                break;
        }
    }

    private static IEnumerable<(string Alias, JsonElement Value)> AllValues(ContentData data) =>
        data.Invariant.Select(p => (p.Key, p.Value))
            .Concat(data.Cultures.Values.SelectMany(c => c.Values.Select(p => (p.Key, p.Value))));

    private static IEnumerable<JsonElement> Items(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];

    /// <param name="referencedTypes">For each referenced content key that exists, its document type alias.</param>
    public IReadOnlyList<ValidationError> Validate(DocumentType type, ContentData data, IReadOnlyDictionary<Guid, string> referencedTypes)
    {
        var errors = new List<ValidationError>();
        if (type.IsElement)
        {
            errors.Add(new(null, null, $"'{type.Alias}' is an element type: it can only be used as a block."));
            return errors;
        }

        if (data.Cultures.Count == 0)
            errors.Add(new(null, null, "The item needs a name in at least one culture."));
        foreach (var culture in data.Cultures.Keys)
        {
            if (!cultures.Contains(culture, StringComparer.Ordinal))
                errors.Add(new(null, culture, $"'{culture}' is not one of the portal's cultures ({string.Join(", ", cultures)})."));
        }
        if (!type.VariesByCulture && data.Cultures.Keys.Any(c => c != DefaultCulture))
            errors.Add(new(null, null, $"'{type.Name}' does not vary by culture: give it only the '{DefaultCulture}' culture."));
        if (type.VariesByCulture && data.Cultures.Count > 0 && !data.Cultures.ContainsKey(DefaultCulture))
            errors.Add(new(null, DefaultCulture, $"The default culture '{DefaultCulture}' is required; other cultures are translations of it."));

        foreach (var (culture, variant) in data.Cultures)
        {
            if (string.IsNullOrWhiteSpace(variant.Name))
                errors.Add(new("name", culture, "A name is required."));
            else if (variant.Name.Length > MaxNameLength)
                errors.Add(new("name", culture, $"The name is {variant.Name.Length} characters long; the most is {MaxNameLength}."));
            if (variant.Segment is { Length: > 0 } segment && !UrlSegments.IsValid(segment))
                errors.Add(new("segment", culture, "A URL segment may hold only lower-case letters, digits and hyphens."));

            foreach (var alias in variant.Values.Keys)
            {
                var property = type.FindProperty(alias);
                if (property is null)
                    errors.Add(new(alias, culture, $"'{type.Name}' has no property '{alias}'."));
                else if (!property.VariesByCulture)
                    errors.Add(new(alias, culture, "This property is shared by all cultures; set it once, not per culture."));
            }
        }
        foreach (var alias in data.Invariant.Keys)
        {
            var property = type.FindProperty(alias);
            if (property is null)
                errors.Add(new(alias, null, $"'{type.Name}' has no property '{alias}'."));
            else if (property.VariesByCulture)
                errors.Add(new(alias, null, "This property varies by culture; set it per culture."));
        }

        foreach (var property in type.Properties)
        {
            if (property.VariesByCulture)
            {
                foreach (var (culture, variant) in data.Cultures)
                    CheckValue(property, variant.Values.TryGetValue(property.Alias, out var v) ? v : null, culture, property.Alias, referencedTypes, errors);
            }
            else
            {
                CheckValue(property, data.Invariant.TryGetValue(property.Alias, out var v) ? v : null, null, property.Alias, referencedTypes, errors);
            }
        }
        return errors;
    }

    private static bool IsEmpty(JsonElement? value) => value is null || value.Value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.String => string.IsNullOrWhiteSpace(value.Value.GetString()),
        JsonValueKind.Array => value.Value.GetArrayLength() == 0,
        _ => false,
    };

    private void CheckValue(PropertyType property, JsonElement? value, string? culture, string path,
        IReadOnlyDictionary<Guid, string> referencedTypes, List<ValidationError> errors)
    {
        void Fail(string message) => errors.Add(new(path, culture, message));

        if (IsEmpty(value))
        {
            if (property.Required)
                Fail($"{property.Name} is required.");
            return;
        }
        var v = value!.Value;
        switch (property.Kind)
        {
            case EditorKind.Text or EditorKind.TextArea or EditorKind.Markdown:
                if (v.ValueKind != JsonValueKind.String) { Fail("Expected text."); return; }
                var text = v.GetString()!;
                if (property.Kind == EditorKind.Text && text.Contains('\n', StringComparison.Ordinal))
                    Fail("Must be a single line.");
                CheckLength(text);
                if (property.Pattern is not null && !Matches(property.Pattern, text))
                    Fail($"Does not have the expected form ({property.Pattern}).");
                break;
            case EditorKind.Url:
                if (v.ValueKind != JsonValueKind.String) { Fail("Expected a URL."); return; }
                CheckLength(v.GetString()!);
                if (!Uri.TryCreate(v.GetString(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    Fail("Must be an absolute http:// or https:// address.");
                break;
            case EditorKind.Email:
                if (v.ValueKind != JsonValueKind.String || !IsEmail(v.GetString()!))
                    Fail("Must be an e-mail address such as name@example.org.");
                break;
            case EditorKind.Tags:
                if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(t.GetString())))
                    Fail("Expected a list of non-empty tags.");
                else if (v.EnumerateArray().Any(t => t.GetString()!.Length > 100))
                    Fail("A tag may be at most 100 characters long.");
                CheckCount(v);
                break;
            case EditorKind.Dropdown:
                foreach (var option in ExpectOneOrMany(v, Fail))
                {
                    if (option.ValueKind != JsonValueKind.String || !property.Options.Contains(option.GetString()!, StringComparer.Ordinal))
                        Fail($"'{option}' is not one of: {string.Join(", ", property.Options)}.");
                }
                break;
            case EditorKind.Country:
                foreach (var code in ExpectOneOrMany(v, Fail))
                {
                    if (code.ValueKind != JsonValueKind.String || !Countries.IsCode(code.GetString()!))
                        Fail($"'{code}' is not an ISO 3166 two-letter country code such as GB or FR.");
                }
                break;
            case EditorKind.ContentPicker:
                foreach (var item in ExpectOneOrMany(v, Fail))
                {
                    if (item.ValueKind != JsonValueKind.String || !Guid.TryParse(item.GetString(), out var key))
                    {
                        Fail($"'{item}' is not a content key.");
                        continue;
                    }
                    if (!referencedTypes.TryGetValue(key, out var alias))
                        Fail($"There is no content item {key}.");
                    else if (property.AllowedTypes.Count > 0 && !property.AllowedTypes.Contains(alias, StringComparer.Ordinal))
                        Fail($"Item {key} is a '{alias}'; this picker takes {string.Join(" or ", property.AllowedTypes)}.");
                }
                CheckCount(v);
                break;
            case EditorKind.MediaPicker:
                foreach (var item in ExpectOneOrMany(v, Fail))
                {
                    if (item.ValueKind != JsonValueKind.String || !Guid.TryParse(item.GetString(), out _))
                        Fail($"'{item}' is not a media key.");
                }
                CheckCount(v);
                break;
            case EditorKind.Date:
                if (v.ValueKind != JsonValueKind.String || !DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    Fail("Expected a date as yyyy-MM-dd.");
                break;
            case EditorKind.DateTime:
                if (v.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    Fail("Expected a date and time such as 2026-03-01T09:30:00Z.");
                break;
            case EditorKind.Number:
                if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var number) || !double.IsFinite(number)) { Fail("Expected a number."); return; }
                if (property.Integer && Math.Abs(number % 1) > 0)
                    Fail("Expected a whole number.");
                if (property.Min is { } min && number < min)
                    Fail($"Must be at least {min.ToString(CultureInfo.InvariantCulture)}.");
                if (property.Max is { } max && number > max)
                    Fail($"Must be at most {max.ToString(CultureInfo.InvariantCulture)}.");
                break;
            case EditorKind.Boolean:
                if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    Fail("Expected true or false.");
                break;
            case EditorKind.GeoLocation:
                if (v.ValueKind != JsonValueKind.Object
                    || !v.TryGetProperty("lat", out var lat) || !lat.TryGetDouble(out var la) || la is < -90 or > 90
                    || !v.TryGetProperty("lng", out var lng) || !lng.TryGetDouble(out var lo) || lo is < -180 or > 180)
                    Fail("Expected { \"lat\": -90..90, \"lng\": -180..180 }.");
                break;
            case EditorKind.BlockList:
                if (v.ValueKind != JsonValueKind.Array) { Fail("Expected a list of blocks."); return; }
                CheckCount(v);
                var index = 0;
                foreach (var block in v.EnumerateArray())
                {
                    CheckBlock(property, block, culture, $"{path}[{index}]", referencedTypes, errors);
                    index++;
                }
                break;
        }

        void CheckLength(string text)
        {
            if (property.MaxLength is { } maxLength && text.Length > maxLength)
                Fail($"{property.Name} is {text.Length} characters long; the most is {maxLength}.");
        }

        void CheckCount(JsonElement list)
        {
            if (property.MaxItems is { } maxItems && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > maxItems)
                Fail($"At most {maxItems} items.");
        }

        IEnumerable<JsonElement> ExpectOneOrMany(JsonElement element, Action<string> fail)
        {
            if (property.Multiple)
            {
                if (element.ValueKind == JsonValueKind.Array)
                    return element.EnumerateArray().ToList();
                fail("Expected a list.");
                return [];
            }
            if (element.ValueKind == JsonValueKind.Array)
            {
                fail("Expected a single value, not a list.");
                return [];
            }
            return [element];
        }
    }

    private void CheckBlock(PropertyType property, JsonElement block, string? culture, string path,
        IReadOnlyDictionary<Guid, string> referencedTypes, List<ValidationError> errors)
    {
        if (block.ValueKind != JsonValueKind.Object
            || !block.TryGetProperty("contentType", out var aliasElement) || aliasElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(path, culture, "A block needs a contentType."));
            return;
        }
        var alias = aliasElement.GetString()!;
        if (!property.Blocks.Contains(alias, StringComparer.Ordinal) || types.Find(alias) is not { } element)
        {
            errors.Add(new(path, culture, $"'{alias}' blocks are not allowed here (allowed: {string.Join(", ", property.Blocks)})."));
            return;
        }
        if (block.TryGetProperty("key", out var key) && (key.ValueKind != JsonValueKind.String || !Guid.TryParse(key.GetString(), out _)))
            errors.Add(new($"{path}.key", culture, "A block key must be a GUID."));
        var values = block.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
        if (values.ValueKind == JsonValueKind.Object)
        {
            foreach (var inner in values.EnumerateObject())
            {
                if (element.FindProperty(inner.Name) is null)
                    errors.Add(new($"{path}.{inner.Name}", culture, $"'{element.Name}' has no property '{inner.Name}'."));
            }
        }
        foreach (var inner in element.Properties)
        {
            JsonElement? innerValue = values.ValueKind == JsonValueKind.Object && values.TryGetProperty(inner.Alias, out var found) ? found : null;
            CheckValue(inner, innerValue, culture, $"{path}.{inner.Alias}", referencedTypes, errors);
        }
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

    private static bool IsEmail(string text) =>
        text.Length <= 254 && MailAddress.TryCreate(text, out var address) && address.Address == text && EmailShape().IsMatch(text);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}
