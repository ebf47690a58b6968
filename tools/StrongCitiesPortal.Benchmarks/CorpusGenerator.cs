using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using StrongCitiesPortal.Content.Items;

namespace StrongCitiesPortal.Benchmarks;

internal sealed record GeneratedItem(Guid Key, string ContentType, ContentData Data, IReadOnlyList<string> Publish);

internal sealed record PickableItem(Guid Key, IReadOnlyDictionary<string, string> Names, string Country = "");

/// <summary>
/// A realistic and deliberately hard corpus of good practices: the network's voice in English, French and Arabic;
/// bodies of 50 to 4,000 words, log-normal around 250; titles and text composed from one common vocabulary drawn
/// with Zipf weights, so most query words match a large share of the items and titles are rarely alike; one to
/// four themes, the cities behind them, and a long tail of rare words (names, places, jargon).
/// Deterministic: the same seed gives the same corpus.
/// </summary>
internal sealed class CorpusGenerator(int seed = 20_26)
{
    private static readonly string[] Kinds = ["Case study", "Toolkit, guide or template", "Evaluation", "Training", "Initiative", "Policy", "Research"];
    private static readonly double[] KindWeights = [0.22, 0.15, 0.08, 0.12, 0.28, 0.07, 0.08];

    private readonly Random _random = new(seed);
    private string[] _latinTail = [];
    private string[] _arabicTail = [];
    private double[] _tailCumulative = [];

    public IReadOnlyList<GeneratedItem> Cities(IReadOnlyList<PickableItem> themes, ISet<string> existingNames)
    {
        var items = new List<GeneratedItem>();
        foreach (var (name, country, region) in CorpusText.Cities)
        {
            if (existingNames.Contains(name))
                continue;
            var themeKeys = Pick(themes, _random.Next(1, 5)).Select(t => t.Key.ToString()).ToArray();
            var summary = $"{name} joined the Strong Cities Network to strengthen local prevention of hate, extremism and polarisation, working with schools, civil society and national partners.";
            items.Add(new GeneratedItem(Guid.NewGuid(), "memberCity", new ContentData
            {
                Invariant =
                {
                    ["country"] = Element(country),
                    ["region"] = Element(region),
                    ["themes"] = Element(themeKeys),
                },
                Cultures = { ["en"] = new CultureData { Name = name, Segment = Slug(name), Values = { ["summary"] = Element(summary) } } },
            }, ["en"]));
        }
        return items;
    }

