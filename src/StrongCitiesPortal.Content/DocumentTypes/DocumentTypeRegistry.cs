using System.Text.Json;
using System.Text.RegularExpressions;
using StrongCitiesPortal.Content.PropertyEditors;

namespace StrongCitiesPortal.Content.DocumentTypes;

/// <summary>The document types read from <c>umbraco/document-types</c>, checked as a whole.</summary>
public sealed partial class DocumentTypeRegistry
{
    private readonly Dictionary<string, DocumentType> _types;

    /// <param name="editors">The editors the properties are bound to; the engine's own when none are given.</param>
    public DocumentTypeRegistry(IEnumerable<DocumentType> types, PropertyEditorCollection? editors = null)
    {
        _types = types.ToDictionary(t => t.Alias, StringComparer.Ordinal);
        Editors = editors ?? PropertyEditorCollection.BuiltIn;
        foreach (var property in _types.Values.SelectMany(t => t.Properties))
        {
            if (Editors.Find(property.Editor) is { } editor)
                property.PropertyEditor = editor;
        }
    }

    /// <summary>The property editors every property of these types is handled by.</summary>
    public PropertyEditorCollection Editors { get; }

    public IReadOnlyCollection<DocumentType> All => _types.Values;

    public DocumentType? Find(string alias) => _types.GetValueOrDefault(alias);

    public DocumentType Get(string alias) =>
        Find(alias) ?? throw new KeyNotFoundException($"There is no document type '{alias}'.");

    internal static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static DocumentTypeRegistry LoadFromFolder(string folder, PropertyEditorCollection? editors = null)
    {
        editors ??= PropertyEditorCollection.BuiltIn;
        if (!Directory.Exists(folder))
            throw new DocumentTypeDefinitionException([$"{folder}: the document types folder does not exist."]);

        var problems = new List<string>();
        var types = new List<DocumentType>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            try
            {
                var type = JsonSerializer.Deserialize<DocumentType>(File.ReadAllText(file), FileJson);
                if (type is null)
                {
                    problems.Add($"{name}: the file is empty.");
                    continue;
                }
                type.SourceFile = name;
                if (!string.Equals(Path.GetFileNameWithoutExtension(file), type.Alias, StringComparison.Ordinal))
                    problems.Add($"{name}: alias '{type.Alias}' must match the file name.");
                types.Add(type);
            }
            catch (JsonException ex)
            {
                problems.Add($"{name}: {ex.Message}");
            }
        }

        problems.AddRange(Check(types, editors));
        if (problems.Count > 0)
            throw new DocumentTypeDefinitionException(problems);
        return new DocumentTypeRegistry(types, editors);
    }

    /// <summary>Every rule a set of definitions must keep, phrased as "file: property: problem".</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<DocumentType> types, PropertyEditorCollection? editors = null)
    {
        editors ??= PropertyEditorCollection.BuiltIn;
        var problems = new List<string>();
        var byAlias = new Dictionary<string, DocumentType>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            var where = type.SourceFile ?? type.Alias;
            if (string.IsNullOrWhiteSpace(type.Alias) || !AliasPattern().IsMatch(type.Alias))
                problems.Add($"{where}: alias '{type.Alias}' must be camelCase letters and digits.");
            else if (!byAlias.TryAdd(type.Alias, type))
                problems.Add($"{where}: alias '{type.Alias}' is declared twice.");
            if (string.IsNullOrWhiteSpace(type.Name))
                problems.Add($"{where}: a name is required.");
            if (type.IsElement && (type.AllowedAtRoot || type.AllowedChildTypes.Count > 0))
                problems.Add($"{where}: an element type cannot be at the root or have children.");

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in type.Properties)
            {
                var at = $"{where}: property '{property.Alias}'";
                if (string.IsNullOrWhiteSpace(property.Alias) || !AliasPattern().IsMatch(property.Alias))
                    problems.Add($"{at}: alias must be camelCase letters and digits.");
                else if (!seen.Add(property.Alias))
                    problems.Add($"{at}: declared twice.");
                if (property.Alias is "name" or "key" or "contentType")
                    problems.Add($"{at}: '{property.Alias}' is reserved.");
                if (string.IsNullOrWhiteSpace(property.Name))
                    problems.Add($"{at}: a name is required.");
                if (editors.Find(property.Editor) is not { } editor)
                {
                    problems.Add($"{at}: unknown editor '{property.Editor}' (known: {string.Join(", ", editors.Aliases)}).");
                    continue;
                }
                if (property.VariesByCulture && !type.VariesByCulture)
                    problems.Add($"{at}: varies by culture but the type '{type.Alias}' does not.");
                if (property.MaxLength is <= 0)
                    problems.Add($"{at}: maxLength must be positive.");
                if (property.MaxLength is not null && !editor.TakesMaxLength)
                    problems.Add($"{at}: maxLength applies to text editors only.");
                if (property.Pattern is not null)
                {
                    try
                    {
                        _ = new Regex(property.Pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
                    }
                    catch (ArgumentException ex)
                    {
                        problems.Add($"{at}: pattern is not a valid regular expression ({ex.Message}).");
                    }
                }
                if (property.Min is not null && property.Max is not null && property.Min > property.Max)
                    problems.Add($"{at}: min is greater than max.");
                problems.AddRange(editor.DefinitionProblems(property).Select(problem => $"{at}: {problem}"));
                if (property.Multiple && !editor.TakesMultiple)
                    problems.Add($"{at}: 'multiple' applies to dropdown, pickers and country only.");
            }
        }

        foreach (var type in types)
        {
            var where = type.SourceFile ?? type.Alias;
            foreach (var child in type.AllowedChildTypes)
            {
                if (!byAlias.TryGetValue(child, out var childType))
                    problems.Add($"{where}: allowed child type '{child}' does not exist.");
                else if (childType.IsElement)
                    problems.Add($"{where}: allowed child type '{child}' is an element type.");
            }
            foreach (var property in type.Properties)
            {
                var at = $"{where}: property '{property.Alias}'";
                foreach (var allowed in property.AllowedTypes)
                {
                    if (!byAlias.ContainsKey(allowed))
                        problems.Add($"{at}: allowed type '{allowed}' does not exist.");
                }
                foreach (var block in property.Blocks)
                {
                    if (!byAlias.TryGetValue(block, out var blockType))
                        problems.Add($"{at}: block type '{block}' does not exist.");
                    else if (!blockType.IsElement)
                        problems.Add($"{at}: block type '{block}' is not an element type.");
                }
            }
        }
        return problems;
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex AliasPattern();
}
