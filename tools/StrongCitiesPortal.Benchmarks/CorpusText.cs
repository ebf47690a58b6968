namespace StrongCitiesPortal.Benchmarks;

/// <summary>
/// Sentences and titles in the portal's three languages, in the voice of the SCN's practice write-ups.
/// Slots: {city}, {city2}, {country}, {org}, {year}, {n}, {pct}, {theme}, {group}, {name}.
/// </summary>
internal static class CorpusText
{
    public static readonly string[] EnglishTitles =
    [
        "{city}'s {theme} programme",
        "Youth resilience network in {city}",
        "{name} initiative: {theme} in {city}",
        "Local prevention partnership for {group} in {city}",
        "Evaluating {theme} work in {city} and {city2}",
        "A toolkit for {theme} from {org}",
        "{city} hate incident reporting and response",
        "Community cohesion grants in {city}",
        "Training frontline practitioners in {city}",
        "National-local cooperation on prevention: the {country} model",
        "Online harms awareness with {group} in {city}",
        "Mentoring for {group}: the {name} project",
        "Multi-agency safeguarding hub in {city}",
        "City-to-city exchange between {city} and {city2}",
        "{org} guide to {theme}",
        "Women-led dialogue circles in {city}",
        "Research on {theme} in {country}",
        "Public-private partnership against online hate in {city}",
    ];

    public static readonly string[] EnglishSentences =
    [
        "The {name} programme was set up by the municipality of {city} in {year} to strengthen local prevention of hate, extremism and polarisation.",
        "It brings together schools, youth workers, police, health services and civil society organisations in one local prevention network.",
        "Practitioners in {city} identified a growing need to reach {group} before grievances turn into support for violent extremism.",
        "The approach builds on the national prevention strategy of {country} but gives local actors the lead in deciding priorities.",
        "An independent evaluation by {org} found that {pct} per cent of participants reported greater trust in local institutions.",
        "More than {n} young people took part in workshops on critical thinking, online disinformation and conspiracy theories.",
        "The city council funds the work for three years, with additional support from {org} and private sector partners.",
        "Staff received training on recognising early signs of radicalisation and on making proportionate referrals to multi-agency support.",
        "A steering group chaired by the deputy mayor meets every quarter to review progress and share lessons with other cities.",
        "Community leaders, faith groups and women's organisations co-designed the activities from the start.",
        "Results were shared with partner cities through the Strong Cities Network and a peer learning visit to {city2}.",
        "The project monitors hate incidents reported by residents and publishes an annual summary with recommendations.",
        "Local authorities in {country} often lack the data and the mandate to act on prevention without national support.",
        "Teachers were offered guidance on discussing sensitive events in the classroom after attacks elsewhere in Europe.",
        "Sports clubs and cultural centres provided safe spaces where young people could meet mentors from their own neighbourhoods.",
        "The programme adapted its online work to reach audiences on social media platforms where extremist content circulates.",
        "A referral pathway links social workers, mental health professionals and police so that vulnerable individuals receive timely help.",
        "Monitoring and evaluation was built in from the start, with baseline surveys and follow-up interviews after twelve months.",
        "Participants valued the chance to talk openly about identity, belonging and discrimination in a trusted setting.",
        "The municipality published a toolkit so that smaller towns in the region can replicate the model with limited resources.",
        "Partnership with technology companies helped the city flag harmful content and promote positive alternative narratives.",
        "Resilience of local communities improved where residents felt that their concerns were heard by the authorities.",
        "Civil society organisations warned that short funding cycles make it hard to sustain trust with marginalised groups.",
        "The prevention team worked closely with {org} to align the work with international good practices.",
        "Mayors and city leaders in the network discussed the initiative at a regional workshop in {city2} in {year}.",
        "Exit programmes offered practical support with housing, employment and family relations to people leaving extremist groups.",
        "A mapping of local actors showed overlapping projects and gaps in support for families and former offenders.",
        "Young ambassadors designed campaigns against online hate and presented them to the city council.",
        "The city created a rapid response protocol to reassure communities and counter rumours after a violent incident.",
        "Police and community liaison officers held regular listening sessions in neighbourhoods affected by tensions.",
        "National and local governments agreed clear roles for information sharing while protecting personal data.",
        "Cooperation with universities allowed the team to test which activities actually changed attitudes and behaviour.",
        "Lessons learned include the importance of local ownership, long-term funding and honest evaluation of what does not work.",
        "Prevention work in {city} now forms part of the wider strategy for social cohesion and public safety.",
        "Practitioners from {city2} visited {city} to learn from the model and adapt it to their own context.",
        "The {name} helpline received {n} calls in its first year, most of them from worried parents and teachers.",
        "Women and mothers played a key role in spotting early warning signs and supporting young people at risk.",
        "Hate crime victims were offered legal advice, psychological support and help with reporting incidents to the police.",
        "Migrants and refugees were involved as peer educators to build bridges between newcomers and long-standing residents.",
        "The evaluation recommended stronger data collection and clearer outcome indicators for future phases.",
        "Municipal staff across departments took part in awareness sessions on polarisation and its local drivers.",
        "The initiative is regarded as a good practice by {org} and has been presented at international conferences.",
        "Funding came from the municipal budget, a national prevention fund and a grant from {org}.",
        "Residents could report concerns anonymously through an app developed with local technology partners.",
        "The city's approach combines primary prevention for the whole population with targeted support for individuals at risk.",
    ];