    public IEnumerable<GeneratedItem> Practices(int count, IReadOnlyList<PickableItem> themes, IReadOnlyList<PickableItem> cities)
    {
        BuildTail();
        var themeWeights = themes.Select((_, i) => 1.0 / (1 + i * 0.25)).ToArray();
        var cityWeights = cities.Select((_, i) => 1.0 / Math.Pow(1 + i, 0.6)).ToArray();
        for (var n = 0; n < count; n++)
        {
            var roll = _random.NextDouble();
            // The engine requires the default culture; French and Arabic come as translations, and for some the original is in them.
            string[] cultures = roll switch
            {
                < 0.55 => ["en"],
                < 0.80 => ["en", "fr"],
                < 0.95 => ["en", "ar"],
                _ => ["en", "fr", "ar"],
            };
            var itemThemes = WeightedDistinct(themes, themeWeights, 1 + Poisson(0.9, 3));
            var itemCities = _random.NextDouble() < 0.85 ? WeightedDistinct(cities, cityWeights, 1 + Poisson(0.4, 2)) : [];
            var countries = itemCities.Select(c => c.Country).Where(c => c.Length == 2).Distinct().ToList();
            if (_random.NextDouble() < 0.1)
                countries.Add(CorpusText.Cities[_random.Next(CorpusText.Cities.Length)].Country);
            var original = cultures.Length > 1 && _random.NextDouble() < 0.5 ? cultures[1] : "en";
            var language = _random.NextDouble() < 0.05 ? Choose(["German", "Swedish", "Other"]) : original switch { "fr" => "French", "ar" => "Arabic", _ => "English" };
            var evaluation = _random.NextDouble() switch { < 0.7 => "Not evaluated", < 0.9 => "Evaluated", _ => "Peer-reviewed" };
            var data = new ContentData
            {
                Invariant =
                {
                    ["kind"] = Element(Kinds[WeightedIndex(KindWeights)]),
                    ["themes"] = Element(itemThemes.Select(t => t.Key.ToString()).ToArray()),
                    ["cities"] = Element(itemCities.Select(c => c.Key.ToString()).ToArray()),
                    ["countries"] = Element(countries.Distinct().ToArray()),
                    ["organisations"] = Element(Pick(CorpusText.Organisations, _random.Next(0, 3)).ToArray()),
                    ["language"] = Element(language),
                    ["evaluationStatus"] = Element(evaluation),
                },
            };
            if (_random.NextDouble() < 0.9)
            {
                var date = new DateOnly(2010, 1, 1).AddDays(_random.Next(0, 16 * 365));
                data.Invariant["publicationDate"] = Element(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            // Log-normal around 250 words: most a page, some a long report.
            var bodyWords = (int)Math.Clamp(Math.Exp(Math.Log(250) + 0.8 * Gaussian()), 50, 4000);
            var slots = new Slots(this, itemCities.Count > 0 ? itemCities : Pick(cities, 1).ToList(), cities, itemThemes);
            foreach (var culture in cultures)
            {
                var title = culture == "en" && _random.NextDouble() < 0.8 ? Choose(CorpusText.TitlePatterns) : Choose(Titles(culture));
                var name = slots.Fill(title, culture);
                data.Cultures[culture] = new CultureData
                {
                    Name = name.Length > 200 ? name[..200] : name,
                    Segment = Slug(name) + "-" + n.ToString(CultureInfo.InvariantCulture),
                    Values =
                    {
                        ["summary"] = Element(Summary(slots, culture)),
                        ["body"] = Element(Body(slots, culture, bodyWords)),
                    },
                };
            }
            yield return new GeneratedItem(Guid.NewGuid(), "goodPractice", data, cultures);
        }
    }

    private string Summary(Slots slots, string culture)
    {
        var summary = new StringBuilder();
        var sentences = Sentences(culture);
        for (var i = 0; i < 4; i++)
        {
            var sentence = slots.Fill(Choose(sentences), culture);
            if (summary.Length + sentence.Length + 1 > 780)
                break;
            summary.Append(summary.Length > 0 ? " " : "").Append(sentence);
            if (i >= 1 && _random.NextDouble() < 0.5)
                break;
        }
        return summary.ToString();
    }

    private string Body(Slots slots, string culture, int words)
    {
        var body = new StringBuilder();
        var headings = culture switch { "fr" => CorpusText.FrenchHeadings, "ar" => CorpusText.ArabicHeadings, _ => CorpusText.Headings };
        var sentences = Sentences(culture);
        var written = 0;
        var section = 0;
        while (written < words)
        {
            if (section++ % 3 == 0 && written + 60 < words)
                body.Append("## ").Append(Choose(headings)).Append("\n\n");
            var paragraph = new StringBuilder();
            for (var s = 0; s < 3 + _random.Next(3) && written < words; s++)
            {
                var template = culture == "en" && _random.NextDouble() < 0.5 ? Choose(CorpusText.ComposedSentences) : Choose(sentences);
                var sentence = slots.Fill(template, culture);
                if (_random.NextDouble() < 0.35)
                    sentence = sentence.TrimEnd('.') + " " + Tail(culture) + ".";
                paragraph.Append(paragraph.Length > 0 ? " " : "").Append(sentence);
                written += sentence.Count(c => c == ' ') + 1;
            }
            body.Append(paragraph).Append("\n\n");
        }
        return body.ToString().TrimEnd();
    }

    private sealed class Slots(CorpusGenerator generator, IReadOnlyList<PickableItem> cities, IReadOnlyList<PickableItem> allCities, IReadOnlyList<PickableItem> themes)
    {
        private readonly string _name = generator.ProperName();

        // What the practice is about: its title's words, which its own text comes back to.
        private readonly string _approach = generator.ChooseZipf(CorpusText.TitleApproaches);
        private readonly string _topic = generator.ChooseZipf(CorpusText.TitleTopics);
        private readonly string _topic2 = generator.ChooseZipf(CorpusText.TitleTopics);
        private readonly string _format = generator.ChooseZipf(CorpusText.TitleFormats);

        public string Fill(string template, string culture)
        {
            var text = new StringBuilder(template);
            var random = generator._random;
            if (template.Contains('{', StringComparison.Ordinal) && culture == "en")
            {
                string Own(string own, string[] all) => random.NextDouble() < 0.5 ? own : generator.ChooseZipf(all);
                var approach = Own(_approach, CorpusText.TitleApproaches);
                text.Replace("{approach}", template.StartsWith("{approach}", StringComparison.Ordinal) ? approach : approach.ToLowerInvariant());
                text.Replace("{topic}", Own(_topic, CorpusText.TitleTopics));
                text.Replace("{topic2}", Own(_topic2, CorpusText.TitleTopics));
                text.Replace("{format}", Own(_format, CorpusText.TitleFormats));
                var actor = generator.ChooseZipf(CorpusText.Actors);
                text.Replace("{Actor}", char.ToUpperInvariant(actor[0]) + actor[1..]);
                text.Replace("{actor}", actor);
                text.Replace("{actor2}", generator.ChooseZipf(CorpusText.Actors));
                text.Replace("{verb}", generator.ChooseZipf(CorpusText.Verbs));
                text.Replace("{verb2}", generator.ChooseZipf(CorpusText.Verbs));
                text.Replace("{purpose}", generator.ChooseZipf(CorpusText.Purposes));
                text.Replace("{circumstance}", generator.ChooseZipf(CorpusText.Circumstances));
            }
            var city = cities[random.Next(cities.Count)];
            text.Replace("{city}", NameIn(city, culture));
            text.Replace("{city2}", NameIn(allCities[random.Next(allCities.Count)], culture));
            text.Replace("{country}", Countries.EnglishName(city.Country.Length == 2 ? city.Country : "GB"));
            text.Replace("{org}", generator.Choose(CorpusText.Organisations));
            text.Replace("{year}", random.Next(2012, 2026).ToString(CultureInfo.InvariantCulture));
            text.Replace("{n}", random.Next(20, 5000).ToString(CultureInfo.InvariantCulture));
            text.Replace("{pct}", random.Next(10, 95).ToString(CultureInfo.InvariantCulture));
            text.Replace("{theme}", NameIn(themes[random.Next(themes.Count)], culture).ToLower(CultureInfo.InvariantCulture));
            text.Replace("{group}", generator.Choose(culture switch { "fr" => CorpusText.FrenchGroups, "ar" => CorpusText.ArabicGroups, _ => CorpusText.EnglishGroups }));
            text.Replace("{name}", _name);
            return text.ToString();
        }

        private static string NameIn(PickableItem item, string culture) =>
            item.Names.GetValueOrDefault(culture) ?? item.Names.GetValueOrDefault("en") ?? item.Names.Values.First();
    }

    private static string[] Titles(string culture) => culture switch { "fr" => CorpusText.FrenchTitles, "ar" => CorpusText.ArabicTitles, _ => CorpusText.EnglishTitles };

    private static string[] Sentences(string culture) => culture switch { "fr" => CorpusText.FrenchSentences, "ar" => CorpusText.ArabicSentences, _ => CorpusText.EnglishSentences };

    /// <summary>Words of a long tail with a Zipf distribution: a few recur often, most are rare.</summary>
    private void BuildTail()
    {
        const int Size = 60_000;
        _latinTail = new string[Size];
        _arabicTail = new string[Size];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Size; i++)
        {
            string word;
            do
                word = string.Concat(Enumerable.Range(0, _random.Next(2, 5)).Select(_ => Choose(CorpusText.LatinSyllables)));
            while (!seen.Add(word));
            _latinTail[i] = word;
            _arabicTail[i] = string.Concat(Enumerable.Range(0, _random.Next(2, 4)).Select(_ => Choose(CorpusText.ArabicSyllables)));
        }
        _tailCumulative = new double[Size];
        var sum = 0.0;
        for (var i = 0; i < Size; i++)
            _tailCumulative[i] = sum += 1 / Math.Pow(i + 1, 1.05);
    }

    private string Tail(string culture)
    {
        var index = Array.BinarySearch(_tailCumulative, _random.NextDouble() * _tailCumulative[^1]);
        if (index < 0)
            index = ~index;
        index = Math.Min(index, _tailCumulative.Length - 1);
        return culture == "ar" ? _arabicTail[index] : _latinTail[index];
    }

    private string ProperName()
    {
        var word = string.Concat(Enumerable.Range(0, _random.Next(2, 4)).Select(_ => Choose(CorpusText.LatinSyllables)));
        return char.ToUpperInvariant(word[0]) + word[1..];
    }

    private T Choose<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private readonly Dictionary<string[], double[]> _zipf = new(ReferenceEqualityComparer.Instance);

    /// <summary>One of the items with Zipf weights (1/rank): the first few make most of the text, the rest are rarer.</summary>
    private string ChooseZipf(string[] items)
    {
        if (!_zipf.TryGetValue(items, out var cumulative))
        {
            cumulative = new double[items.Length];
            var sum = 0.0;
            for (var i = 0; i < items.Length; i++)
                cumulative[i] = sum += 1.0 / (i + 1);
            _zipf[items] = cumulative;
        }
        var index = Array.BinarySearch(cumulative, _random.NextDouble() * cumulative[^1]);
        return items[Math.Min(index < 0 ? ~index : index, items.Length - 1)];
    }

    private IEnumerable<T> Pick<T>(IReadOnlyList<T> items, int count) =>
        Enumerable.Range(0, items.Count).OrderBy(_ => _random.Next()).Take(count).Select(i => items[i]);

    private List<T> WeightedDistinct<T>(IReadOnlyList<T> items, double[] weights, int count)
    {
        var chosen = new HashSet<int>();
        var total = weights.Sum();
        for (var attempts = 0; chosen.Count < Math.Min(count, items.Count) && attempts < 100; attempts++)
        {
            var roll = _random.NextDouble() * total;
            var i = 0;
            while (i < weights.Length - 1 && (roll -= weights[i]) > 0)
                i++;
            chosen.Add(i);
        }
        return chosen.Select(i => items[i]).ToList();
    }

    private int WeightedIndex(double[] weights)
    {
        var roll = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            if ((roll -= weights[i]) <= 0)
                return i;
        }
        return weights.Length - 1;
    }

