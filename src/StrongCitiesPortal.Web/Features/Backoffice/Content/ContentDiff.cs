using System.Text.Json;
using StrongCitiesPortal.Content.DocumentTypes;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.PropertyEditors;

namespace StrongCitiesPortal.Web.Features.Backoffice.Content;

/// <summary>One field of an item side by side in two versions.</summary>
public sealed record DiffRow(string Field, string Label, string? Culture, string Left, string Right)
{
    public bool Changed => !string.Equals(Left, Right, StringComparison.Ordinal);

    /// <summary>The two texts word by word, each part marked kept, removed (left) or added (right).</summary>
    public IReadOnlyList<DiffLine> Words => WordDiff.Compare(Left, Right);
}

public enum DiffKind
{
    Same,
    Removed,
    Added,
}

public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>Compares two versions of an item field by field, as readable text.</summary>
public sealed partial class ContentDiff(DocumentTypeRegistry types, Func<Guid, string> nameOf, Func<Guid, string?>? mediaNameOf = null) : IDiffNames
{
    /// <summary>Every key-like value in the given versions: what a diff may need names for (media, most of all).</summary>
    public static IReadOnlyCollection<Guid> KeysIn(params ContentData?[] versions)
    {
        var keys = new HashSet<Guid>();
        foreach (var data in versions.OfType<ContentData>())
        {
            var json = JsonSerializer.Serialize(data);
            foreach (System.Text.RegularExpressions.Match m in GuidPattern().Matches(json))
                keys.Add(Guid.Parse(m.Value));
        }
        return keys;
    }

    [System.Text.RegularExpressions.GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial System.Text.RegularExpressions.Regex GuidPattern();

    public IReadOnlyList<DiffRow> Compare(DocumentType type, ContentData? left, ContentData? right, IReadOnlyList<string> cultures)
    {
        left ??= new ContentData();
        right ??= new ContentData();
        var rows = new List<DiffRow>();
        var present = cultures.Where(c => left.Cultures.ContainsKey(c) || right.Cultures.ContainsKey(c)).ToList();
        foreach (var culture in present)
        {
            rows.Add(new DiffRow("name", "Name", culture, left.Cultures.GetValueOrDefault(culture)?.Name ?? "", right.Cultures.GetValueOrDefault(culture)?.Name ?? ""));
            rows.Add(new DiffRow("segment", "URL segment", culture, left.Cultures.GetValueOrDefault(culture)?.Segment ?? "", right.Cultures.GetValueOrDefault(culture)?.Segment ?? ""));
        }
        foreach (var property in type.Properties)
        {
            if (property.VariesByCulture)
            {
                foreach (var culture in present)
                    rows.Add(Row(property, culture, Value(left.Cultures.GetValueOrDefault(culture)?.Values, property.Alias), Value(right.Cultures.GetValueOrDefault(culture)?.Values, property.Alias)));
            }
            else
            {
                rows.Add(Row(property, null, Value(left.Invariant, property.Alias), Value(right.Invariant, property.Alias)));
            }
        }
        return rows;
    }

    private DiffRow Row(PropertyType property, string? culture, JsonElement? left, JsonElement? right) =>
        new(property.Alias, property.Name, culture, Display(property, left), Display(property, right));

    private static JsonElement? Value(IReadOnlyDictionary<string, JsonElement>? values, string alias) =>
        values is not null && values.TryGetValue(alias, out var v) ? v : null;

    /// <summary>A value as an editor reads it: names for picked items, one line per tag, blocks as headed paragraphs.</summary>
    public string Display(PropertyType property, JsonElement? value) =>
        value is null || value.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
            ? ""
            : property.PropertyEditor.DiffText(property, value.Value, this);

    DocumentTypeRegistry IDiffNames.Types => types;

    string IDiffNames.ContentName(Guid key) => nameOf(key);

    bool IDiffNames.KnowsMedia => mediaNameOf is not null;

    string? IDiffNames.MediaName(Guid key) => mediaNameOf?.Invoke(key);
}

/// <summary>
/// A word diff by longest common subsequence: each token is a word with the spaces after it, so a changed word
/// shows as itself rather than the whole field. Small texts only (fields of one item); very long ones fall back
/// to "all removed, all added".
/// </summary>
public static partial class WordDiff
{
    private const long MaxCells = 4_000_000;

    [System.Text.RegularExpressions.GeneratedRegex(@"\S+\s*|\s+")]
    private static partial System.Text.RegularExpressions.Regex Token();

    public static IReadOnlyList<DiffLine> Compare(string left, string right)
    {
        var a = Token().Matches(left).Select(m => m.Value).ToArray();
        var b = Token().Matches(right).Select(m => m.Value).ToArray();
        if ((long)a.Length * b.Length > MaxCells)
            return Merge([.. a.Select(t => new DiffLine(DiffKind.Removed, t)), .. b.Select(t => new DiffLine(DiffKind.Added, t))]);
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = Same(a[i], b[j]) ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        }
        var parts = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (Same(a[x], b[y]))
            {
                parts.Add(new DiffLine(DiffKind.Same, b[y]));
                x++;
                y++;
            }
            else if (lcs[x + 1, y] >= lcs[x, y + 1])
            {
                parts.Add(new DiffLine(DiffKind.Removed, a[x++]));
            }
            else
            {
                parts.Add(new DiffLine(DiffKind.Added, b[y++]));
            }
        }
        while (x < a.Length)
            parts.Add(new DiffLine(DiffKind.Removed, a[x++]));
        while (y < b.Length)
            parts.Add(new DiffLine(DiffKind.Added, b[y++]));
        return Merge(parts);
    }

    // A word followed by a space and the same word at the end of the text are the same word.
    private static bool Same(string a, string b) => string.Equals(a.TrimEnd(), b.TrimEnd(), StringComparison.Ordinal) && (a.TrimEnd().Length > 0 || a == b);

    private static List<DiffLine> Merge(List<DiffLine> parts)
    {
        var merged = new List<DiffLine>();
        foreach (var part in parts)
        {
            if (merged.Count > 0 && merged[^1].Kind == part.Kind)
                merged[^1] = merged[^1] with { Text = merged[^1].Text + part.Text };
            else
                merged.Add(part);
        }
        return merged;
    }
}

/// <summary>A side-by-side table of two versions for the _Diff partial.</summary>
public sealed record DiffView(IReadOnlyList<DiffRow> Rows, string LeftTitle, string RightTitle, bool OnlyChanged = false);
