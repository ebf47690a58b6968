using System.Text.Json;
using System.Text.Json.Serialization;

namespace StrongCitiesPortal.Search.Configuration;

/// <summary>Where a facet takes its values from.</summary>
public enum FacetSource
{
    /// <summary>The values of the listed properties (a picked item, a code, an option).</summary>
    Properties,

    /// <summary>The item's document type.</summary>
    DocumentType,

    /// <summary>The year of the first listed date property that has a value.</summary>
    Year,
}

public sealed class FacetDefinition
{
    public required string Name { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<FacetSource>))]
    public FacetSource From { get; init; } = FacetSource.Properties;

    public IReadOnlyList<string> Properties { get; init; } = [];

    /// <summary>Values read from the items picked in these properties (a practice's region is its cities' region).</summary>
    public FacetThrough? Through { get; init; }

    /// <summary><c>cultureLanguage</c>: when no property has a value, the language of the culture the row is in.</summary>
    public string? Otherwise { get; init; }

    /// <summary>Also read the properties inside the item's blocks (a report's takeaways carry themes of their own).</summary>
    public bool InBlocks { get; init; }
}

public sealed class FacetThrough
{
    public IReadOnlyList<string> Pickers { get; init; } = [];
    public IReadOnlyList<string> Properties { get; init; } = [];
}

/// <summary>Which column of the index a property's text goes to: its weight in ranking.</summary>
public enum FieldRole
{
    /// <summary>The item's name: the most weight.</summary>
    Name,

    /// <summary>Weight B, and the start of the snippet.</summary>
    Summary,

    /// <summary>Weight B: themes, tags and the like.</summary>
    Keywords,

    /// <summary>Weight C: body and block text.</summary>
    Body,

    /// <summary>Weight D: the rest.</summary>
    Other,

    /// <summary>Not indexed.</summary>
    None,
}

public sealed class IndexSettings
{
    /// <summary>Property alias to role, overriding the role its editor gives it.</summary>
    public Dictionary<string, string> Fields { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Properties of a picked item whose text is indexed with the item that picks it (a theme's synonyms).</summary>
    public IReadOnlyList<string> PickedText { get; init; } = [];

    /// <summary>Date properties for sorting by date, first present wins; otherwise the date it was published.</summary>
    public IReadOnlyList<string> SortDate { get; init; } = [];

    /// <summary>Property alias, then option, then factor: a gentle boost for, say, evaluated practices.</summary>
    public Dictionary<string, Dictionary<string, double>> Boosts { get; init; } = new(StringComparer.Ordinal);

    public RecencySettings Recency { get; init; } = new();
}

public sealed class RecencySettings
{
    /// <summary>How much a brand-new item gains over a very old one (0.15 = up to 15%).</summary>
    public double Weight { get; init; } = 0.15;

    public double HalfLifeYears { get; init; } = 3;
}

internal sealed class FacetsFile
{
    public List<FacetDefinition> Facets { get; init; } = [];
}

internal sealed class SynonymsFile
{
    public List<List<string>> Groups { get; init; } = [];
}

public sealed class SearchModelException(string message) : Exception(message);

/// <summary>The search settings editors keep in <c>umbraco/search/</c>: facets, field weights, boosts and synonyms.</summary>
public sealed class SearchModel
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public required IReadOnlyList<FacetDefinition> Facets { get; init; }
    public required IndexSettings Index { get; init; }
    public required IReadOnlyList<IReadOnlyList<string>> SynonymGroups { get; init; }

    /// <summary>What of these settings shapes the index (synonyms are applied to queries only): part of the index's fingerprint.</summary>
    public string Describe() => JsonSerializer.Serialize(new { Facets, Index }, FileJson);

    public FacetDefinition? FindFacet(string name) =>
        Facets.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public FieldRole? RoleOverride(string alias) =>
        Index.Fields.TryGetValue(alias, out var role) ? ParseRole(role, alias) : null;

    public static SearchModel LoadFromFolder(string folder)
    {
        var facets = Read<FacetsFile>(folder, "facets.json")?.Facets ?? [];
        var index = Read<IndexSettings>(folder, "index.json") ?? new IndexSettings();
        var synonyms = Read<SynonymsFile>(folder, "synonyms.json")?.Groups ?? [];
        var model = new SearchModel
        {
            Facets = facets,
            Index = index,
            SynonymGroups = synonyms.Select(g => (IReadOnlyList<string>)g.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList()).ToList(),
        };
        model.Check();
        return model;
    }

    private static T? Read<T>(string folder, string file) where T : class
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), FileJson);
        }
        catch (JsonException ex)
        {
            throw new SearchModelException($"search/{file}: {ex.Message}");
        }
    }

    private void Check()
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var facet in Facets)
        {
            if (string.IsNullOrWhiteSpace(facet.Name) || !facet.Name.All(char.IsAsciiLetterLower))
                problems.Add($"search/facets.json: facet name '{facet.Name}' must be lower-case letters (it is a query parameter).");
            else if (!names.Add(facet.Name))
                problems.Add($"search/facets.json: facet '{facet.Name}' is defined twice.");
            if (facet.From != FacetSource.DocumentType && facet.Properties.Count == 0 && facet.Through is null)
                problems.Add($"search/facets.json: facet '{facet.Name}' names no properties.");
            if (facet.Otherwise is not null && facet.Otherwise != "cultureLanguage")
                problems.Add($"search/facets.json: facet '{facet.Name}': 'otherwise' can only be 'cultureLanguage'.");
        }
        foreach (var (alias, role) in Index.Fields)
        {
            if (!Enum.TryParse<FieldRole>(role, ignoreCase: true, out _))
                problems.Add($"search/index.json: field '{alias}' has role '{role}'; use summary, keywords, body, other or none.");
        }
        foreach (var (alias, options) in Index.Boosts)
        {
            foreach (var (option, factor) in options)
            {
                if (factor is <= 0 or > 10)
                    problems.Add($"search/index.json: boost for {alias} = '{option}' must be between 0 and 10.");
            }
        }
        if (Index.Recency.Weight is < 0 or > 1 || Index.Recency.HalfLifeYears <= 0)
            problems.Add("search/index.json: recency weight must be between 0 and 1 and its half-life positive.");
        foreach (var group in SynonymGroups)
        {
            if (group.Count < 2)
                problems.Add($"search/synonyms.json: the group [{string.Join(", ", group)}] needs at least two terms.");
        }
        if (problems.Count > 0)
            throw new SearchModelException(string.Join(Environment.NewLine, problems));
    }

    private static FieldRole ParseRole(string role, string alias) =>
        Enum.TryParse<FieldRole>(role, ignoreCase: true, out var parsed) ? parsed : throw new SearchModelException($"search/index.json: field '{alias}' has an unknown role '{role}'.");
}
