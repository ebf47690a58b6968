using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Search.Delivery;

/// <summary>
/// What the Delivery API's portal filters test on an item: the items it picks, its countries and regions (its own and
/// those of the items it picks) and its kinds, in any property, block or culture. Worked out when the item is indexed,
/// and for preview's drafts when they are queried.
/// </summary>
public sealed class DeliveryFacts
{
    public const string RegionProperty = "region";
    public const string KindProperty = "kind";

    public static readonly DeliveryFacts Empty = new([], [], [], []);

    private DeliveryFacts(HashSet<Guid> references, HashSet<string> countries, HashSet<string> regions, HashSet<string> kinds)
    {
        References = references;
        Countries = countries;
        Regions = regions;
        Kinds = kinds;
    }

    /// <summary>Every item the item picks, in any property, block or culture.</summary>
    public IReadOnlySet<Guid> References { get; }

    /// <summary>Country codes (upper case).</summary>
    public IReadOnlySet<string> Countries { get; }

    /// <summary>Regions, as filter keys (<see cref="DeliveryText.FilterKey"/>).</summary>
    public IReadOnlySet<string> Regions { get; }

    /// <summary>Kinds of resource or event, as filter keys.</summary>
    public IReadOnlySet<string> Kinds { get; }

    /// <summary>The item's own facts, from the values of each of its cultures.</summary>
    public static DeliveryFacts Direct(string contentType, IEnumerable<IReadOnlyDictionary<string, JsonElement>> cultures, DocumentTypeRegistry types)
    {
        var facts = new DeliveryFacts([], new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        if (types.Find(contentType) is not { } type)
            return facts;
        foreach (var values in cultures)
            facts.Collect(type, values, types);
        return facts;
    }

    /// <summary>These facts with the countries and regions of the items picked (their own facts, from <paramref name="direct"/>).</summary>
    public DeliveryFacts WithReferenced(Func<Guid, DeliveryFacts?> direct)
    {
        if (References.Count == 0)
            return this;
        var countries = new HashSet<string>(Countries, StringComparer.Ordinal);
        var regions = new HashSet<string>(Regions, StringComparer.Ordinal);
        foreach (var key in References)
        {
            if (direct(key) is not { } picked)
                continue;
            countries.UnionWith(picked.Countries);
            regions.UnionWith(picked.Regions);
        }
        return new DeliveryFacts((HashSet<Guid>)References, countries, regions, (HashSet<string>)Kinds);
    }

    private void Collect(DocumentType type, IReadOnlyDictionary<string, JsonElement> values, DocumentTypeRegistry types)
    {
        var references = (HashSet<Guid>)References;
        foreach (var property in type.Properties)
        {
            if (!values.TryGetValue(property.Alias, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                continue;
            var editor = property.PropertyEditor;
            references.UnionWith(editor.ContentKeys(value));
            foreach (var code in editor.CountryCodes(value))
                ((HashSet<string>)Countries).Add(code.ToUpperInvariant());
            if (property.Alias == RegionProperty)
            {
                foreach (var region in editor.ChosenOptions(value))
                    ((HashSet<string>)Regions).Add(DeliveryText.FilterKey(region));
            }
            else if (property.Alias == KindProperty)
            {
                foreach (var kind in editor.ChosenOptions(value))
                    ((HashSet<string>)Kinds).Add(DeliveryText.FilterKey(kind));
            }
            foreach (var element in editor.Elements(value, types))
                Collect(element.Element, element.Values, types);
        }
    }
}
