using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Primitives;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Web.Features.Backoffice.Content;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>
/// The web app's half of a property editor (the engine's <c>PropertyEditor</c> of the same alias): the backoffice's
/// form control and how a post is read back, and the value as HTML on public pages. One per editor kind, in the
/// kind's folder beside its <c>_Edit.cshtml</c>.
/// </summary>
public abstract class PropertyEditorWeb
{
    protected static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    /// <summary>The engine editor's alias this is the companion of.</summary>
    public abstract string Alias { get; }

    /// <summary>The partial that draws the control, given a <see cref="PropertyField"/>.</summary>
    public abstract string EditPartial { get; }

    /// <summary>The posted value of the control named <paramref name="field"/>; null when it is empty. What does not parse is passed on as text for validation to name.</summary>
    public virtual JsonElement? Read(PropertyType property, string field, FormReading form) => FormReading.TextOrNull(form.Form[field].ToString());

    /// <summary>What was chosen in a select or list of checkboxes: a list when the property takes several, else the one value.</summary>
    protected static JsonElement? ReadChosen(PropertyType property, string field, FormReading form)
    {
        var chosen = FormReading.Chosen(form.Form[field]);
        if (chosen.Count == 0)
            return null;
        return property.Multiple ? ContentForm.Json(chosen) : ContentForm.Json(chosen[0]);
    }

    /// <summary>What a top-level posted value becomes given the saved one (an unticked box stays absent).</summary>
    public virtual JsonElement? Settle(JsonElement? posted, JsonElement? saved) => posted;

    /// <summary>The value as HTML on a public page.</summary>
    public virtual void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page) =>
        html.Append(Encoder.Encode(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()));

    /// <summary>The English value beside a translation's control.</summary>
    public virtual IHtmlContent English(PropertyType property, JsonElement english, EditorContext context) =>
        new HtmlString($"<div class=\"bo-english-text\">{Encoder.Encode(context.Display.Display(property, english))}</div>");
}

/// <summary>A posted form being read back into values.</summary>
public sealed class FormReading(IFormCollection form, DocumentTypeRegistry types, PropertyEditorWebCollection editors)
{
    public IFormCollection Form => form;
    public DocumentTypeRegistry Types => types;

    /// <summary>A value inside this one (a block's property), read by its own editor.</summary>
    public JsonElement? Read(PropertyType property, string field) => editors.For(property).Read(property, field, this);

    public static JsonElement? TextOrNull(string value) => value.Length == 0 ? null : ContentForm.Json(value);

    /// <summary>The non-blank values posted, trimmed, each once, in order.</summary>
    public static List<string> Chosen(StringValues raw) =>
        raw.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>Every web companion, by its editor's alias.</summary>
public sealed class PropertyEditorWebCollection
{
    private readonly Dictionary<string, PropertyEditorWeb> _byAlias = new(StringComparer.Ordinal);

    public PropertyEditorWebCollection(IEnumerable<PropertyEditorWeb> editors)
    {
        foreach (var editor in editors)
        {
            if (!_byAlias.TryAdd(editor.Alias, editor))
                throw new InvalidOperationException($"Two web companions are for the editor '{editor.Alias}': {_byAlias[editor.Alias].GetType().Name} and {editor.GetType().Name}.");
        }
    }

    public IEnumerable<string> Aliases => _byAlias.Keys.Order(StringComparer.Ordinal);

    public PropertyEditorWeb? Find(string alias) => _byAlias.GetValueOrDefault(alias);

    public PropertyEditorWeb For(PropertyType property) =>
        Find(property.Editor) ?? throw new InvalidOperationException($"The editor '{property.Editor}' (property '{property.Alias}') has no web companion.");

    /// <summary>The concrete companions an assembly declares.</summary>
    public static IEnumerable<Type> TypesIn(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(PropertyEditorWeb).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
}

public static class PropertyEditorWebExtensions
{
    /// <summary>Registers every web companion <paramref name="assembly"/> declares; the collection gathers all that are registered.</summary>
    public static IServiceCollection AddPropertyEditorWebFrom(this IServiceCollection services, Assembly assembly)
    {
        foreach (var type in PropertyEditorWebCollection.TypesIn(assembly))
            services.AddSingleton(typeof(PropertyEditorWeb), type);
        services.TryAddSingleton(sp => new PropertyEditorWebCollection(sp.GetServices<PropertyEditorWeb>()));
        return services;
    }
}