    public static readonly string[] FrenchTitles =
    [
        "Le programme de prévention de {city}",
        "Réseau local de résilience des jeunes à {city}",
        "Initiative {name} : {theme} à {city}",
        "Partenariat local de prévention pour {group} à {city}",
        "Évaluation des actions de prévention à {city}",
        "Guide pratique de {org} sur la cohésion sociale",
        "Formation des professionnels de première ligne à {city}",
        "Coopération entre l'État et les collectivités en {country}",
        "Dialogue citoyen et lutte contre la haine en ligne à {city}",
        "Accompagnement des familles : le projet {name}",
    ];

    public static readonly string[] FrenchSentences =
    [
        "Le programme {name} a été lancé par la ville de {city} en {year} pour renforcer la prévention locale de la haine et de l'extrémisme.",
        "Il réunit les écoles, les éducateurs, la police, les services de santé et les associations au sein d'un réseau local de prévention.",
        "Les professionnels de {city} ont constaté un besoin croissant d'atteindre {group} avant que les frustrations ne se transforment en radicalisation.",
        "La démarche s'appuie sur la stratégie nationale de prévention tout en laissant l'initiative aux acteurs locaux.",
        "Une évaluation indépendante réalisée par {org} montre que {pct} pour cent des participants font davantage confiance aux institutions locales.",
        "Plus de {n} jeunes ont participé à des ateliers sur l'esprit critique, la désinformation en ligne et les théories du complot.",
        "Le conseil municipal finance l'action pendant trois ans, avec le soutien de {org} et de partenaires privés.",
        "Les agents ont été formés au repérage des signes de radicalisation et à l'orientation vers un accompagnement pluridisciplinaire.",
        "Un comité de pilotage présidé par l'adjoint au maire se réunit chaque trimestre pour suivre les résultats.",
        "Les responsables associatifs, les communautés religieuses et les associations de femmes ont participé à la conception des activités.",
        "Les résultats ont été partagés avec les villes partenaires du réseau Strong Cities lors d'une visite à {city2}.",
        "Le projet recense les actes de haine signalés par les habitants et publie chaque année un bilan assorti de recommandations.",
        "Les enseignants ont reçu des conseils pour aborder en classe les événements sensibles après des attentats.",
        "Les clubs sportifs et les centres culturels offrent des espaces sûrs où les jeunes rencontrent des mentors de leur quartier.",
        "Le suivi et l'évaluation ont été prévus dès le départ, avec une enquête initiale et des entretiens après douze mois.",
        "La ville a publié une boîte à outils afin que les petites communes de la région puissent reproduire le modèle.",
        "La résilience des habitants s'est renforcée lorsque leurs préoccupations ont été entendues par les autorités.",
        "Les associations soulignent que des financements trop courts fragilisent la confiance avec les publics éloignés.",
        "Les maires du réseau ont présenté l'initiative lors d'un atelier régional à {city2} en {year}.",
        "La coopération avec l'université a permis de vérifier quelles actions changent réellement les attitudes.",
        "Les enseignements tirés soulignent l'importance de l'appropriation locale et d'un financement durable.",
        "Les femmes et les mères jouent un rôle essentiel pour repérer les signaux faibles et soutenir les jeunes.",
        "Les victimes de crimes de haine bénéficient d'un soutien juridique et psychologique.",
        "La prévention à {city} fait désormais partie de la stratégie de cohésion sociale et de sécurité publique.",
        "Les professionnels de {city2} sont venus à {city} pour découvrir le dispositif et l'adapter à leur territoire.",
    ];

