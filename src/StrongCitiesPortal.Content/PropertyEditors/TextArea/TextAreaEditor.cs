using System.Text.Json;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>Plain text in paragraphs.</summary>
public sealed class TextAreaEditor : PropertyEditor
{
    public override string Alias => "textarea";

    public override bool TakesMaxLength => true;

    public override void Validate(PropertyValueCheck check) => check.CheckText(singleLine: false);

    public override SearchTextRole SearchRole => SearchTextRole.Other;

    public override IEnumerable<string> IndexText(JsonElement value, IIndexTextSource source) => JsonValues.Strings(value);

    public override IEnumerable<FacetEntry> FacetValues(JsonElement value, Func<Guid, PublishedNode?> picked) => Facets.Texts(value);
}
