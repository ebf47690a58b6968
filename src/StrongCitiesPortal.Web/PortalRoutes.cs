namespace StrongCitiesPortal.Web;

public static class PortalRoutes
{
    /// <summary>Splits a request path into its culture (a leading "/fr" or "/ar") and the content route.</summary>
    public static (string Culture, string Route) Split(string? path, IReadOnlyList<string> cultures, string defaultCulture)
    {
        var trimmed = (path ?? "").Trim('/');
        var first = trimmed.Split('/', 2)[0];
        if (first.Length > 0 && first != defaultCulture && cultures.Contains(first, StringComparer.OrdinalIgnoreCase))
            return (first.ToLowerInvariant(), trimmed.Length > first.Length ? trimmed[(first.Length + 1)..] : "");
        return (defaultCulture, trimmed);
    }
}
