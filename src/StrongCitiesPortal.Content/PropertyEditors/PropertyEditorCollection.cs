using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>Every property editor the portal knows, by alias: the engine's own and any a module registers.</summary>
public sealed class PropertyEditorCollection : IReadOnlyCollection<PropertyEditor>
{
    private readonly Dictionary<string, PropertyEditor> _byAlias = new(StringComparer.Ordinal);

    public PropertyEditorCollection(IEnumerable<PropertyEditor> editors)
    {
        foreach (var editor in editors)
        {
            if (!_byAlias.TryAdd(editor.Alias, editor))
                throw new InvalidOperationException($"Two property editors are called '{editor.Alias}': {_byAlias[editor.Alias].GetType().Name} and {editor.GetType().Name}.");
        }
    }

    /// <summary>The engine's own editors, for code that has no service provider (a registry loaded by hand, a test).</summary>
    public static PropertyEditorCollection BuiltIn { get; } =
        new(EditorTypesIn(typeof(PropertyEditor).Assembly).Select(t => (PropertyEditor)Activator.CreateInstance(t)!));

    /// <summary>The aliases in alphabetical order.</summary>
    public IEnumerable<string> Aliases => _byAlias.Keys.Order(StringComparer.Ordinal);

    public int Count => _byAlias.Count;

    public PropertyEditor? Find(string? alias) => alias is not null && _byAlias.TryGetValue(alias, out var editor) ? editor : null;

    public PropertyEditor Get(string alias) => Find(alias) ?? throw new InvalidOperationException($"Unknown editor '{alias}'.");

    public IEnumerator<PropertyEditor> GetEnumerator() => _byAlias.Values.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The concrete editors an assembly declares.</summary>
    public static IEnumerable<Type> EditorTypesIn(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(PropertyEditor).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
}

public static class PropertyEditorServiceCollectionExtensions
{
    /// <summary>Registers every property editor <paramref name="assembly"/> declares; the collection gathers all that are registered.</summary>
    public static IServiceCollection AddPropertyEditorsFrom(this IServiceCollection services, Assembly assembly)
    {
        foreach (var type in PropertyEditorCollection.EditorTypesIn(assembly))
            services.AddSingleton(typeof(PropertyEditor), type);
        services.TryAddSingleton(sp => new PropertyEditorCollection(sp.GetServices<PropertyEditor>()));
        return services;
    }
}
