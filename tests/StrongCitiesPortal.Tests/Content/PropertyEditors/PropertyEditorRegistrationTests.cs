using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.PropertyEditors;
using StrongCitiesPortal.Web;
using StrongCitiesPortal.Web.PropertyEditors;

namespace StrongCitiesPortal.Tests.Content.PropertyEditors;

/// <summary>The editors as the portal registers them: every kind the document types use is there, with its web half.</summary>
[Category("Unit")]
public sealed partial class PropertyEditorRegistrationTests
{
    [Test]
    public void Every_editor_the_document_types_use_has_an_editor_and_a_web_companion_registered()
    {
        using var host = PortalHost();
        var types = host.Services.GetRequiredService<DocumentTypeRegistry>();
        var editors = host.Services.GetRequiredService<PropertyEditorCollection>();
        var web = host.Services.GetRequiredService<PropertyEditorWebCollection>();

        var used = types.All.SelectMany(t => t.Properties).Select(p => p.Editor).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        used.Count.ShouldBeGreaterThan(10);
        used.Where(alias => editors.Find(alias) is null).ShouldBeEmpty("document types use these editors, but no editor is registered for them");
        used.Where(alias => web.Find(alias) is null).ShouldBeEmpty("these editors have no web companion registered");
        types.Editors.ShouldBeSameAs(editors, "the registry binds its properties to the registered editors");
    }

    [Test]
    public void Every_registered_editor_has_a_web_companion_with_its_form_control_and_no_companion_is_left_over()
    {
        using var host = PortalHost();
        var editors = host.Services.GetRequiredService<PropertyEditorCollection>();
        var web = host.Services.GetRequiredService<PropertyEditorWebCollection>();

        web.Aliases.ShouldBe(editors.Aliases);
        editors.Count.ShouldBe(16);
        foreach (var alias in web.Aliases)
        {
            var partial = web.Find(alias)!.EditPartial;
            partial.ShouldStartWith("~/");
            File.Exists(Path.Combine(TestPostgres.RepositoryRoot, "src", "StrongCitiesPortal.Web", partial[2..])).ShouldBeTrue($"{alias}: {partial} does not exist");
        }
    }

    [Test]
    public void The_registry_binds_each_property_to_the_registered_editor_of_its_alias()
    {
        using var host = PortalHost();
        var types = host.Services.GetRequiredService<DocumentTypeRegistry>();
        var editors = host.Services.GetRequiredService<PropertyEditorCollection>();

        foreach (var property in types.All.SelectMany(t => t.Properties))
        {
            property.PropertyEditor.ShouldBeSameAs(editors.Get(property.Editor));
            property.PropertyEditor.Alias.ShouldBe(property.Editor);
        }
    }

    [Test]
    public void A_new_editor_kind_is_one_class_registered_in_DI_and_document_types_may_use_it_at_once()
    {
        var services = new ServiceCollection();
        services.AddPropertyEditorsFrom(typeof(PropertyEditor).Assembly);
        services.AddSingleton<PropertyEditor, PostcodeEditor>();
        using var provider = services.BuildServiceProvider();
        var editors = provider.GetRequiredService<PropertyEditorCollection>();
        var folder = TestModel.Write(new Dictionary<string, string>
        {
            ["office"] = """{ "alias": "office", "name": "Office", "properties": [ { "alias": "postcode", "name": "Postcode", "editor": "postcode", "maxLength": 8 } ] }""",
        });

        Should.Throw<DocumentTypeDefinitionException>(() => DocumentTypeRegistry.LoadFromFolder(Path.Combine(folder, "document-types")))
            .Message.ShouldContain("unknown editor 'postcode'");
        var types = DocumentTypeRegistry.LoadFromFolder(Path.Combine(folder, "document-types"), editors);
        var validator = new ContentValidator(types, ["en"]);
        ContentData Office(string postcode) => new()
        {
            Invariant = { ["postcode"] = JsonSerializer.SerializeToElement(postcode) },
            Cultures = { ["en"] = new CultureData { Name = "London office" } },
        };

        validator.Validate(types.Get("office"), Office("SW1A 1AA"), new Dictionary<Guid, string>()).ShouldBeEmpty();
        validator.Validate(types.Get("office"), Office("nowhere"), new Dictionary<Guid, string>())
            .Select(e => $"{e.Property}: {e.Message}").ShouldBe(["postcode: Expected a UK postcode such as SW1A 1AA."]);
    }

    /// <summary>A kind the engine does not have, as a module would add one.</summary>
    private sealed partial class PostcodeEditor : PropertyEditor
    {
        public override string Alias => "postcode";

        public override bool TakesMaxLength => true;

        public override void Validate(PropertyValueCheck check)
        {
            if (check.Value.ValueKind != JsonValueKind.String || !Postcode().IsMatch(check.Value.GetString()!))
                check.Fail("Expected a UK postcode such as SW1A 1AA.");
        }

        [System.Text.RegularExpressions.GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")]
        private static partial System.Text.RegularExpressions.Regex Postcode();
    }

    /// <summary>The portal's modules as the command line registers them, never started: nothing here touches a database.</summary>
    private static IHost PortalHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ContentRootPath = TestPostgres.RepositoryRoot });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = "Host=127.0.0.1;Port=1;Database=none",
            ["Portal:Content:ModelPath"] = TestPostgres.ModelPath,
        });
        builder.AddPortalModules(StrongCitiesPortal.Web.PortalHost.Command);
        return builder.Build();
    }
}