    public static readonly string[] ArabicTitles =
    [
        "برنامج الوقاية المحلية في {city}",
        "شبكة صمود الشباب في {city}",
        "مبادرة {name} للتماسك الاجتماعي في {city}",
        "شراكة محلية للوقاية من التطرف العنيف في {city}",
        "تقييم أعمال الوقاية في {city}",
        "دليل عملي من {org} حول الوقاية",
        "تدريب العاملين في الخطوط الأمامية في {city}",
        "التعاون بين الحكومة الوطنية والسلطات المحلية في {country}",
    ];

    public static readonly string[] ArabicSentences =
    [
        "أطلقت بلدية {city} برنامج {name} في عام {year} لتعزيز الوقاية المحلية من الكراهية والتطرف العنيف.",
        "يجمع البرنامج المدارس والعاملين مع الشباب والشرطة والخدمات الصحية ومنظمات المجتمع المدني في شبكة محلية للوقاية.",
        "لاحظ العاملون في {city} حاجة متزايدة للوصول إلى {group} قبل أن تتحول المظالم إلى دعم للتطرف.",
        "يستند النهج إلى الاستراتيجية الوطنية للوقاية مع منح الجهات المحلية دوراً قيادياً في تحديد الأولويات.",
        "أظهر تقييم مستقل أجرته {org} أن {pct} في المئة من المشاركين أصبحوا أكثر ثقة بالمؤسسات المحلية.",
        "شارك أكثر من {n} شاب وشابة في ورش عمل حول التفكير النقدي والتضليل الإعلامي عبر الإنترنت.",
        "يمول المجلس البلدي البرنامج لمدة ثلاث سنوات بدعم إضافي من {org} وشركاء من القطاع الخاص.",
        "تلقى الموظفون تدريباً على رصد العلامات المبكرة للتطرف وعلى الإحالة إلى الدعم متعدد الجهات.",
        "شارك قادة المجتمع والجماعات الدينية ومنظمات النساء في تصميم الأنشطة منذ البداية.",
        "تمت مشاركة النتائج مع المدن الشريكة في شبكة المدن القوية خلال زيارة إلى {city2}.",
        "تم إدماج الرصد والتقييم منذ البداية من خلال مسوح أولية ومقابلات بعد اثني عشر شهراً.",
        "نشرت البلدية مجموعة أدوات حتى تتمكن البلدات الصغيرة في المنطقة من تكرار النموذج.",
        "تحسن صمود المجتمعات المحلية حيث شعر السكان بأن السلطات تستمع إلى مخاوفهم.",
        "ناقش رؤساء البلديات في الشبكة المبادرة خلال ورشة عمل إقليمية في {city2} عام {year}.",
        "تؤدي النساء والأمهات دوراً أساسياً في رصد علامات الإنذار المبكر ودعم الشباب المعرضين للخطر.",
        "أصبحت الوقاية في {city} جزءاً من الاستراتيجية الأوسع للتماسك الاجتماعي والسلامة العامة.",
        "حصل ضحايا جرائم الكراهية على مشورة قانونية ودعم نفسي ومساعدة في الإبلاغ عن الحوادث.",
        "تشمل الدروس المستفادة أهمية الملكية المحلية والتمويل طويل الأمد والتقييم الصادق لما لا ينجح.",
    ];

