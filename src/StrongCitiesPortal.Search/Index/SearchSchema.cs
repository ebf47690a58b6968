using System.Security.Cryptography;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Ar;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;
using StrongCitiesPortal.Search.Configuration;

namespace StrongCitiesPortal.Search.Index;

/// <summary>
/// The index's schema in one place: its fields, the analyzer of each culture, and the fingerprint that says
/// whether an index on disk was built with these settings (if not, it is rebuilt from PostgreSQL).
/// </summary>
public sealed class SearchSchema
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Raised by hand when the fields or analysis change in a way the settings files do not show.</summary>
    private const int SchemaRevision = 2;

    public const string Key = "key";
    public const string Culture = "culture";
    public const string ContentType = "type";
    public const string View = "view";
    public const string Picks = "picks";
    public const string Source = "source";
    public const string StoredName = "name";
    public const string Snippet = "snippet";
    public const string Updated = "updated";
    public const string SortDate = "sortdate";
    public const string Recency = "recency";
    public const string Boost = "boost";
    public const string NameSort = "namesort";

    /// <summary>Every word of the item as typed (folded, not stemmed): prefixes and typo corrections look here.</summary>
    public const string Words = "words";

    // What the Delivery API's content queries read (see DeliveryQueryService): the item's place in the tree, its dates
    // (indexed for ranges, doc values for sorting), the cultures a request finds the document in, and its facts.
    public const string DeliveryCulture = "d.culture";
    public const string DeliveryParent = "d.parent";
    public const string DeliveryAncestor = "d.ancestor";
    public const string DeliveryId = "d.id";
    public const string DeliveryLevel = "d.level";
    public const string DeliverySortOrder = "d.sortorder";
    public const string DeliveryCreated = "d.created";
    public const string DeliveryUpdated = "d.updated";
    public const string DeliveryCountry = "d.country";
    public const string DeliveryRegion = "d.region";
    public const string DeliveryKind = "d.kind";

    /// <summary>The name in the culture's collation, ignoring case (sorted doc values).</summary>
    public static string DeliveryName(string culture) => "d.name." + culture;

    /// <summary>The name lower case and without accents, for "contains".</summary>
    public static string DeliveryMatch(string culture) => "d.match." + culture;

    private readonly Dictionary<string, Analyzer> _analyzers = new(StringComparer.Ordinal);

    public SearchSchema(SearchModel model, IReadOnlyList<string> cultures)
    {
        Cultures = cultures;
        foreach (var culture in cultures)
            _analyzers[culture] = CultureAnalyzer.For(culture);
        Analyzer = new PerFieldAnalyzerWrapper(new WhitespaceAnalyzer(Version), cultures.SelectMany(c => TextRoles.Select(r => (Field: TextField(r, c), c)))
            .ToDictionary(p => p.Field, p => _analyzers[p.c], StringComparer.Ordinal));
        Fingerprint = ComputeFingerprint(model, cultures);
    }

    public IReadOnlyList<string> Cultures { get; }

    /// <summary>The analyzer for writing and highlighting: each culture's text fields with that culture's analysis, the rest as whitespace-separated tokens.</summary>
    public Analyzer Analyzer { get; }

    public string Fingerprint { get; }

    public static IReadOnlyList<FieldRole> TextRoles { get; } = [FieldRole.Name, FieldRole.Summary, FieldRole.Keywords, FieldRole.Body, FieldRole.Other];

    public Analyzer AnalyzerFor(string culture) => _analyzers.TryGetValue(culture, out var analyzer) ? analyzer : _analyzers.Values.First();

    public static string TextField(FieldRole role, string culture) => $"{role.ToString().ToLowerInvariant()}.{culture}";

    public static string FacetField(string facet) => "f." + facet;

    /// <summary>How much a word found in each part weighs: the name most, then summary and keywords, then body, then the rest.</summary>
    public static float Weight(FieldRole role) => role switch
    {
        FieldRole.Name => 4f,
        FieldRole.Summary or FieldRole.Keywords => 2f,
        FieldRole.Body => 1f,
        _ => 0.5f,
    };

    private static string ComputeFingerprint(SearchModel model, IReadOnlyList<string> cultures)
    {
        var text = new StringBuilder()
            .Append("revision=").Append(SchemaRevision).Append('\n')
            .Append("cultures=").AppendJoin(',', cultures.Select(c => c + ":" + CultureAnalyzer.Describe(c))).Append('\n')
            .Append(model.Describe());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}

