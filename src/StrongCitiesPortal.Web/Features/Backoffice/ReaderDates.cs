using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace StrongCitiesPortal.Web.Features.Backoffice;

/// <summary>Dates as the reader writes them: the format of their browser's first language, in UTC (script turns it into their time zone).</summary>
public static class ReaderDates
{
    private static readonly CultureInfo Fallback = CultureInfo.GetCultureInfo("en-GB");

    public static CultureInfo Culture(HttpContext context)
    {
        if (context.Items[typeof(ReaderDates)] is CultureInfo known)
            return known;
        var culture = Fallback;
        if (StringWithQualityHeaderValue.TryParseList(context.Request.Headers.AcceptLanguage, out var languages))
        {
            foreach (var language in languages.OrderByDescending(l => l.Quality ?? 1))
            {
                if (language.Value.Value is not { Length: > 1 and < 40 } tag || tag == "*")
                    continue;
                try
                {
                    culture = CultureInfo.GetCultureInfo(tag, predefinedOnly: true);
                    // A bare language ("en") has no date format of its own worth using; its usual region does.
                    if (culture.IsNeutralCulture)
                        culture = CultureInfo.CreateSpecificCulture(culture.Name);
                    break;
                }
                catch (CultureNotFoundException)
                {
                    culture = Fallback;
                }
            }
        }
        context.Items[typeof(ReaderDates)] = culture;
        return culture;
    }

    public static string Format(DateTimeOffset at, HttpContext context) =>
        at.UtcDateTime.ToString("g", Culture(context)) + " UTC";
}
