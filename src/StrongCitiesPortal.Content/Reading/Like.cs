namespace StrongCitiesPortal.Content.Reading;

/// <summary>Patterns for <c>ilike</c> built from what a person typed, matched literally.</summary>
internal static class Like
{
    /// <summary>A pattern for text containing <paramref name="text"/> (trimmed), or null when it is blank.</summary>
    public static string? Containing(string? text) => string.IsNullOrWhiteSpace(text)
        ? null
        : "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
