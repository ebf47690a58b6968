using System.Globalization;

namespace StrongCitiesPortal.Content.Items;

public static class Countries
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> All = new(() =>
        CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Select(c =>
            {
                try { return new RegionInfo(c.Name); }
                catch (ArgumentException) { return null; }
            })
            .Where(r => r is not null && r.TwoLetterISORegionName.Length == 2 && char.IsLetter(r.TwoLetterISORegionName[0]))
            .DistinctBy(r => r!.TwoLetterISORegionName)
            .ToDictionary(r => r!.TwoLetterISORegionName, r => r!.EnglishName, StringComparer.Ordinal));

    public static bool IsCode(string code) =>
        code.Length == 2 && (All.Value.ContainsKey(code) || TryRegion(code));

    /// <summary>The English name for an ISO code, or the code itself when unknown.</summary>
    public static string EnglishName(string code) =>
        All.Value.TryGetValue(code, out var name) ? name : TryRegion(code) ? new RegionInfo(code).EnglishName : code;

    public static IReadOnlyDictionary<string, string> Names => All.Value;

    private static readonly Lazy<Dictionary<string, string>> ByName = new(() =>
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, name) in All.Value)
        {
            map.TryAdd(name, code);
            try
            {
                map.TryAdd(new RegionInfo(code).ThreeLetterISORegionName, code);
            }
            catch (ArgumentException)
            {
            }
        }
        return map;
    });

    /// <summary>The two-letter code of a country given by its ISO 3166 two- or three-letter code or its English name (any case), or null.</summary>
    public static string? Code(string value)
    {
        var text = value.Trim();
        if (text.Length == 2 && IsCode(text.ToUpperInvariant()))
            return text.ToUpperInvariant();
        return ByName.Value.GetValueOrDefault(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }

    private static bool TryRegion(string code)
    {
        if (code.Length != 2 || !char.IsAsciiLetterUpper(code[0]) || !char.IsAsciiLetterUpper(code[1]))
            return false;
        try
        {
            return new RegionInfo(code).TwoLetterISORegionName == code;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
