using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Tests.Transfer;

/// <summary>New items written together (the bulk path) against the same rows saved one by one, and what a command needs at start.</summary>
[Category("Database")]
public sealed class BulkImportTests
{
    /// <summary>Same names, a name a starter practice already has, French on every third row and an invalid row.</summary>
    private static string MixedCsv()
    {
        var csv = new StringBuilder("externalId,name,name:fr,summary,summary:fr,kind,themes\n");
        for (var i = 1; i <= 60; i++)
        {
            var name = i == 7 ? "iReportIt" : i % 5 == 0 ? "Same name" : $"Practice {i}";
            var french = i % 3 == 0 ? $"Pratique {i}" : "";
            var kind = i == 11 ? "Blog" : "Research";
            csv.Append(CultureInfo.InvariantCulture, $"mixed-{i:00},{name},{french},Summary {i},{(french.Length > 0 ? "Résumé " + i : "")},{kind},Youth\n");
        }
        return csv.ToString();
    }

    private static ImportRequest Request(bool together) => new()
    {
        ContentType = "goodPractice",
        Parent = "/practices/",
        Publish = ["en", "fr"],
        BatchSize = 25,
        Parallelism = 1,
        TransactionPerWriter = together,
    };

    [Test]
    public async Task New_items_written_together_are_exactly_what_saving_them_one_by_one_writes()
    {
        var csv = TransferTesting.TempFile("mixed.csv", MixedCsv());
        await using var oneByOne = await TransferTesting.StartAsync("bulk-rows");
        await using var together = await TransferTesting.StartAsync("bulk-together");

        var rowReport = await oneByOne.ImportAsync(ImportFormat.Csv, csv, Request(together: false));
        var bulkReport = await together.ImportAsync(ImportFormat.Csv, csv, Request(together: true));

        bulkReport.Count(RowOutcome.Created).ShouldBe(59);
        bulkReport.IssueLines().ShouldBe(rowReport.IssueLines());
        bulkReport.Results.Select(r => (r.Row, r.Outcome)).ShouldBe(rowReport.Results.Select(r => (r.Row, r.Outcome)));
        foreach (var sql in new[]
        {
            // Names, segments, what is live, place in the tree and the saved data, per culture.
            """
            select x.external_id || '|' || c.culture || '|' || c.name || '|' || c.segment || '|' || coalesce(c.published_version::text, '-') || '|'
                   || coalesce(c.published_name, '-') || '|' || coalesce(c.published_segment, '-') || '|' || n.sort_order || '|' || n.level || '|'
                   || n.latest_version || '|' || n.created_by || '|' || (n.path = p.path || n.id || '/') || '|' || v.data::text || '|' || coalesce(v.note, '-')
            from transfer_external_id x join cms_node n on n.key = x.node_key join cms_node p on p.id = n.parent_id
            join cms_culture c on c.node_id = n.id join cms_version v on v.node_id = n.id and v.version = n.latest_version
            order by x.external_id, c.culture
            """,
            // The audit lines, in order.
            """
            select x.external_id || '|' || a.action || '|' || coalesce(a.culture, '-') || '|' || coalesce(a.from_version::text, '-') || '|'
                   || coalesce(a.to_version::text, '-') || '|' || a.user_name || '|' || coalesce(a.detail, '-')
            from cms_audit a join transfer_external_id x on x.node_key = a.node_key order by x.external_id, a.id
            """,
            // The change feed, numbered, in order.
            """
            select x.external_id || '|' || ch.kind || '|' || array_to_string(ch.cultures, ',') || '|' || (ch.seq is not null)
            from cms_change ch join transfer_external_id x on x.node_key = ch.node_key order by x.external_id, ch.id
            """,
            // The journal: every row's outcome and the checkpoint.
            "select row || '|' || coalesce(external_id, '-') || '|' || outcome || '|' || coalesce(issues::text, '-') from transfer_import_row order by row",
            "select rows_done || '|' || status from transfer_import_run",
        })
        {
            var expected = await LinesAsync(oneByOne, sql);
            expected.ShouldNotBeEmpty();
            (await LinesAsync(together, sql)).ShouldBe(expected, sql);
        }
        var ids = await together.ExternalIdsAsync("goodPractice");
        together.Cache.Route(ids["mixed-07"], "en").ShouldBe("/practices/ireportit-2/");
        together.Cache.Route(ids["mixed-10"], "en").ShouldBe("/practices/same-name-2/");
        together.Cache.Route(ids["mixed-09"], "fr").ShouldBe("/pratiques/pratique-9/");
        together.Cache.OfType("goodPractice").Count().ShouldBe(14 + 59);
    }

