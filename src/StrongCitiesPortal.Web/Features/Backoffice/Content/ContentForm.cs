using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>
/// The edit form generated from a document type, read back into content data. Each culture tab posts the
/// shared properties and that culture's own; the other cultures are left as they were in the version the
/// editor started from. Values that do not parse are passed on as text so the engine's validation names them.
/// </summary>
public static class ContentForm
{
    public const string Prefix = "p.";

    public static ContentData Apply(DocumentType type, DocumentTypeRegistry types, ContentData basis, string culture, IFormCollection form, bool includeShared = true)
    {
        var data = basis.Clone();
        var name = (form["name"].ToString() ?? "").Trim();
        var segment = (form["segment"].ToString() ?? "").Trim();
        var own = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in type.Properties)
        {
            if (!property.VariesByCulture && !includeShared)
                continue;
            var value = Read(property, types, form, Prefix + property.Alias);
            // An unticked box on an item that never had the value stays without it (absent reads as "no").
            if (property.Kind == EditorKind.Boolean && value?.ValueKind == JsonValueKind.False
                && basis.Value(property.Alias, culture) is null)
                value = null;
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

    public static JsonElement? Read(PropertyType property, DocumentTypeRegistry types, IFormCollection form, string field)
    {
        var raw = form[field];
        switch (property.Kind)
        {
            case EditorKind.Text or EditorKind.Url or EditorKind.Email or EditorKind.Date:
                return Text(raw.ToString().Trim());
            case EditorKind.TextArea or EditorKind.Markdown:
                return Text(raw.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd());
            case EditorKind.DateTime:
                var local = raw.ToString().Trim();
                if (local.Length == 0)
                    return null;
                // datetime-local has no offset: the form labels it UTC.
                return DateTime.TryParseExact(local, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                    ? Json(new DateTimeOffset(at, TimeSpan.Zero).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
                    : Json(local);
            case EditorKind.Number:
                var number = raw.ToString().Trim();
                if (number.Length == 0)
                    return null;
                return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? Json(n) : Json(number);
            case EditorKind.Boolean:
                return Json(raw.Any(v => v == "true"));
            case EditorKind.Tags:
                var tags = raw.ToString().Split('\n').Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                return tags.Count == 0 ? null : Json(tags);
            case EditorKind.Dropdown or EditorKind.Country or EditorKind.ContentPicker or EditorKind.MediaPicker:
                var chosen = Values(raw);
                if (property.Multiple)
                    return chosen.Count == 0 ? null : Json(chosen);
                return chosen.Count == 0 ? null : Json(chosen[0]);
            case EditorKind.GeoLocation:
                var lat = form[field + ".lat"].ToString().Trim();
                var lng = form[field + ".lng"].ToString().Trim();
                if (lat.Length == 0 && lng.Length == 0)
                    return null;
                object Coordinate(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : s;
                return Json(new Dictionary<string, object> { ["lat"] = Coordinate(lat), ["lng"] = Coordinate(lng) });
            case EditorKind.BlockList:
                var blocks = new List<Dictionary<string, object?>>();
                foreach (var key in Values(form[field + ".key"]))
                {
                    var blockField = $"{field}.{key}";
                    var alias = form[blockField + ".type"].ToString();
                    if (!Guid.TryParse(key, out _) || types.Find(alias) is not { IsElement: true } element)
                        continue;
                    var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    foreach (var inner in element.Properties)
                    {
                        if (Read(inner, types, form, $"{blockField}.{inner.Alias}") is { } value)
                            values[inner.Alias] = value;
                    }
                    blocks.Add(new Dictionary<string, object?> { ["key"] = key, ["contentType"] = alias, ["values"] = values });
                }
                return blocks.Count == 0 ? null : Json(blocks);
            default:
                return Text(raw.ToString());
        }
    }

    private static List<string> Values(StringValues raw) =>
        raw.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal).ToList();

    private static JsonElement? Text(string value) => value.Length == 0 ? null : Json(value);

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

    public static string Text(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString() ?? "",
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        null => "",
        { } v when v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined => "",
        { } v => v.GetRawText(),
    };

    public static IReadOnlyList<string> Strings(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } v => [v.GetString()!],
        { ValueKind: JsonValueKind.Array } v => v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
        _ => [],
    };

    public static string DateTimeLocal(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.String } v && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)
            : Text(value);

    public static (string Lat, string Lng) Geo(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } v
            ? (v.TryGetProperty("lat", out var lat) ? Text(lat) : "", v.TryGetProperty("lng", out var lng) ? Text(lng) : "")
            : ("", "");

    public sealed record Block(Guid Key, string ContentType, IReadOnlyDictionary<string, JsonElement> Values);

    public static IReadOnlyList<Block> Blocks(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Array } list)
            return [];
        var blocks = new List<Block>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("key", out var key) || !Guid.TryParse(key.GetString(), out var k)
                || !item.TryGetProperty("contentType", out var type) || type.ValueKind != JsonValueKind.String)
                continue;
            var values = item.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Object
                ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
                : new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            blocks.Add(new Block(k, type.GetString()!, values));
        }
        return blocks;
    }

    public static JsonElement? FromBlocks(IReadOnlyList<Block> blocks) =>
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
        if (parts.Length != 3 || type.FindProperty(parts[1]) is not { Kind: EditorKind.BlockList } property)
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
        var blocks = Blocks(target.TryGetValue(property.Alias, out var current) ? current : null).ToList();
        switch (parts[0])
        {
            case "add" when property.Blocks.Contains(parts[2], StringComparer.Ordinal) && types.Find(parts[2]) is { IsElement: true }:
                blocks.Add(new Block(Guid.NewGuid(), parts[2], new Dictionary<string, JsonElement>()));
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
