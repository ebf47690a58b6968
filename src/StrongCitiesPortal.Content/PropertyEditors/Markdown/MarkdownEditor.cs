using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>Markdown: stored as written, delivered as safe HTML, indexed as plain text.</summary>
public sealed class MarkdownEditor : PropertyEditor
{
    public override string Alias => "markdown";

    public override bool TakesMaxLength => true;

    public override void Validate(PropertyValueCheck check) => check.CheckText(singleLine: false);

    public override SearchTextRole SearchRole => SearchTextRole.Body;

    public override IEnumerable<string> IndexText(JsonElement value, IIndexTextSource source) =>
        value.ValueKind == JsonValueKind.String ? [source.PlainText(value.GetString())] : [];

    public override object? DeliveryValue(PropertyType property, JsonElement? value, IDeliveryValues delivery) =>
        value is { ValueKind: JsonValueKind.String } markdown ? delivery.Html(markdown.GetString()) : null;
}
