using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Web.Features.Shared;

/// <summary>
/// Country names in French and Arabic for the countries where the network has members; .NET's region data
/// only carries English and native names. Any other country is shown with its English name.
/// </summary>
public static class CountryNames
{
    public static string Name(string code, string culture)
    {
        if (culture != "en" && Names.TryGetValue(code, out var names))
            return culture == "fr" ? names.Fr : culture == "ar" ? names.Ar : Countries.EnglishName(code);
        return Countries.EnglishName(code);
    }

    public static bool IsTranslated(string code, string culture) => culture == "en" || Names.ContainsKey(code);

    private static readonly Dictionary<string, (string Fr, string Ar)> Names = new(StringComparer.Ordinal)
    {
        ["AE"] = ("Émirats arabes unis", "الإمارات العربية المتحدة"),
        ["AL"] = ("Albanie", "ألبانيا"),
        ["AT"] = ("Autriche", "النمسا"),
        ["AU"] = ("Australie", "أستراليا"),
        ["BA"] = ("Bosnie-Herzégovine", "البوسنة والهرسك"),
        ["BD"] = ("Bangladesh", "بنغلاديش"),
        ["BE"] = ("Belgique", "بلجيكا"),
        ["BF"] = ("Burkina Faso", "بوركينا فاسو"),
        ["BJ"] = ("Bénin", "بنين"),
        ["CA"] = ("Canada", "كندا"),
        ["CH"] = ("Suisse", "سويسرا"),
        ["CI"] = ("Côte d'Ivoire", "كوت ديفوار"),
        ["CM"] = ("Cameroun", "الكاميرون"),
        ["CO"] = ("Colombie", "كولومبيا"),
        ["DE"] = ("Allemagne", "ألمانيا"),
        ["DK"] = ("Danemark", "الدنمارك"),
        ["DZ"] = ("Algérie", "الجزائر"),
        ["EC"] = ("Équateur", "الإكوادور"),
        ["EG"] = ("Égypte", "مصر"),
        ["ES"] = ("Espagne", "إسبانيا"),
        ["ET"] = ("Éthiopie", "إثيوبيا"),
        ["FI"] = ("Finlande", "فنلندا"),
        ["FR"] = ("France", "فرنسا"),
        ["GB"] = ("Royaume-Uni", "المملكة المتحدة"),
        ["GH"] = ("Ghana", "غانا"),
        ["GR"] = ("Grèce", "اليونان"),
        ["ID"] = ("Indonésie", "إندونيسيا"),
        ["IE"] = ("Irlande", "أيرلندا"),
        ["IN"] = ("Inde", "الهند"),
        ["IQ"] = ("Irak", "العراق"),
        ["IT"] = ("Italie", "إيطاليا"),
        ["JO"] = ("Jordanie", "الأردن"),
        ["KE"] = ("Kenya", "كينيا"),
        ["KG"] = ("Kirghizistan", "قيرغيزستان"),
        ["KZ"] = ("Kazakhstan", "كازاخستان"),
        ["LB"] = ("Liban", "لبنان"),
        ["LK"] = ("Sri Lanka", "سريلانكا"),
        ["MA"] = ("Maroc", "المغرب"),
        ["MK"] = ("Macédoine du Nord", "مقدونيا الشمالية"),
        ["ML"] = ("Mali", "مالي"),
        ["MX"] = ("Mexique", "المكسيك"),
        ["MY"] = ("Malaisie", "ماليزيا"),
        ["NE"] = ("Niger", "النيجر"),
        ["NG"] = ("Nigeria", "نيجيريا"),
        ["NL"] = ("Pays-Bas", "هولندا"),
        ["NO"] = ("Norvège", "النرويج"),
        ["NZ"] = ("Nouvelle-Zélande", "نيوزيلندا"),
        ["PH"] = ("Philippines", "الفلبين"),
        ["PK"] = ("Pakistan", "باكستان"),
        ["PT"] = ("Portugal", "البرتغال"),
        ["SE"] = ("Suède", "السويد"),
        ["SN"] = ("Sénégal", "السنغال"),
        ["SO"] = ("Somalie", "الصومال"),
        ["TG"] = ("Togo", "توغو"),
        ["TJ"] = ("Tadjikistan", "طاجيكستان"),
        ["TN"] = ("Tunisie", "تونس"),
        ["TR"] = ("Turquie", "تركيا"),
        ["TZ"] = ("Tanzanie", "تنزانيا"),
        ["UG"] = ("Ouganda", "أوغندا"),
        ["US"] = ("États-Unis", "الولايات المتحدة"),
        ["UZ"] = ("Ouzbékistan", "أوزبكستان"),
        ["XK"] = ("Kosovo", "كوسوفو"),
    };
}