    // A composed English vocabulary, drawn with Zipf weights (earlier entries far more often): most words of a
    // query are common across the corpus, titles are rarely alike, and the same words fill titles and bodies.
    public static readonly string[] TitleApproaches =
    [
        "Community-led", "Local", "Integrated", "Multi-agency", "Youth-led", "School-based", "Neighbourhood", "Digital", "Municipal", "Faith-based",
        "Participatory", "Peer", "Family", "Online", "Restorative", "Early", "Sport-based", "Women-led", "Arts-based", "Rapid",
        "Cross-border", "Trauma-informed", "Evidence-based", "Volunteer", "Intergenerational", "Regional", "Mobile", "Street-level", "Whole-of-society", "Inclusive",
        "Targeted", "Tailored", "Holistic", "Bottom-up", "Preventive", "Collaborative", "Cultural", "Interfaith", "Grassroots", "Public-private",
    ];

    public static readonly string[] TitleTopics =
    [
        "prevention", "resilience", "dialogue", "mentoring", "safeguarding", "cohesion", "reintegration", "inclusion", "trust building", "media literacy",
        "hate crime reporting", "conflict mediation", "disengagement", "referral", "counter-narrative", "violence prevention", "citizenship", "belonging", "leadership", "polarisation",
        "critical thinking", "community policing", "victim support", "rumour control", "crisis response", "parenting support", "employment", "housing support", "mental health", "social work",
        "exit support", "early warning", "online safety", "misinformation", "conspiracy theories", "extremist propaganda", "intercultural exchange", "neighbourhood watch", "recovery", "reconciliation",
        "civic education", "youth participation", "gender equality", "anti-discrimination", "peacebuilding", "radicalisation awareness", "prison outreach", "sports coaching", "theatre", "storytelling",
        "data sharing", "risk assessment", "case management", "community mapping", "local governance", "urban security", "public spaces", "street outreach", "migrant integration", "language learning",
    ];

    public static readonly string[] TitleFormats =
    [
        "programme", "network", "toolkit", "pilot", "campaign", "hub", "training", "partnership", "project", "strategy",
        "helpline", "workshop series", "fund", "platform", "action plan", "forum", "curriculum", "observatory", "panel", "protocol",
        "handbook", "exchange", "lab", "academy", "council", "taskforce", "coalition", "model", "service", "initiative",
    ];

    public static readonly string[] TitlePatterns =
    [
        "{approach} {topic} {format} for {group} in {city}",
        "{city}: {approach} {topic} {format}",
        "The {name} {format}: {topic} and {topic2} with {group}",
        "{approach} {topic} and {topic2} {format} in {city}",
        "{approach} {format} on {topic} ({city}, {year})",
        "{topic} {format} for {group}: lessons from {city}",
        "Evaluating the {approach} {topic} {format} in {city}",
        "{city} and {city2}: a {approach} {format} for {topic}",
    ];

    public static readonly string[] Actors =
    [
        "the municipality", "the city council", "local partners", "youth workers", "teachers", "the police", "social workers", "civil society organisations", "community leaders", "the prevention team",
        "volunteers", "parents", "health professionals", "faith leaders", "the steering group", "researchers", "the mayor's office", "probation officers", "sports coaches", "librarians",
        "street workers", "local businesses", "university partners", "mentors", "peer educators", "case managers", "psychologists", "journalists", "artists", "housing officers",
    ];

    public static readonly string[] Verbs =
    [
        "developed", "coordinated", "supported", "strengthened", "evaluated", "designed", "delivered", "expanded", "reviewed", "funded",
        "piloted", "adapted", "monitored", "documented", "promoted", "launched", "tested", "improved", "shared", "scaled up",
        "co-designed", "facilitated", "sustained", "mapped", "assessed", "institutionalised", "mainstreamed", "refined", "replicated", "translated",
    ];

