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
    private const int SchemaRevision = 1;

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
    public static string Describe(string culture) => culture switch
    {
        "en" => "standard+possessive+lower+stop+porter+fold",
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
            stream = new LowerCaseFilter(SearchSchema.Version, stream);
            stream = new StopFilter(SearchSchema.Version, stream, EnglishAnalyzer.DefaultStopSet);
            stream = new ASCIIFoldingFilter(stream);
            stream = new PorterStemFilter(stream);
            return new TokenStreamComponents(source, stream);
        }),
        "fr" => Analyzer.NewAnonymous((field, reader) =>
        {
            var source = new StandardTokenizer(SearchSchema.Version, reader);
            TokenStream stream = new ElisionFilter(source, FrenchAnalyzer.DEFAULT_ARTICLES);
            stream = new LowerCaseFilter(SearchSchema.Version, stream);
            stream = new StopFilter(SearchSchema.Version, stream, FrenchAnalyzer.DefaultStopSet);
            stream = new SnowballFilter(stream, new Lucene.Net.Tartarus.Snowball.Ext.FrenchStemmer());
            stream = new ASCIIFoldingFilter(stream);
            return new TokenStreamComponents(source, stream);
        }),
        "ar" => Analyzer.NewAnonymous((field, reader) =>
        {
            var source = new StandardTokenizer(SearchSchema.Version, reader);
            TokenStream stream = new LowerCaseFilter(SearchSchema.Version, source);
            stream = new StopFilter(SearchSchema.Version, stream, ArabicAnalyzer.DefaultStopSet);
            stream = new ArabicNormalizationFilter(stream);
            stream = new ArabicStemFilter(stream);
            return new TokenStreamComponents(source, stream);
        }),
        _ => Analyzer.NewAnonymous((field, reader) =>
        {
            var source = new StandardTokenizer(SearchSchema.Version, reader);
            TokenStream stream = new LowerCaseFilter(SearchSchema.Version, source);
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
