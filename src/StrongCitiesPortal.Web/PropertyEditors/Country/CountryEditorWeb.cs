using System.Text;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.PropertyEditors;

namespace StrongCitiesPortal.Web.PropertyEditors;

/// <summary>Countries: a select of every country, shown by English name.</summary>
public sealed class CountryEditorWeb : PropertyEditorWeb
{
    public override string Alias => "country";

    public override string EditPartial => "~/PropertyEditors/Country/_Edit.cshtml";

    public override JsonElement? Read(PropertyType property, string field, FormReading form) => ReadChosen(property, field, form);

    public override void Render(PropertyType property, JsonElement value, string culture, StringBuilder html, ContentRendering page) =>
        html.Append(Encoder.Encode(string.Join(", ", JsonValues.Strings(value).Select(Countries.EnglishName))));
}
