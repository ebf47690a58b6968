using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace StrongCitiesPortal.Search.Delivery;

/// <summary>How the Delivery API compares text: names for "contains" and for sorting, and filter values.</summary>
public static class DeliveryText
{
    /// <summary>Longer names sort and match by their start only (an index term has a size limit).</summary>
    private const int MaxNameLength = 300;

    // CultureInfo.GetCultureInfo takes a lock on every call: a rebuild asks for each document.
    private static readonly ConcurrentDictionary<string, CultureInfo> Cultures = new(StringComparer.Ordinal);

    /// <summary>Lower case, accents removed: <c>name:</c> matches what contains the filter's text in this form.</summary>
    public static string Match(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                kept.Append(char.ToLowerInvariant(c));
        }
        return kept.ToString();
    }

    /// <summary>The name's collation key in the culture's alphabetical order, ignoring case: compared byte by byte.</summary>
    public static byte[] NameSortKey(string name, string culture) =>
        For(culture).CompareInfo.GetSortKey(Trim(name), CompareOptions.IgnoreCase).KeyData;

    /// <summary>"Middle East and North Africa" and "middle-east-and-north-africa" are the same filter value.</summary>
    public static string FilterKey(string value)
    {
        var chars = new StringBuilder(value.Length);
        var dash = false;
        foreach (var c in value.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                chars.Append(c);
                dash = false;
            }
            else if (!dash && chars.Length > 0)
            {
                chars.Append('-');
                dash = true;
            }
        }
        if (dash)
            chars.Length--;
        return chars.ToString();
    }

    /// <summary>The culture of a culture code (the invariant one for a code the system does not know), looked up once per code.</summary>
    public static CultureInfo For(string culture) => Cultures.GetOrAdd(culture, static code =>
    {
        try
        {
            return CultureInfo.GetCultureInfo(code);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    });

    private static string Trim(string text) => text.Length > MaxNameLength ? text[..MaxNameLength] : text;
}
