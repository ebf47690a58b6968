using System.Reflection;
using System.Text.RegularExpressions;
using Npgsql;
using StrongCitiesPortal.Content.Contracts;

namespace StrongCitiesPortal.Tests.Architecture;

/// <summary>
/// The engine's contracts (<c>src/StrongCitiesPortal.Content/Contracts/</c>) are what the rest of the portal programs
/// against: they name no database. Only the engine's storage side knows Npgsql and the <c>cms_*</c> tables; a handler
/// reaches the change's transaction through the storage accessor (<c>scope.Database()</c>), never through a contract.
/// </summary>
[Category("Unit")]
public sealed partial class ContractsBoundaryTests
{
    private const string ContractsNamespace = "StrongCitiesPortal.Content.Contracts";

    private static readonly Assembly Engine = typeof(ChangeContext).Assembly;
    private static readonly Assembly Database = typeof(NpgsqlConnection).Assembly;

    [GeneratedRegex(@"\bNpgsql|\bcms_[a-z_]+")]
    private static partial Regex DatabaseName();

    [Test]
    public void No_file_of_the_contracts_names_Npgsql_or_the_engine_tables()
    {
        var root = TestPostgres.RepositoryRoot;
        var contracts = Path.Combine(root, "src", "StrongCitiesPortal.Content", "Contracts");
        Directory.Exists(contracts).ShouldBeTrue();
        var files = Directory.EnumerateFiles(contracts, "*.cs", SearchOption.AllDirectories).ToList();
        files.ShouldNotBeEmpty();

        var naming = files
            .SelectMany(f => DatabaseName().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        naming.ShouldBeEmpty("the contracts name the database: move that code to the storage side (Persistence/, Reading/, Items/)");
    }

    [Test]
    public void No_public_type_of_the_contracts_exposes_a_database_type()
    {
        var contracts = Engine.GetExportedTypes().Where(t => t.Namespace == ContractsNamespace).ToList();
        contracts.ShouldContain(typeof(IChangeScope));
        contracts.ShouldContain(typeof(IContentService));
        contracts.ShouldContain(typeof(IContentReader));

        ExposedDatabaseTypes(contracts).ShouldBeEmpty("a contract (or an engine type it hands out) exposes Npgsql: keep it on the storage side");
    }

    [Test]
    public void The_check_finds_the_database_types_the_storage_accessor_exposes()
    {
        // The accessor is meant to expose the connection: if the check passed it, it could pass anything.
        var found = ExposedDatabaseTypes([typeof(StrongCitiesPortal.Content.Persistence.ChangeDatabase)]);

        found.ShouldContain(f => f.Contains("Connection: Npgsql.NpgsqlConnection", StringComparison.Ordinal));
        found.ShouldContain(f => f.Contains("Command(", StringComparison.Ordinal) && f.Contains("Npgsql.NpgsqlCommand", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every public or protected member, constructor parameter, base type and generic argument of these types whose type
    /// comes from Npgsql; the engine's own public types they reach (an item, a result, a batch) are checked the same way.
    /// </summary>
    private static List<string> ExposedDatabaseTypes(IEnumerable<Type> start)
    {
        var found = new List<string>();
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>();
        foreach (var type in start)
        {
            if (seen.Add(type))
                queue.Enqueue(type);
        }
        while (queue.TryDequeue(out var type))
        {
            foreach (var (member, used) in Exposed(type))
            {
                foreach (var part in Parts(used))
                {
                    if (part.Assembly == Database)
                        found.Add($"{type.FullName}.{member}: {part.FullName}");
                    else if (part.Assembly == Engine && (part.IsPublic || part.IsNestedPublic) && seen.Add(part))
                        queue.Enqueue(part);
                }
            }
        }
        return found;
    }

    private static IEnumerable<(string Member, Type Type)> Exposed(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType)
            yield return ("(base)", baseType);
        foreach (var contract in type.GetInterfaces())
            yield return ("(interface)", contract);
        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
            yield return ("(generic argument)", argument);
        foreach (var field in type.GetFields(All).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
            yield return (field.Name, field.FieldType);
        foreach (var property in type.GetProperties(All).Where(p => p.GetAccessors(nonPublic: true).Any(Visible)))
            yield return (property.Name, property.PropertyType);
        foreach (var constructor in type.GetConstructors(All).Where(Visible))
        {
            foreach (var parameter in constructor.GetParameters())
                yield return ($"ctor({parameter.Name})", parameter.ParameterType);
        }
        // Property accessors are covered by their properties.
        foreach (var method in type.GetMethods(All).Where(m => Visible(m) && !(m.IsSpecialName && m.Name.StartsWith("get_", StringComparison.Ordinal)) && !(m.IsSpecialName && m.Name.StartsWith("set_", StringComparison.Ordinal))))
        {
            yield return ($"{method.Name}()", method.ReturnType);
            foreach (var parameter in method.GetParameters())
                yield return ($"{method.Name}({parameter.Name})", parameter.ParameterType);
        }
        foreach (var nested in type.GetNestedTypes(BindingFlags.Public))
            yield return ("(nested)", nested);
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    /// <summary>A type and everything it is made of: element types, generic arguments, all the way down.</summary>
    private static IEnumerable<Type> Parts(Type type)
    {
        if (type.IsGenericParameter)
            yield break;
        if (type.HasElementType)
        {
            foreach (var part in Parts(type.GetElementType()!))
                yield return part;
            yield break;
        }
        yield return type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                foreach (var part in Parts(argument))
                    yield return part;
            }
        }
    }
}