/// <summary>Text analysis per culture: English and French stemmed (French elisions and accents folded), Arabic normalised and stemmed.</summary>
public static class CultureAnalyzer
{
    /// <summary>
    /// English function words (the common Snowball list): a question's "how", "did" and "into" say nothing about an item.
    /// Matched case-sensitively: the terms are lower case already, and folding each again cost a call into ICU.
    /// </summary>
    internal static readonly CharArraySet EnglishStopWords = new(SearchSchema.Version, """
        i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself
        they them their theirs themselves what which who whom this that these those am is are was were be been being have has had
        having do does did doing would should could ought a an the and but if or because as until while of at by for with about
        against between into through during before after above below to from up down in out on off over under again further then
        once here there when where why how all any both each few more most other some such no nor not only own same so than too very
        can will just don't shouldn't now isn't aren't wasn't weren't hasn't haven't hadn't doesn't didn't won't wouldn't can't
        cannot couldn't mustn't let's that's who's what's here's there's when's where's why's how's
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries), ignoreCase: false);

    // Lucene's French and Arabic lists, matched case-sensitively like the English one (their filters follow the lower-casing).
    private static readonly CharArraySet FrenchStopWords = new(SearchSchema.Version, FrenchAnalyzer.DefaultStopSet, ignoreCase: false);
    private static readonly CharArraySet ArabicStopWords = new(SearchSchema.Version, ArabicAnalyzer.DefaultStopSet, ignoreCase: false);

    public static string Describe(string culture) => culture switch
    {
        "en" => "standard+possessive+lower+snowball-stop+fold+porter",
        "fr" => "standard+elision+lower+stop+snowball-french+fold",
        "ar" => "standard+lower+stop+arabic-normalise+arabic-stem",
        _ => "standard+lower+fold",
    };

    public static Analyzer For(string culture) => culture switch
    {
        "en" => Analyzer.NewAnonymous((field, reader) =>
        {
            var source = new StandardTokenizer(SearchSchema.Version, reader);
            TokenStream stream = new EnglishPossessiveFilter(SearchSchema.Version, source);
            stream = new InvariantLowerCaseFilter(stream);
            stream = new StopFilter(SearchSchema.Version, stream, EnglishStopWords);
            stream = new ASCIIFoldingFilter(stream);
            stream = new PorterStemFilter(stream);
            return new TokenStreamComponents(source, stream);
        }),
        "fr" => Analyzer.NewAnonymous((field, reader) =>
        {
            var source = new StandardTokenizer(SearchSchema.Version, reader);
            TokenStream stream = new ElisionFilter(source, FrenchAnalyzer.DEFAULT_ARTICLES);
            stream = new InvariantLowerCaseFilter(stream);
            stream = new StopFilter(SearchSchema.Version, stream, FrenchStopWords);
            stream = new SnowballFilter(stream, new Lucene.Net.Tartarus.Snowball.Ext.FrenchStemmer());
            stream = new ASCIIFoldingFilter(stream);
            return new TokenStreamComponents(source, stream);
        }),
        "ar" => Analyzer.NewAnonymous((field, reader) =>
        {
            var source = new StandardTokenizer(SearchSchema.Version, reader);
            TokenStream stream = new InvariantLowerCaseFilter(source);
            stream = new StopFilter(SearchSchema.Version, stream, ArabicStopWords);
            stream = new ArabicNormalizationFilter(stream);
            stream = new ArabicStemFilter(stream);
            return new TokenStreamComponents(source, stream);
        }),
        _ => Analyzer.NewAnonymous((field, reader) =>
        {
            var source = new StandardTokenizer(SearchSchema.Version, reader);
            TokenStream stream = new InvariantLowerCaseFilter(source);
            stream = new ASCIIFoldingFilter(stream);
            return new TokenStreamComponents(source, stream);
        }),
    };

    /// <summary>The terms a culture's analysis makes of a text, in order.</summary>
    public static List<string> Terms(Analyzer analyzer, string field, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            terms.Add(term.ToString());
        stream.End();
        return terms;
    }
}
