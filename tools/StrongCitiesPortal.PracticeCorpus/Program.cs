using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using StrongCitiesPortal.PracticeCorpus;

// Writes N good-practice records for the bulk import: the same N and seed always give the same file.
var rows = 100_000;
var first = 1;
var seed = 2026;
var format = "csv";
string? output = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rows" when i + 1 < args.Length: rows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--first" when i + 1 < args.Length: first = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed" when i + 1 < args.Length: seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--format" when i + 1 < args.Length: format = args[++i]; break;
        case "--out" when i + 1 < args.Length: output = args[++i]; break;
        default:
            Console.Error.WriteLine("Usage: --rows N [--first N] [--seed S] --format csv|jsonl --out FILE");
            return 2;
    }
}
if (output is null || format is not ("csv" or "jsonl") || rows < 1)
{
    Console.Error.WriteLine("Usage: --rows N [--first N] [--seed S] --format csv|jsonl --out FILE");
    return 2;
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await using var writer = new StreamWriter(output, false, new UTF8Encoding(false), 1 << 16);
var corpus = new Corpus(seed);
var json = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
if (format == "csv")
    await writer.WriteLineAsync(string.Join(',', Corpus.Columns));
for (var n = first; n < first + rows; n++)
{
    var record = corpus.Next(n);
    if (format == "csv")
        await writer.WriteLineAsync(string.Join(',', Corpus.Columns.Select(c => Csv(record.GetValueOrDefault(c) switch
        {
            null => "",
            string s => s,
            IEnumerable<string> list => string.Join("; ", list),
            var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
        }))));
    else
        await writer.WriteLineAsync(JsonSerializer.Serialize(record, json));
}
Console.WriteLine($"Wrote {rows.ToString("N0", CultureInfo.InvariantCulture)} records to {Path.GetFullPath(output)}");
return 0;

static string Csv(string value) =>
    value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