    public static readonly string[] Purposes =
    [
        "reach", "support", "protect", "engage", "empower", "connect", "include", "listen to", "train", "involve",
        "reassure", "inform", "mentor", "accompany", "welcome", "represent", "consult", "mobilise", "equip", "reconnect",
    ];

    public static readonly string[] Circumstances =
    [
        "across the city", "in every district", "over three years", "with limited resources", "after a violent incident", "during school holidays", "in partnership with national agencies", "through the local network", "from the start", "at neighbourhood level",
        "in several languages", "on social media", "in youth centres", "in schools and colleges", "with independent evaluators", "in close cooperation with families", "in the months after the attack", "before the elections", "despite short funding cycles", "within existing services",
        "in rural areas", "in the city centre", "in prisons and probation", "in sports clubs", "in cultural centres", "in mosques, churches and synagogues", "online and offline", "on a small budget", "through a public tender", "with private sector support",
    ];

    public static readonly string[] ComposedSentences =
    [
        "{Actor} {verb} the {topic} {format} {circumstance}.",
        "To {purpose} {group}, {actor} {verb} a {approach} approach to {topic} {circumstance}.",
        "The {format} {verb} {topic} and {topic2} for {group} {circumstance}.",
        "{Actor} and {actor2} {verb} {topic} work {circumstance}, which helped them {purpose} {group}.",
        "A {approach} {format} on {topic} was {verb} by {actor} in {city} in {year}.",
        "In {city}, {actor} {verb} {topic} {circumstance} and {verb2} the results with {actor2}.",
        "Lessons on {topic} from the {format} show that {actor} need time to {purpose} {group}.",
        "Over {n} people took part in {topic} activities that {actor} {verb} {circumstance}.",
    ];

    public static readonly string[] EnglishGroups = ["young people", "families", "school pupils", "migrants and refugees", "women", "former offenders", "sports fans", "university students", "faith communities", "online gamers"];
    public static readonly string[] FrenchGroups = ["les jeunes", "les familles", "les collégiens", "les personnes réfugiées", "les femmes", "les anciens détenus", "les étudiants"];
    public static readonly string[] ArabicGroups = ["الشباب", "الأسر", "طلاب المدارس", "اللاجئين", "النساء", "السجناء السابقين"];

    public static readonly string[] Organisations =
    [
        "the Institute for Strategic Dialogue", "the European Forum for Urban Security", "the Radicalisation Awareness Network",
        "the Global Counterterrorism Forum", "UNDP", "the Council of Europe", "the OSCE", "a local university", "the national police",
        "the Ministry of the Interior", "the European Commission", "a community foundation", "the Royal United Services Institute",
        "Hedayah", "the Global Community Engagement and Resilience Fund", "the city's youth council",
    ];

    public static readonly string[] Headings = ["What it does", "How it works", "Who is involved", "Results", "Lessons learned", "Funding", "Background"];
    public static readonly string[] FrenchHeadings = ["Objectifs", "Fonctionnement", "Acteurs", "Résultats", "Enseignements", "Financement"];
    public static readonly string[] ArabicHeadings = ["الأهداف", "آلية العمل", "الجهات المعنية", "النتائج", "الدروس المستفادة", "التمويل"];

