using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>One line of text.</summary>
public sealed class TextEditor : PropertyEditor
{
    public override string Alias => "text";

    public override bool TakesMaxLength => true;

    public override void Validate(PropertyValueCheck check) => check.CheckText(singleLine: true);

    public override SearchTextRole SearchRole => SearchTextRole.Other;

    public override IEnumerable<string> IndexText(JsonElement value, IIndexTextSource source) => JsonValues.Strings(value);

    public override IEnumerable<FacetEntry> FacetValues(JsonElement value, Func<Guid, PublishedNode?> picked) => Facets.Texts(value);

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell) => CellText.Trimmed(value);
}
