using System.Globalization;
using System.Text;

namespace StrongCitiesPortal.Content.Items;

public static class UrlSegments
{
    public static bool IsValid(string segment) =>
        segment.Length is > 0 and <= 200
        && segment.All(c => c == '-' || char.IsDigit(c) || (char.IsLetter(c) && !char.IsUpper(c)))
        && !segment.StartsWith('-') && !segment.EndsWith('-');

    /// <summary>A URL segment from a name: accents folded, lower case, words joined by hyphens. Non-Latin letters are kept.</summary>
    public static string FromName(string name)
    {
        var folded = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(folded.Length);
        var pendingHyphen = false;
        foreach (var c in folded)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                    builder.Append('-');
                pendingHyphen = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is not '\'' and not '’')
            {
                pendingHyphen = true;
            }
        }
        var segment = builder.ToString().Normalize(NormalizationForm.FormC);
        if (segment.Length > 200)
            segment = segment[..200].TrimEnd('-');
        return segment.Length == 0 ? "item" : segment;
    }
}