    /// <summary>Member cities: name, country, region (the starter content has six; these make up the rest of the network).</summary>
    public static readonly (string Name, string Country, string Region)[] Cities =
    [
        ("Oslo", "NO", "Europe"), ("Stockholm", "SE", "Europe"), ("Malmö", "SE", "Europe"), ("Gothenburg", "SE", "Europe"), ("Copenhagen", "DK", "Europe"),
        ("Aarhus", "DK", "Europe"), ("Helsinki", "FI", "Europe"), ("Berlin", "DE", "Europe"), ("Dresden", "DE", "Europe"), ("Augsburg", "DE", "Europe"),
        ("Düsseldorf", "DE", "Europe"), ("Vienna", "AT", "Europe"), ("Graz", "AT", "Europe"), ("Zurich", "CH", "Europe"), ("Geneva", "CH", "Europe"),
        ("Brussels", "BE", "Europe"), ("Antwerp", "BE", "Europe"), ("Mechelen", "BE", "Europe"), ("Vilvoorde", "BE", "Europe"), ("Amsterdam", "NL", "Europe"),
        ("Rotterdam", "NL", "Europe"), ("The Hague", "NL", "Europe"), ("Lyon", "FR", "Europe"), ("Marseille", "FR", "Europe"), ("Nice", "FR", "Europe"),
        ("Strasbourg", "FR", "Europe"), ("Bordeaux", "FR", "Europe"), ("Sarcelles", "FR", "Europe"), ("Barcelona", "ES", "Europe"), ("Madrid", "ES", "Europe"),
        ("Málaga", "ES", "Europe"), ("Lisbon", "PT", "Europe"), ("Rome", "IT", "Europe"), ("Milan", "IT", "Europe"), ("Athens", "GR", "Europe"),
        ("Thessaloniki", "GR", "Europe"), ("Warsaw", "PL", "Europe"), ("Gdańsk", "PL", "Europe"), ("Budapest", "HU", "Europe"), ("Sarajevo", "BA", "Europe"),
        ("Mostar", "BA", "Europe"), ("Tirana", "AL", "Europe"), ("Skopje", "MK", "Europe"), ("Belgrade", "RS", "Europe"),
        ("Dublin", "IE", "Europe"), ("Cardiff", "GB", "Europe"), ("Glasgow", "GB", "Europe"), ("Bradford", "GB", "Europe"), ("Derby", "GB", "Europe"),
        ("Montreal", "CA", "North America"), ("Toronto", "CA", "North America"), ("Calgary", "CA", "North America"), ("Minneapolis", "US", "North America"),
        ("Denver", "US", "North America"), ("Atlanta", "US", "North America"), ("Los Angeles", "US", "North America"), ("Boston", "US", "North America"),
        ("Mexico City", "MX", "Latin America and the Caribbean"), ("Monterrey", "MX", "Latin America and the Caribbean"), ("Bogotá", "CO", "Latin America and the Caribbean"),
        ("Medellín", "CO", "Latin America and the Caribbean"), ("Quito", "EC", "Latin America and the Caribbean"), ("Lima", "PE", "Latin America and the Caribbean"),
        ("Santiago", "CL", "Latin America and the Caribbean"), ("Buenos Aires", "AR", "Latin America and the Caribbean"), ("São Paulo", "BR", "Latin America and the Caribbean"),
        ("Port of Spain", "TT", "Latin America and the Caribbean"), ("Kingston", "JM", "Latin America and the Caribbean"),
        ("Amman", "JO", "Middle East and North Africa"), ("Zarqa", "JO", "Middle East and North Africa"), ("Irbid", "JO", "Middle East and North Africa"),
        ("Beirut", "LB", "Middle East and North Africa"), ("Tripoli", "LB", "Middle East and North Africa"), ("Saida", "LB", "Middle East and North Africa"),
        ("Tunis", "TN", "Middle East and North Africa"), ("Sfax", "TN", "Middle East and North Africa"), ("Kairouan", "TN", "Middle East and North Africa"),
        ("Casablanca", "MA", "Middle East and North Africa"), ("Rabat", "MA", "Middle East and North Africa"), ("Marrakesh", "MA", "Middle East and North Africa"),
        ("Algiers", "DZ", "Middle East and North Africa"), ("Cairo", "EG", "Middle East and North Africa"), ("Alexandria", "EG", "Middle East and North Africa"),
        ("Erbil", "IQ", "Middle East and North Africa"), ("Mosul", "IQ", "Middle East and North Africa"), ("Baghdad", "IQ", "Middle East and North Africa"),
        ("Abu Dhabi", "AE", "Middle East and North Africa"), ("Muscat", "OM", "Middle East and North Africa"),
        ("Nairobi", "KE", "East and Southern Africa"), ("Mombasa", "KE", "East and Southern Africa"), ("Kisumu", "KE", "East and Southern Africa"),
        ("Kampala", "UG", "East and Southern Africa"), ("Dar es Salaam", "TZ", "East and Southern Africa"), ("Zanzibar", "TZ", "East and Southern Africa"),
        ("Addis Ababa", "ET", "East and Southern Africa"), ("Mogadishu", "SO", "East and Southern Africa"), ("Cape Town", "ZA", "East and Southern Africa"),
        ("Johannesburg", "ZA", "East and Southern Africa"), ("Maputo", "MZ", "East and Southern Africa"), ("Pemba", "MZ", "East and Southern Africa"),
        ("Lagos", "NG", "West and Central Africa"), ("Kano", "NG", "West and Central Africa"), ("Abuja", "NG", "West and Central Africa"),
        ("Accra", "GH", "West and Central Africa"), ("Tamale", "GH", "West and Central Africa"), ("Dakar", "SN", "West and Central Africa"),
        ("Bamako", "ML", "West and Central Africa"), ("Niamey", "NE", "West and Central Africa"), ("Ouagadougou", "BF", "West and Central Africa"),
        ("Abidjan", "CI", "West and Central Africa"), ("Douala", "CM", "West and Central Africa"), ("Maroua", "CM", "West and Central Africa"),
        ("Dhaka", "BD", "South Asia"), ("Chittagong", "BD", "South Asia"), ("Colombo", "LK", "South Asia"), ("Kandy", "LK", "South Asia"),
        ("Karachi", "PK", "South Asia"), ("Lahore", "PK", "South Asia"), ("Peshawar", "PK", "South Asia"), ("Mumbai", "IN", "South Asia"),
        ("Hyderabad", "IN", "South Asia"), ("Kathmandu", "NP", "South Asia"), ("Malé", "MV", "South Asia"),
        ("Almaty", "KZ", "Central Asia"), ("Astana", "KZ", "Central Asia"), ("Bishkek", "KG", "Central Asia"), ("Osh", "KG", "Central Asia"),
        ("Dushanbe", "TJ", "Central Asia"), ("Tashkent", "UZ", "Central Asia"), ("Samarkand", "UZ", "Central Asia"),
        ("Jakarta", "ID", "East Asia and the Pacific"), ("Surabaya", "ID", "East Asia and the Pacific"), ("Bandung", "ID", "East Asia and the Pacific"),
        ("Manila", "PH", "East Asia and the Pacific"), ("Marawi", "PH", "East Asia and the Pacific"), ("Davao", "PH", "East Asia and the Pacific"),
        ("Kuala Lumpur", "MY", "East Asia and the Pacific"), ("Sydney", "AU", "East Asia and the Pacific"), ("Melbourne", "AU", "East Asia and the Pacific"),
        ("Brisbane", "AU", "East Asia and the Pacific"), ("Auckland", "NZ", "East Asia and the Pacific"), ("Christchurch", "NZ", "East Asia and the Pacific"),
        ("Wellington", "NZ", "East Asia and the Pacific"), ("Bangkok", "TH", "East Asia and the Pacific"), ("Pattani", "TH", "East Asia and the Pacific"),
        ("Seoul", "KR", "East Asia and the Pacific"), ("Tokyo", "JP", "East Asia and the Pacific"),
    ];

    public static readonly string[] LatinSyllables = ["ka", "ro", "ten", "mi", "sa", "lo", "ver", "pre", "dan", "tis", "mor", "gal", "bri", "nel", "qua", "sen", "dor", "fi", "lu", "ber", "can", "tho", "vi", "rel"];
    public static readonly string[] ArabicSyllables = ["ما", "لي", "نو", "ري", "سا", "كو", "دا", "بي", "تو", "حا", "في", "جو", "ها", "زي"];
}