    [Test]
    public async Task A_row_the_database_refuses_among_new_items_is_reported_alone_and_the_others_are_written()
    {
        await using var host = await TransferTesting.StartAsync("bulk-refused");
        var lines = new StringBuilder();
        for (var i = 1; i <= 6; i++)
        {
            // PostgreSQL's jsonb cannot hold U+0000: the database, not the validator, refuses row 3.
            var summary = i == 3 ? "Broken \\u0000 summary" : $"Summary {i}";
            lines.Append(CultureInfo.InvariantCulture, $$"""{"externalId":"nul-{{i}}","name":"Practice {{i}}","summary":"{{summary}}","kind":"Research"}""").Append('\n');
        }
        var file = TransferTesting.TempFile("nul.jsonl", lines.ToString());

        var report = await host.ImportAsync(ImportFormat.JsonLines, file, new ImportRequest
        {
            ContentType = "goodPractice",
            Parent = "/practices/",
            Publish = ["en"],
            Parallelism = 1,
        });

        report.Results.Select(r => r.Outcome).ShouldBe([RowOutcome.Created, RowOutcome.Created, RowOutcome.Invalid, RowOutcome.Created, RowOutcome.Created, RowOutcome.Created]);
        report.Results[2].Issues.Single().Message.ShouldStartWith("The database refused the row:");
        (await host.ExternalIdsAsync("goodPractice")).Keys.Order().ShouldBe(["nul-1", "nul-2", "nul-4", "nul-5", "nul-6"]);
        (await host.CountAsync("select count(*) from cms_node where content_type = 'goodPractice'")).ShouldBe(14 + 5);
        (await host.CountAsync("select count(*) from transfer_import_row where outcome = 'Created'")).ShouldBe(5);
        (await host.CountAsync("select count(*) from transfer_import_row where outcome = 'Invalid' and row = 3")).ShouldBe(1);
        (await host.CountAsync("select count(*) from cms_change c join transfer_external_id x on x.node_key = c.node_key")).ShouldBe(5 * 2);
        (await host.CountAsync("select count(*) from cms_audit a join transfer_external_id x on x.node_key = a.node_key")).ShouldBe(5 * 2);
        (await host.CountAsync("select rows_done from transfer_import_run")).ShouldBe(6);
    }

    [Test]
    public async Task A_process_that_only_prepared_the_database_loads_and_fills_no_published_cache()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("bulk-prepare");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = connectionString,
            ["Portal:Content:ModelPath"] = TestPostgres.ModelPath,
            ["Portal:Content:LoadStarterContent"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPortalContent(configuration, TestPostgres.RepositoryRoot);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<PortalContentStartup>().PrepareDatabaseAsync(CancellationToken.None);
        var saved = await provider.GetRequiredService<ContentService>().SaveAndPublishAsync(new ContentDraft
        {
            ContentType = "goodPractice",
            ParentKey = Guid.Parse(TransferTesting.PracticeLibrary),
            Data = new ContentData
            {
                Cultures = { ["en"] = new CultureData { Name = "Published by a command", Values = { ["summary"] = System.Text.Json.JsonSerializer.SerializeToElement("s") } } },
                Invariant = { ["kind"] = System.Text.Json.JsonSerializer.SerializeToElement("Research") }
            },
        }, ["en"], "test");

        saved.Succeeded.ShouldBeTrue(string.Join("; ", saved.Errors));
        var cache = provider.GetRequiredService<PublishedContentCache>();
        cache.IsLoaded.ShouldBeFalse();
        cache.Get(saved.Item!.Key).ShouldBeNull();
        (await provider.GetRequiredService<ContentService>().GetChildrenAsync(Guid.Parse(TransferTesting.PracticeLibrary))).Count.ShouldBe(15);
    }

    private static async Task<List<string>> LinesAsync(ContentHost host, string sql)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            lines.Add(reader.GetString(0));
        return lines;
    }
}
