using System.Globalization;
using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.PropertyEditors;
using StrongCitiesPortal.Web.PropertyEditors;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>
/// The edit form generated from a document type, read back into content data. Each culture tab posts the
/// shared properties and that culture's own; the other cultures are left as they were in the version the
/// editor started from. Values that do not parse are passed on as text so the engine's validation names them.
/// </summary>
public static class ContentForm
{
    public const string Prefix = "p.";

    public static ContentData Apply(DocumentType type, DocumentTypeRegistry types, PropertyEditorWebCollection editors, ContentData basis, string culture, IFormCollection form, bool includeShared = true)
    {
        var reading = new FormReading(form, types, editors);
        var data = basis.Clone();
        var name = (form["name"].ToString() ?? "").Trim();
        var segment = (form["segment"].ToString() ?? "").Trim();
        var own = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in type.Properties)
        {
            if (!property.VariesByCulture && !includeShared)
                continue;
            var web = editors.For(property);
            var value = web.Settle(web.Read(property, Prefix + property.Alias, reading), basis.Value(property.Alias, culture));
            if (property.VariesByCulture)
            {
                if (value is { } v)
                    own[property.Alias] = v;
            }
            else if (value is { } shared)
            {
                data.Invariant[property.Alias] = shared;
            }
            else
            {
                data.Invariant.Remove(property.Alias);
            }
        }

        if (data.Cultures.TryGetValue(culture, out var variant))
        {
            variant.Name = name;
            variant.Segment = segment.Length == 0 ? null : segment;
            variant.Values.Clear();
            foreach (var (alias, value) in own)
                variant.Values[alias] = value;
        }
        else if (name.Length > 0 || own.Count > 0)
        {
            // A new translation starts when its tab is given a name or a value.
            data.Cultures[culture] = new CultureData { Name = name, Segment = segment.Length == 0 ? null : segment, Values = own };
        }
        return data;
    }

    public static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value);

    private static readonly JsonSerializerOptions NormalJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A value written one way whatever its source (stored jsonb is spaced and escaped differently from a fresh value).</summary>
    public static string Normal(JsonElement value) =>
        value.ValueKind is JsonValueKind.Undefined ? "" : Sorted(System.Text.Json.Nodes.JsonNode.Parse(value.GetRawText()))?.ToJsonString(NormalJson) ?? "null";

    // jsonb keeps object keys in its own order, so equal objects are compared with their keys sorted.
    private static System.Text.Json.Nodes.JsonNode? Sorted(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => new System.Text.Json.Nodes.JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value?.DeepClone())))),
        System.Text.Json.Nodes.JsonArray a => new System.Text.Json.Nodes.JsonArray(a.Select(i => Sorted(i?.DeepClone())).ToArray()),
        _ => node,
    };

    /// <summary>The data as one string, with keys in order: equal strings mean equal content.</summary>
    public static string Canonical(ContentData data) => JsonSerializer.Serialize(new
    {
        invariant = new SortedDictionary<string, string>(data.Invariant.ToDictionary(p => p.Key, p => Normal(p.Value)), StringComparer.Ordinal),
        cultures = new SortedDictionary<string, object>(data.Cultures.ToDictionary(c => c.Key, c => (object)new
        {
            name = c.Value.Name,
            segment = c.Value.Segment,
            values = new SortedDictionary<string, string>(c.Value.Values.ToDictionary(p => p.Key, p => Normal(p.Value)), StringComparer.Ordinal),
        }), StringComparer.Ordinal),
    });

    // ---- reading values back into controls ----

    public static string Text(JsonElement? value) => JsonValues.Text(value);

    public static string DateTimeLocal(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.String } v && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)
            : Text(value);

    public static JsonElement? FromBlocks(IReadOnlyList<BlockListEditor.Block> blocks) =>
        blocks.Count == 0 ? null : Json(blocks.Select(b => new Dictionary<string, object?>
        {
            ["key"] = b.Key.ToString(),
            ["contentType"] = b.ContentType,
            ["values"] = b.Values,
        }));

    /// <summary>Adds, removes or moves one block of a block list in the data, for the form's add/remove/up/down buttons.</summary>
    public static bool ChangeBlocks(DocumentType type, ContentData data, string culture, string command, DocumentTypeRegistry types)
    {
        // command: "add:{alias}:{elementType}", "remove:{alias}:{key}", "up:{alias}:{key}", "down:{alias}:{key}"
        var parts = command.Split(':');
        if (parts.Length != 3 || type.FindProperty(parts[1]) is not { PropertyEditor: BlockListEditor } property)
            return false;
        var target = property.VariesByCulture
            ? data.Cultures.TryGetValue(culture, out var variant) ? variant.Values : null
            : data.Invariant;
        if (target is null)
        {
            if (parts[0] != "add")
                return false;
            data.Cultures[culture] = new CultureData { Name = "" };
            target = data.Cultures[culture].Values;
        }
        var blocks = BlockListEditor.Blocks(target.TryGetValue(property.Alias, out var current) ? current : null).ToList();
        switch (parts[0])
        {
            case "add" when property.Blocks.Contains(parts[2], StringComparer.Ordinal) && types.Find(parts[2]) is { IsElement: true }:
                blocks.Add(new BlockListEditor.Block(Guid.NewGuid(), parts[2], new Dictionary<string, JsonElement>()));
                break;
            case "remove" or "up" or "down" when Guid.TryParse(parts[2], out var key) && blocks.FindIndex(b => b.Key == key) is var index and >= 0:
                var block = blocks[index];
                blocks.RemoveAt(index);
                if (parts[0] == "up")
                    blocks.Insert(Math.Max(0, index - 1), block);
                else if (parts[0] == "down")
                    blocks.Insert(Math.Min(blocks.Count, index + 1), block);
                break;
            default:
                return false;
        }
        if (FromBlocks(blocks) is { } updated)
            target[property.Alias] = updated;
        else
            target.Remove(property.Alias);
        return true;
    }
}
