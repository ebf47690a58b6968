using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.PropertyEditors;

namespace StrongCitiesPortal.Content.Items;

/// <summary>Checks an item's data against its document type; every problem is reported, not just the first.</summary>
public sealed class ContentValidator(DocumentTypeRegistry types, IReadOnlyList<string> cultures)
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
        keys.UnionWith(property.PropertyEditor.ContentKeys(value));
        foreach (var element in property.PropertyEditor.Elements(value, types))
        {
            foreach (var (alias, inner) in element.Values)
                Collect(element.Element.FindProperty(alias), inner, keys);
        }
    }

    private static IEnumerable<(string Alias, JsonElement Value)> AllValues(ContentData data) =>
        data.Invariant.Select(p => (p.Key, p.Value))
            .Concat(data.Cultures.Values.SelectMany(c => c.Values.Select(p => (p.Key, p.Value))));

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
        if (IsEmpty(value))
        {
            if (property.Required)
                errors.Add(new(path, culture, $"{property.Name} is required."));
            return;
        }
        property.PropertyEditor.Validate(new PropertyValueCheck(property, value!.Value, culture, path, types, referencedTypes, errors,
            (inner, innerValue, at) => CheckValue(inner, innerValue, culture, at, referencedTypes, errors)));
    }
}
