namespace StrongCitiesPortal.Web.Features.Shared;

/// <summary>
/// The portal's own words (navigation, labels, messages and the option values of the content model) in
/// English, French and Arabic, looked up by their English text. A word without a translation is shown in English.
/// </summary>
public sealed class SiteText(string culture)
{
    public string Culture { get; } = culture;

    public string this[string english] => Translate(english, Culture);

    /// <summary>A translated composite format, filled with culture-formatted arguments.</summary>
    public string Format(string english, params object?[] args) => string.Format(PortalFormats.For(Culture), this[english], args);

    /// <summary>True when the word has its own translation in this culture.</summary>
    public bool Has(string english) => Culture == "en" || (Words.TryGetValue(english, out var t) && Index(Culture) is { } i && t[i].Length > 0);

    public static string Translate(string english, string culture) =>
        Index(culture) is { } i && Words.TryGetValue(english, out var t) && t[i].Length > 0 ? t[i] : english;

    public static IReadOnlyCollection<string> Keys => Words.Keys;

    public static string Translation(string english, string culture) => Translate(english, culture);

    private static int? Index(string culture) => culture switch { "fr" => 0, "ar" => 1, _ => null };

    public string Country(string code) => CountryNames.Name(code, Culture);

    public string Number(int value) => value.ToString("N0", PortalFormats.For(Culture));

    /// <summary>
    /// A count in words by the language's plural rule: English "No items yet", "1 item", "2 items"; French
    /// treats 0 and 1 as singular; Arabic has zero, one, two, few (3–10), many (11–99) and other.
    /// </summary>
    public string Count(int n, string english)
    {
        var forms = Plurals[english];
        var form = Culture switch
        {
            "fr" => forms.Fr[n == 0 ? 0 : n == 1 ? 1 : 2],
            "ar" => forms.Ar[ArabicForm(n)],
            _ => forms.En[n == 0 ? 0 : n == 1 ? 1 : 2],
        };
        return string.Format(PortalFormats.For(Culture), form, Number(n));
    }

    public static IReadOnlyCollection<string> PluralKeys => Plurals.Keys;

    private static int ArabicForm(int n) => (n % 100) switch
    {
        _ when n == 0 => 0,
        _ when n == 1 => 1,
        _ when n == 2 => 2,
        >= 3 and <= 10 => 3,
        >= 11 and <= 99 => 4,
        _ => 5,
    };

    /// <summary>A phrase's plural forms: English and French zero, one, other; Arabic zero, one, two, few, many, other.</summary>
    private sealed record PluralForms(string[] En, string[] Fr, string[] Ar);

    private static readonly Dictionary<string, PluralForms> Plurals = new(StringComparer.Ordinal)
    {
        ["{0} items"] = new(
            ["No items yet", "1 item", "{0} items"],
            ["Aucun élément pour l'instant", "{0} élément", "{0} éléments"],
            ["لا عناصر بعد", "عنصر واحد", "عنصران", "{0} عناصر", "{0} عنصراً", "{0} عنصر"]),
        ["{0} results"] = new(
            ["No results", "1 result", "{0} results"],
            ["Aucun résultat", "{0} résultat", "{0} résultats"],
            ["لا نتائج", "نتيجة واحدة", "نتيجتان", "{0} نتائج", "{0} نتيجة", "{0} نتيجة"]),
        ["See all {0} practices"] = new(
            ["See all practices", "See the practice", "See all {0} practices"],
            ["Voir toutes les pratiques", "Voir la pratique", "Voir les {0} pratiques"],
            ["عرض كل الممارسات", "عرض الممارسة", "عرض الممارستين", "عرض الممارسات الـ{0}", "عرض الممارسات الـ{0}", "عرض الممارسات الـ{0}"]),
        ["See all {0} items"] = new(
            ["See all items", "See the item", "See all {0} items"],
            ["Voir tous les éléments", "Voir l'élément", "Voir les {0} éléments"],
            ["عرض كل العناصر", "عرض العنصر", "عرض العنصرين", "عرض العناصر الـ{0}", "عرض العناصر الـ{0}", "عرض العناصر الـ{0}"]),
        ["{0} practices found"] = new(
            ["No practices found", "1 practice found", "{0} practices found"],
            ["Aucune pratique trouvée", "{0} pratique trouvée", "{0} pratiques trouvées"],
            ["لم يُعثر على أي ممارسة", "تم العثور على ممارسة واحدة", "تم العثور على ممارستين", "تم العثور على {0} ممارسات", "تم العثور على {0} ممارسة", "تم العثور على {0} ممارسة"]),
    };

