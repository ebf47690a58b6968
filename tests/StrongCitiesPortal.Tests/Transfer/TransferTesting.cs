using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Seeding;
using StrongCitiesPortal.Transfer;
using StrongCitiesPortal.Transfer.Export;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Tests.Transfer;

/// <summary>The engine with import and export, on a fresh database, and the files the tests import.</summary>
public static class TransferTesting
{
    public const string PracticeLibrary = "11405358-73cb-4fe5-a03d-a8a1b146a032";

    public static Task<ContentHost> StartAsync(string hint, string? modelPath = null, bool starterContent = true) =>
        ContentHost.StartAsync(hint, modelPath, configure: s => s.AddPortalTransfer(), loadStarterContent: starterContent);

    public static Task<ContentHost> StartOnAsync(string connectionString, string? modelPath = null, bool starterContent = true) =>
        ContentHost.StartOnAsync(connectionString, modelPath, configure: s => s.AddPortalTransfer(), loadStarterContent: starterContent);

    public static ImportService Importer(this ContentHost host) => host.Services.GetRequiredService<ImportService>();
    public static ExportService Exporter(this ContentHost host) => host.Services.GetRequiredService<ExportService>();
    public static SiteTransfer Site(this ContentHost host) => host.Services.GetRequiredService<SiteTransfer>();

    public static Task<ImportReport> ImportAsync(this ContentHost host, ImportFormat format, string path, ImportRequest request,
        Action<RowResult>? onRow = null, CancellationToken cancellationToken = default) =>
        host.Importer().RunAsync(ImportService.OpenSource(format, path, host.Importer().BodyProperty(request.ContentType, request.BodyProperty)), request, onRow, null, cancellationToken);

    /// <summary>
    /// A copy of the repository's <c>umbraco/</c> without the starter files <paramref name="leaveOut"/> picks,
    /// and without the files that refer to those (so the rest still loads).
    /// </summary>
    public static string ModelWithout(Func<string, bool> leaveOut)
    {
        var folder = TempFolder("model");
        Directory.CreateDirectory(Path.Combine(folder, "document-types"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPostgres.ModelPath, "document-types"), "*.json"))
            File.Copy(file, Path.Combine(folder, "document-types", Path.GetFileName(file)));
        Directory.CreateDirectory(Path.Combine(folder, "content"));
        var files = Directory.EnumerateFiles(Path.Combine(TestPostgres.ModelPath, "content"), "*.json").ToDictionary(f => f, File.ReadAllText);
        var left = files.Keys.Where(f => leaveOut(Path.GetFileName(f))).ToHashSet();
        while (true)
        {
            var keys = left.Select(f => JsonDocument.Parse(files[f]).RootElement.GetProperty("key").GetString()!).ToList();
            var more = files.Keys.Where(f => !left.Contains(f) && keys.Any(k => files[f].Contains(k, StringComparison.Ordinal))).ToList();
            if (more.Count == 0)
                break;
            left.UnionWith(more);
        }
        foreach (var file in files.Keys.Where(f => !left.Contains(f)))
            File.Copy(file, Path.Combine(folder, "content", Path.GetFileName(file)));
        return folder;
    }

    /// <summary>The starter site without its practices (nor what refers to them).</summary>
    public static string ModelWithoutPractices() => ModelWithout(f => f.Contains("-practice-", StringComparison.Ordinal));

    public static string TempFolder(string hint)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"scp-{hint}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static string TempFile(string name, string content)
    {
        var path = Path.Combine(TempFolder("file"), name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public static IReadOnlyList<(string File, StarterItem Item)> StarterItems() =>
        StarterContentLoader.ReadFolder(Path.Combine(TestPostgres.ModelPath, "content"));

    /// <summary>
    /// The starter practices as a partner would send them: no keys, themes and cities by name, countries
    /// by English name, the file name as external id.
    /// </summary>
    public static string StarterPracticesCsv()
    {
        var all = StarterItems();
        var names = all.ToDictionary(i => i.Item.Key, i => i.Item.Cultures["en"].Name);
        string Text(StarterItem item, string alias) =>
            item.Invariant.TryGetValue(alias, out var v) ? v.GetString()! : "";
        string Names(StarterItem item, string alias, Func<string, string> name) =>
            item.Invariant.TryGetValue(alias, out var v) ? RecordMapper.JoinList(v.EnumerateArray().Select(e => name(e.GetString()!))) : "";

        var csv = new StringBuilder("externalId,name,segment,summary,body,kind,themes,cities,countries,organisations,language,publicationDate,externalLink,evaluationStatus\n");
        foreach (var (file, item) in all.Where(i => i.Item.ContentType == "goodPractice"))
        {
            var en = item.Cultures["en"];
            string[] row =
            [
                Path.GetFileNameWithoutExtension(file), en.Name, en.Segment ?? "", en.Values["summary"].GetString()!, en.Values["body"].GetString()!,
                Text(item, "kind"), Names(item, "themes", k => names[Guid.Parse(k)]), Names(item, "cities", k => names[Guid.Parse(k)]),
                Names(item, "countries", Countries.EnglishName), Names(item, "organisations", o => o), Text(item, "language"),
                Text(item, "publicationDate"), Text(item, "externalLink"), Text(item, "evaluationStatus"),
            ];
            csv.AppendLine(string.Join(',', row.Select(ExportService.Quote)));
        }
        return csv.ToString();
    }

    public static async Task<Dictionary<string, Guid>> ExternalIdsAsync(this ContentHost host, string contentType)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select external_id, node_key from transfer_external_id where content_type = @type", connection);
        command.Parameters.AddWithValue("type", contentType);
        var ids = new Dictionary<string, Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            ids[reader.GetString(0)] = reader.GetGuid(1);
        return ids;
    }

    public static async Task<long> CountAsync(this ContentHost host, string sql)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static string Json(object? value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    public static bool SameJson(object? a, object? b) =>
        JsonElement.DeepEquals(JsonSerializer.SerializeToElement(a, JsonSerializerOptions.Web),
            JsonSerializer.SerializeToElement(b, JsonSerializerOptions.Web));

    /// <summary>The issues of a report as "row|property|culture|message" lines, for exact comparison.</summary>
    public static IReadOnlyList<string> IssueLines(this ImportReport report) =>
        report.Results.SelectMany(r => r.Issues.Select(i => $"{r.Row}|{i.Property}|{i.Culture}|{i.Message}")).ToList();
}