    private int Poisson(double mean, int max)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = _random.NextDouble();
        while (p > limit && k < max)
        {
            k++;
            p *= _random.NextDouble();
        }
        return k;
    }

    private double Gaussian() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
                slug.Append(c);
            else if ((c == ' ' || c == '-') && slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "item" : text.Length > 60 ? text[..60].Trim('-') : text;
    }

    private static JsonElement Element<T>(T value) => JsonSerializer.SerializeToElement(value);

    /// <summary>The themes and member cities already in the database, with their names per culture.</summary>
    public static async Task<List<PickableItem>> ReadPickableAsync(NpgsqlDataSource dataSource, string contentType)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("""
            select n.key, c.culture, c.published_name, coalesce(v.data -> 'invariant' ->> 'country', '')
            from cms_node n join cms_culture c on c.node_id = n.id and c.published_version is not null
            join cms_version v on v.node_id = n.id and v.version = c.published_version
            where n.content_type = @type and not n.trashed order by n.id
            """, connection);
        command.Parameters.AddWithValue("type", contentType);
        var items = new Dictionary<Guid, (Dictionary<string, string> Names, string Country)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var key = reader.GetGuid(0);
            if (!items.TryGetValue(key, out var item))
                items[key] = item = (new Dictionary<string, string>(StringComparer.Ordinal), reader.GetString(3));
            item.Names[reader.GetString(1)] = reader.GetString(2);
        }
        return items.Select(i => new PickableItem(i.Key, i.Value.Names, i.Value.Country)).ToList();
    }
}