    private static readonly Dictionary<string, string[]> Words = new(StringComparer.Ordinal)
    {
        // Layout and navigation
        ["Skip to main content"] = ["Aller au contenu principal", "الانتقال إلى المحتوى الرئيسي"],
        ["Main navigation"] = ["Navigation principale", "التنقل الرئيسي"],
        ["Menu"] = ["Menu", "القائمة"],
        ["Language"] = ["Langue", "اللغة"],
        ["Home"] = ["Accueil", "الرئيسية"],
        ["Strong Cities Network"] = ["Strong Cities Network", "شبكة المدن القوية"],
        ["Search the practice library"] = ["Rechercher dans la bibliothèque de pratiques", "البحث في مكتبة الممارسات"],
        ["Search"] = ["Rechercher", "بحث"],
        ["Breadcrumb"] = ["Fil d'Ariane", "مسار التنقل"],
        ["Feeds"] = ["Flux", "خلاصات"],
        ["Site map"] = ["Plan du site", "خريطة الموقع"],
        ["News feed"] = ["Flux des actualités", "خلاصة الأخبار"],
        ["New practices feed"] = ["Flux des nouvelles pratiques", "خلاصة الممارسات الجديدة"],
        ["The Strong Cities Network is led by the Institute for Strategic Dialogue."] = ["Le Strong Cities Network est piloté par l'Institute for Strategic Dialogue.", "يقود شبكة المدن القوية معهد الحوار الاستراتيجي."],
        ["This page has not been translated into French yet; it is shown in English."] = ["Cette page n'a pas encore été traduite en français ; elle est affichée en anglais.", ""],
        ["This page has not been translated into Arabic yet; it is shown in English."] = ["", "لم تُترجم هذه الصفحة إلى العربية بعد؛ وهي معروضة باللغة الإنجليزية."],
        ["Shown in English"] = ["Affiché en anglais", "معروض بالإنجليزية"],
        ["In English"] = ["En anglais", "بالإنجليزية"],
        ["Read in English"] = ["Lire en anglais", "اقرأ بالإنجليزية"],

        // Home
        ["Member cities"] = ["Villes membres", "المدن الأعضاء"],
        ["Countries"] = ["Pays", "البلدان"],
        ["Practices in the library"] = ["Pratiques dans la bibliothèque", "ممارسات في المكتبة"],
        ["The network in figures"] = ["Le réseau en chiffres", "الشبكة بالأرقام"],
        ["{0}+ member cities"] = ["Plus de {0} villes membres", "أكثر من {0} مدينة عضو"],
        ["in {0}+ countries"] = ["dans plus de {0} pays", "في أكثر من {0} دولة"],
        ["Latest workshop takeaways"] = ["Derniers enseignements des ateliers", "أحدث خلاصات ورش العمل"],
        ["Read the full report"] = ["Lire le compte rendu complet", "اقرأ التقرير كاملاً"],
        ["Latest news"] = ["Dernières actualités", "آخر الأخبار"],
        ["All news"] = ["Toutes les actualités", "كل الأخبار"],
        ["Featured practices"] = ["Pratiques à la une", "ممارسات مختارة"],
        ["Browse the practice library"] = ["Parcourir la bibliothèque de pratiques", "تصفح مكتبة الممارسات"],
        ["Where our member cities are"] = ["Où sont nos villes membres", "أين تقع مدننا الأعضاء"],
        ["See every member city"] = ["Voir toutes les villes membres", "عرض كل المدن الأعضاء"],
        ["Map of member cities"] = ["Carte des villes membres", "خريطة المدن الأعضاء"],
        ["A world map with a dot for each member city listed on this page; the list gives the same cities as links."] = ["Une carte du monde avec un point pour chaque ville membre ; la liste donne les mêmes villes sous forme de liens.", "خريطة للعالم تظهر فيها كل مدينة عضو كنقطة؛ وتعرض القائمة المدن نفسها كروابط."],

        // Practices
        ["Practice library"] = ["Bibliothèque de pratiques", "مكتبة الممارسات"],
        ["Search practices"] = ["Rechercher des pratiques", "البحث عن ممارسات"],
        ["Words, a \"phrase\", OR, -exclusion"] = ["Mots, une « expression », OR, -exclusion", "كلمات، \"عبارة\"، OR، -استبعاد"],
        ["Filters"] = ["Filtres", "عوامل التصفية"],
        ["Apply filters"] = ["Appliquer les filtres", "تطبيق عوامل التصفية"],
        ["Clear all"] = ["Tout effacer", "مسح الكل"],
        ["Remove filter: {0}"] = ["Retirer le filtre : {0}", "إزالة عامل التصفية: {0}"],
        ["Sort by"] = ["Trier par", "الترتيب حسب"],
        ["Relevance"] = ["Pertinence", "الصلة"],
        ["Newest first"] = ["Les plus récentes", "الأحدث أولاً"],
        ["Name (A–Z)"] = ["Nom (A–Z)", "الاسم (أ–ي)"],
        ["{0} practices found"] = ["{0} pratiques trouvées", "تم العثور على {0} ممارسة"],
        ["1 practice found"] = ["1 pratique trouvée", "تم العثور على ممارسة واحدة"],
        ["No practice matches this search."] = ["Aucune pratique ne correspond à cette recherche.", "لا توجد ممارسة تطابق هذا البحث."],
        ["Try fewer words, check the spelling, or remove a filter."] = ["Essayez avec moins de mots, vérifiez l'orthographe ou retirez un filtre.", "جرّب كلمات أقل، أو تحقق من الإملاء، أو أزل أحد عوامل التصفية."],
        ["Results"] = ["Résultats", "النتائج"],
        ["Pages"] = ["Pages", "الصفحات"],
        ["Previous"] = ["Précédent", "السابق"],
        ["Next"] = ["Suivant", "التالي"],
        ["Page {0} of {1}"] = ["Page {0} sur {1}", "الصفحة {0} من {1}"],
        ["Subscribe to this search"] = ["S'abonner à cette recherche", "الاشتراك في هذا البحث"],
        ["Theme"] = ["Thème", "الموضوع"],
        ["Best match"] = ["Meilleure correspondance", "الأكثر صلة"],
        ["Themes"] = ["Thèmes", "المواضيع"],
        ["Kind of resource"] = ["Type de ressource", "نوع المورد"],
        ["Region"] = ["Région", "المنطقة"],
        ["Country"] = ["Pays", "البلد"],
        ["Year"] = ["Année", "السنة"],
        ["Evaluation status"] = ["Statut d'évaluation", "حالة التقييم"],
        ["Cities"] = ["Villes", "المدن"],
        ["Organisations"] = ["Organisations", "المنظمات"],
        ["Attachments"] = ["Pièces jointes", "المرفقات"],
        ["Publication date"] = ["Date de publication", "تاريخ النشر"],
        ["Original resource"] = ["Ressource d'origine", "المورد الأصلي"],
        ["Related practices"] = ["Pratiques associées", "ممارسات ذات صلة"],
        ["Recommended in"] = ["Recommandé dans", "موصى به في"],
        ["About this practice"] = ["À propos de cette pratique", "عن هذه الممارسة"],
        ["The search took too long or failed; please try again."] = ["La recherche a échoué ou a pris trop de temps ; veuillez réessayer.", "تعذر إتمام البحث أو استغرق وقتاً طويلاً؛ يرجى المحاولة مرة أخرى."],
        ["Your search was shortened to {0} characters."] = ["Votre recherche a été raccourcie à {0} caractères.", "تم تقصير بحثك إلى {0} حرفاً."],
        ["Some filters were not recognised and were left out."] = ["Certains filtres n'ont pas été reconnus et ont été ignorés.", "لم يتم التعرف على بعض عوامل التصفية فتم تجاهلها."],
        ["Show results"] = ["Afficher les résultats", "عرض النتائج"],

        // Themes
        ["Everything on this theme"] = ["Tout sur ce thème", "كل ما يتعلق بهذا الموضوع"],
        ["Tools, templates and guides"] = ["Outils, modèles et guides", "أدوات ونماذج وأدلة"],
        ["Specific initiatives"] = ["Initiatives concrètes", "مبادرات محددة"],
        ["Evaluations"] = ["Évaluations", "التقييمات"],
        ["Events and reports"] = ["Événements et comptes rendus", "الفعاليات والتقارير"],
        ["Cities working on this theme"] = ["Villes qui travaillent sur ce thème", "مدن تعمل على هذا الموضوع"],
        ["News"] = ["Actualités", "الأخبار"],
        ["{0} items"] = ["{0} éléments", "{0} عنصر"],
        ["Nothing has been published on this theme yet."] = ["Rien n'a encore été publié sur ce thème.", "لم يُنشر شيء حول هذا الموضوع بعد."],
        ["Feed for this theme"] = ["Flux de ce thème", "خلاصة هذا الموضوع"],
        ["Also known as"] = ["Aussi appelé", "يُعرف أيضاً باسم"],

        // Cities
        ["Filter cities"] = ["Filtrer les villes", "تصفية المدن"],
        ["All regions"] = ["Toutes les régions", "كل المناطق"],
        ["All countries"] = ["Tous les pays", "كل البلدان"],
        ["{0} member cities shown"] = ["{0} villes membres affichées", "عرض {0} مدينة عضو"],
        ["Joined the network"] = ["Membre depuis", "انضمت إلى الشبكة"],
        ["Website"] = ["Site web", "الموقع الإلكتروني"],
        ["Focal point"] = ["Point focal", "جهة الاتصال"],

        // Contact this city
        ["Contact this city"] = ["Contacter cette ville", "التواصل مع هذه المدينة"],
        ["Write to {0}'s focal point for the network. Your message is passed on by e-mail; their address stays private."] =
            ["Écrivez au point focal de {0} pour le réseau. Votre message est transmis par e-mail ; son adresse reste privée.",
             "اكتب إلى جهة الاتصال الخاصة بـ{0} في الشبكة. تُرسَل رسالتك بالبريد الإلكتروني ويبقى عنوانها خاصًا."],
        ["Your name"] = ["Votre nom", "اسمك"],
        ["Your e-mail address"] = ["Votre adresse e-mail", "عنوان بريدك الإلكتروني"],
        ["Message"] = ["Message", "الرسالة"],
        ["Send"] = ["Envoyer", "إرسال"],
        ["Leave this field empty"] = ["Laissez ce champ vide", "اترك هذا الحقل فارغًا"],
        ["Back to {0}"] = ["Retour à {0}", "العودة إلى {0}"],
        ["Your message has been sent. The city's focal point will answer you by e-mail."] =
            ["Votre message a été envoyé. Le point focal de la ville vous répondra par e-mail.",
             "تم إرسال رسالتك. ستردّ عليك جهة الاتصال في المدينة بالبريد الإلكتروني."],
        ["Give your name (up to 200 characters)."] = ["Indiquez votre nom (200 caractères au plus).", "اكتب اسمك (200 حرف على الأكثر)."],
        ["Give an e-mail address the city can answer to."] = ["Indiquez une adresse e-mail à laquelle la ville peut répondre.", "اكتب عنوان بريد إلكتروني يمكن للمدينة الرد عليه."],
        ["Write a message of 10 to 5,000 characters."] = ["Écrivez un message de 10 à 5 000 caractères.", "اكتب رسالة من 10 إلى 5000 حرف."],
        ["You have sent several messages in a short time. Please try again later."] =
            ["Vous avez envoyé plusieurs messages en peu de temps. Réessayez plus tard.", "لقد أرسلت عدة رسائل في وقت قصير. يرجى المحاولة لاحقًا."],
        ["The message could not be sent just now. Please try again later."] =
            ["Le message n'a pas pu être envoyé pour le moment. Réessayez plus tard.", "تعذّر إرسال الرسالة الآن. يرجى المحاولة لاحقًا."],
        ["Steering committee seat"] = ["Siège au comité directeur", "مقعد في اللجنة التوجيهية"],
        ["{0} sits on the International Steering Committee."] = ["{0} siège au Comité directeur international.", "{0} عضو في اللجنة التوجيهية الدولية."],
        ["Practices from this city"] = ["Pratiques de cette ville", "ممارسات من هذه المدينة"],
        ["Events"] = ["Événements", "الفعاليات"],
        ["Themes of work"] = ["Thèmes de travail", "مجالات العمل"],
        ["No member city matches these filters."] = ["Aucune ville membre ne correspond à ces filtres.", "لا توجد مدينة عضو تطابق عوامل التصفية هذه."],
        ["Member city"] = ["Ville membre", "مدينة عضو"],

        // Steering committee
        ["Steering committee"] = ["Comité directeur", "اللجنة التوجيهية"],
        ["Co-chairs"] = ["Coprésidents", "الرئاسة المشتركة"],
        ["Members"] = ["Membres", "الأعضاء"],
        ["Observers"] = ["Observateurs", "المراقبون"],
        ["Role"] = ["Rôle", "الدور"],
        ["Term"] = ["Mandat", "الولاية"],
        ["City"] = ["Ville", "المدينة"],

        // Events and reports
        ["Upcoming events"] = ["Événements à venir", "الفعاليات القادمة"],
        ["Past events"] = ["Événements passés", "الفعاليات السابقة"],
        ["Workshop reports"] = ["Comptes rendus d'ateliers", "تقارير ورش العمل"],
        ["Workshop report"] = ["Compte rendu d'atelier", "تقرير ورشة عمل"],
        ["Date"] = ["Date", "التاريخ"],
        ["Location"] = ["Lieu", "المكان"],
        ["Host cities"] = ["Villes hôtes", "المدن المضيفة"],
        ["Host city"] = ["Ville hôte", "المدينة المضيفة"],
        ["Outcomes"] = ["Résultats", "النتائج"],
        ["Reports"] = ["Comptes rendus", "التقارير"],
        ["Partners"] = ["Partenaires", "الشركاء"],
        ["Participants"] = ["Participants", "المشاركون"],
        ["Countries represented"] = ["Pays représentés", "البلدان الممثلة"],
        ["Key takeaways"] = ["Principaux enseignements", "الخلاصات الرئيسية"],
        ["Next steps"] = ["Prochaines étapes", "الخطوات التالية"],
        ["Recommended resources"] = ["Ressources recommandées", "موارد موصى بها"],
        ["Practices on these themes"] = ["Pratiques sur ces thèmes", "ممارسات حول هذه المواضيع"],
        ["Contents"] = ["Sommaire", "المحتويات"],
        ["Introduction"] = ["Introduction", "مقدمة"],
        ["Summary"] = ["Résumé", "ملخص"],
        ["How the discussions were held"] = ["Déroulement des échanges", "كيف جرت النقاشات"],
        ["In the library"] = ["Dans la bibliothèque", "في المكتبة"],
        ["Event"] = ["Événement", "فعالية"],

        // News
        ["Source"] = ["Source", "المصدر"],
        ["Published"] = ["Publié le", "نُشر في"],

        // Errors
        ["Page not found"] = ["Page introuvable", "الصفحة غير موجودة"],
        ["We could not find that page"] = ["Nous n'avons pas trouvé cette page", "لم نتمكن من العثور على هذه الصفحة"],
        ["The address may be mistyped, or the page may have moved or been taken down."] = ["L'adresse est peut-être mal saisie, ou la page a été déplacée ou retirée.", "ربما كُتب العنوان بشكل خاطئ، أو نُقلت الصفحة أو حُذفت."],
        ["Search the library for what you were looking for:"] = ["Cherchez ce que vous cherchiez dans la bibliothèque :", "ابحث في المكتبة عما كنت تبحث عنه:"],
        ["Or go to one of these pages:"] = ["Ou rendez-vous sur l'une de ces pages :", "أو انتقل إلى إحدى هذه الصفحات:"],
        ["Something went wrong"] = ["Une erreur s'est produite", "حدث خطأ ما"],
        ["Something went wrong on our side"] = ["Une erreur s'est produite de notre côté", "حدث خطأ من جهتنا"],
        ["The error has been logged. Please try again in a moment, or return to the home page."] = ["L'erreur a été enregistrée. Veuillez réessayer dans un instant ou revenir à la page d'accueil.", "تم تسجيل الخطأ. يرجى المحاولة مجدداً بعد قليل، أو العودة إلى الصفحة الرئيسية."],
        ["Return to the home page"] = ["Revenir à la page d'accueil", "العودة إلى الصفحة الرئيسية"],
        ["Briefly unavailable"] = ["Momentanément indisponible", "غير متاح مؤقتاً"],
        ["This page is briefly unavailable"] = ["Cette page est momentanément indisponible", "هذه الصفحة غير متاحة مؤقتاً"],
        ["The library is being indexed; lists and search fill in within a few minutes."] = ["La bibliothèque est en cours d'indexation ; les listes et la recherche seront complètes dans quelques minutes.", "يجري فهرسة المكتبة؛ ستكتمل القوائم والبحث خلال بضع دقائق."],
        ["Part of the site is being restarted. Please try again in a few seconds."] = ["Une partie du site redémarre. Veuillez réessayer dans quelques secondes.", "يُعاد تشغيل جزء من الموقع. يرجى المحاولة مجدداً بعد بضع ثوانٍ."],

        // The site-wide search
        ["Search the whole site"] = ["Rechercher dans tout le site", "البحث في الموقع بأكمله"],
        ["Good practices, member cities, themes, events, workshop reports and news, in one search."] = ["Bonnes pratiques, villes membres, thèmes, événements, comptes rendus d'ateliers et actualités, en une seule recherche.", "الممارسات الجيدة والمدن الأعضاء والمواضيع والفعاليات وتقارير ورش العمل والأخبار، في بحث واحد."],
        ["Search for"] = ["Rechercher", "ابحث عن"],
        ["The search could not be run as asked:"] = ["La recherche n'a pas pu être effectuée telle quelle :", "تعذّر إجراء البحث كما طُلب:"],
        ["Nothing in {0} matches this search; here are the results in English."] = ["Rien en {0} ne correspond à cette recherche ; voici les résultats en anglais.", "لا شيء باللغة {0} يطابق هذا البحث؛ إليك النتائج باللغة الإنجليزية."],
        ["Nothing in {0} matches this search; these results are in English."] = ["Rien en {0} ne correspond à cette recherche ; ces résultats sont en anglais.", "لا شيء باللغة {0} يطابق هذا البحث؛ هذه النتائج باللغة الإنجليزية."],
        ["Nothing matches this search."] = ["Rien ne correspond à cette recherche.", "لا شيء يطابق هذا البحث."],
        ["There is no page {0}; the last page is {1}."] = ["Il n'y a pas de page {0} ; la dernière page est la page {1}.", "لا توجد صفحة رقم {0}؛ آخر صفحة هي الصفحة {1}."],
        ["Go to the first page"] = ["Aller à la première page", "الانتقال إلى الصفحة الأولى"],
        ["Type of page"] = ["Type de page", "نوع الصفحة"],
        ["Good practice"] = ["Bonne pratique", "ممارسة جيدة"],
        ["News article"] = ["Article d'actualité", "خبر"],
        ["Steering committee member"] = ["Membre du comité directeur", "عضو في اللجنة التوجيهية"],
        ["Section page"] = ["Page de rubrique", "صفحة قسم"],
        ["Page"] = ["Page", "صفحة"],
        ["Cities on the map"] = ["Villes sur la carte", "المدن على الخريطة"],
        ["Search everything"] = ["Tout rechercher", "البحث في كل شيء"],
        ["Themes with nothing filed under them yet"] = ["Thèmes sans contenu pour l'instant", "مواضيع لم يُصنَّف تحتها أي محتوى بعد"],

        // Option values of the content model
        ["Case study"] = ["Étude de cas", "دراسة حالة"],
        ["Toolkit, guide or template"] = ["Boîte à outils, guide ou modèle", "مجموعة أدوات أو دليل أو نموذج"],
        ["Evaluation"] = ["Évaluation", "تقييم"],
        ["Training"] = ["Formation", "تدريب"],
        ["Initiative"] = ["Initiative", "مبادرة"],
        ["Policy"] = ["Politique publique", "سياسة"],
        ["Research"] = ["Recherche", "بحث علمي"],
        ["Not evaluated"] = ["Non évaluée", "لم تُقيَّم"],
        ["Evaluated"] = ["Évaluée", "مُقيَّمة"],
        ["Peer-reviewed"] = ["Évaluée par des pairs", "محكّمة"],
        ["English"] = ["Anglais", "الإنجليزية"],
        ["French"] = ["Français", "الفرنسية"],
        ["Arabic"] = ["Arabe", "العربية"],
        ["German"] = ["Allemand", "الألمانية"],
        ["Swedish"] = ["Suédois", "السويدية"],
        ["Other"] = ["Autre", "أخرى"],
        ["Europe"] = ["Europe", "أوروبا"],
        ["North America"] = ["Amérique du Nord", "أمريكا الشمالية"],
        ["Latin America and the Caribbean"] = ["Amérique latine et Caraïbes", "أمريكا اللاتينية والكاريبي"],
        ["Middle East and North Africa"] = ["Moyen-Orient et Afrique du Nord", "الشرق الأوسط وشمال أفريقيا"],
        ["East and Southern Africa"] = ["Afrique de l'Est et australe", "شرق أفريقيا وجنوبها"],
        ["West and Central Africa"] = ["Afrique de l'Ouest et centrale", "غرب أفريقيا ووسطها"],
        ["South Asia"] = ["Asie du Sud", "جنوب آسيا"],
        ["Central Asia"] = ["Asie centrale", "آسيا الوسطى"],
        ["East Asia and the Pacific"] = ["Asie de l'Est et Pacifique", "شرق آسيا والمحيط الهادئ"],
        ["Global summit"] = ["Sommet mondial", "قمة عالمية"],
        ["Workshop"] = ["Atelier", "ورشة عمل"],
        ["Working meeting"] = ["Réunion de travail", "اجتماع عمل"],
        ["Regional meeting"] = ["Réunion régionale", "اجتماع إقليمي"],
        ["Webinar"] = ["Webinaire", "ندوة عبر الإنترنت"],
        ["Co-chair"] = ["Coprésident", "رئيس مشارك"],
        ["Member"] = ["Membre", "عضو"],
        ["Observer"] = ["Observateur", "مراقب"],
    };
}
