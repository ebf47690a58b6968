using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Search.Querying;
using StrongCitiesPortal.Transfer;
using StrongCitiesPortal.Transfer.Import;

namespace StrongCitiesPortal.Tests.Transfer;

[Category("Database")]
public sealed class ImportTests
{
    private static ImportRequest Practices(bool dryRun = false, bool force = false, params string[] publish) => new()
    {
        ContentType = "goodPractice",
        Parent = "/practices/",
        DryRun = dryRun,
        Force = force,
        Publish = publish,
    };

    [Test]
    public async Task The_starter_practices_import_from_csv_with_pickers_and_countries_by_name()
    {
        await using var host = await TransferTesting.StartAsync("csvpractices", TransferTesting.ModelWithoutPractices());
        var csv = TransferTesting.TempFile("practices.csv", TransferTesting.StarterPracticesCsv());

        var report = await host.ImportAsync(ImportFormat.Csv, csv, Practices(publish: "en"));

        report.IssueLines().ShouldBeEmpty();
        report.Count(RowOutcome.Created).ShouldBe(14);
        var ids = await host.ExternalIdsAsync("goodPractice");
        foreach (var (file, starter) in TransferTesting.StarterItems().Where(i => i.Item.ContentType == "goodPractice"))
        {
            var item = (await host.Content.GetAsync(ids[Path.GetFileNameWithoutExtension(file)]))!;
            TransferTesting.SameJson(item.Data.Invariant, starter.Invariant).ShouldBeTrue($"{file}: {TransferTesting.Json(item.Data.Invariant)}");
            // The CSV carries the English text only.
            TransferTesting.SameJson(item.Data.Cultures, starter.Cultures.Where(c => c.Key == "en").ToDictionary()).ShouldBeTrue(file);
            host.Cache.Route(item.Key, "en").ShouldBe($"/practices/{starter.Cultures["en"].Segment}/");
        }
    }

    [Test]
    public async Task The_starter_practices_exported_as_json_lines_import_into_a_site_without_them_unchanged()
    {
        await using var source = await TransferTesting.StartAsync("jsonlsource");
        var file = Path.Combine(TransferTesting.TempFolder("jsonl"), "practices.jsonl");
        await source.Exporter().ExportAsync(ImportFormat.JsonLines, file, "goodPractice", includeHistory: false);
        await using var target = await TransferTesting.StartAsync("jsonltarget", TransferTesting.ModelWithoutPractices());

        var report = await target.ImportAsync(ImportFormat.JsonLines, file, new ImportRequest { ContentType = "goodPractice", PublishAsRecorded = true });

        report.IssueLines().ShouldBeEmpty();
        report.Count(RowOutcome.Created).ShouldBe(14);
        foreach (var practice in source.Cache.OfType("goodPractice"))
        {
            var copy = target.Cache.Get(practice.Key).ShouldNotBeNull();
            copy.ParentKey.ShouldBe(practice.ParentKey);
            copy.SortOrder.ShouldBe(practice.SortOrder);
            TransferTesting.SameJson(copy.Variant("en")!.Values, practice.Variant("en")!.Values).ShouldBeTrue();
            target.Cache.Route(practice.Key, "en").ShouldBe(source.Cache.Route(practice.Key, "en"));
        }
        // Importing the same file again finds every item by its external id and changes nothing.
        var again = await target.ImportAsync(ImportFormat.JsonLines, file, new ImportRequest { ContentType = "goodPractice", PublishAsRecorded = true });
        again.Count(RowOutcome.Unchanged).ShouldBe(14);
        (await target.CountAsync("select count(*) from cms_node where content_type = 'goodPractice'")).ShouldBe(14);
    }

    [Test]
    public async Task Reimporting_a_changed_file_updates_the_same_items_and_leaves_the_rest_alone()
    {
        await using var host = await TransferTesting.StartAsync("reimport");
        const string Header = "externalId,name,summary,kind,themes,countries,name:fr,summary:fr\n";
        var first = TransferTesting.TempFile("first.csv", Header
            + "ran-1,Exit programmes,How cities run exit work,Research,Youth; Hate crime,,,\n"
            + "ran-2,Local hubs,Hubs that support local actors,Policy,National-local cooperation,,Pôles locaux,Des pôles\n"
            + "ran-3,Youth work,Street-level youth work,Training,Youth,,,\n");
        var firstRun = await host.ImportAsync(ImportFormat.Csv, first, Practices(publish: ["en", "fr"]));
        firstRun.Count(RowOutcome.Created).ShouldBe(3, string.Join("\n", firstRun.IssueLines()));
        var ids = await host.ExternalIdsAsync("goodPractice");
        host.Cache.Get(ids["ran-2"])!.Variant("fr")!.Name.ShouldBe("Pôles locaux");
        host.Cache.Get(ids["ran-1"])!.Variant("fr").ShouldBeNull();

        var second = TransferTesting.TempFile("second.csv", Header
            + "ran-1,Exit programmes,How cities run exit programmes,Research,Youth; Hate crime,,,\n"
            + "ran-2,Local hubs,Hubs that support local actors,Policy,National-local cooperation,,Pôles locaux,Des pôles\n"
            + "ran-3,Youth work,Street-level youth work,Training,Youth,,,\n"
            + "ran-4,Safeguarding in schools,Guidance for schools,Toolkit; guide or template,Safeguarding,,,\n");
        var secondRun = await host.ImportAsync(ImportFormat.Csv, second, Practices(publish: ["en", "fr"]));

        secondRun.IssueLines().ShouldBe(["4|kind||'Toolkit; guide or template' is not one of: Case study, Toolkit, guide or template, Evaluation, Training, Initiative, Policy, Research."]);
        secondRun.Count(RowOutcome.Updated).ShouldBe(1);
        secondRun.Count(RowOutcome.Unchanged).ShouldBe(2);
        (await host.ExternalIdsAsync("goodPractice")).ShouldBe(ids);
        var updated = (await host.Content.GetAsync(ids["ran-1"]))!;
        updated.Version.ShouldBe(2);
        host.Cache.Get(ids["ran-1"])!.Variant("en")!.Text("summary").ShouldBe("How cities run exit programmes");
        (await host.Content.GetAsync(ids["ran-3"]))!.Version.ShouldBe(1);
    }

    [Test]
    public async Task A_file_with_bad_rows_is_reported_row_by_row_and_only_its_good_rows_are_written()
    {
        await using var host = await TransferTesting.StartAsync("badrows");
        var csv = TransferTesting.TempFile("bad.csv",
            "externalId,name,summary,kind,themes,countries,publicationDate,externalLink\n"
            + "ok-1,A good one,A summary,Case study,Youth,United Kingdom,2024-01-31,https://example.org/a\n"
            + "bad-2,Wrong kind,A summary,Blog,Youth,,,\n"
            + "bad-3,,No name,Research,Unknown theme,Atlantis,31/01/2024,ftp://example.org\n"
            + "bad-4,No summary,,Evaluation,,fr,,\n"
            + ",No id,A summary,Research,,,,\n"
            + "bad-6,Too many,fields,Research,,,,,extra\n");
        string[] expected =
        [
            "2|kind||'Blog' is not one of: Case study, Toolkit, guide or template, Evaluation, Training, Initiative, Policy, Research.",
            "3|themes||'Unknown theme' matches no Theme by key, external id or name.",
            "3|countries||'Atlantis' is not a country name or ISO 3166 code.",
            "3|name|en|A name is required.",
            "3|publicationDate||Expected a date as yyyy-MM-dd.",
            "3|externalLink||Must be an absolute http:// or https:// address.",
            "4|summary|en|Summary is required.",
            "5|externalId||Every record needs an external id (or a key).",
            "6|||The row has 9 fields but the header names 8.",
        ];

        var dryRun = await host.ImportAsync(ImportFormat.Csv, csv, Practices(dryRun: true));

        dryRun.IssueLines().ShouldBe(expected);
        dryRun.Results.Select(r => r.Outcome).ShouldBe([RowOutcome.Created, RowOutcome.Invalid, RowOutcome.Invalid, RowOutcome.Invalid, RowOutcome.Invalid, RowOutcome.Invalid]);
        dryRun.Results[2].Line.ShouldBe(4);
        (await host.CountAsync("select count(*) from cms_node where content_type = 'goodPractice'")).ShouldBe(14);
        (await host.CountAsync("select count(*) from transfer_import_run")).ShouldBe(0);

        var real = await host.ImportAsync(ImportFormat.Csv, csv, Practices(publish: "en"));

        real.IssueLines().ShouldBe(expected);
        real.Count(RowOutcome.Created).ShouldBe(1);
        (await host.CountAsync("select count(*) from cms_node where content_type = 'goodPractice'")).ShouldBe(15);
        var created = host.Cache.Get((await host.ExternalIdsAsync("goodPractice"))["ok-1"])!;
        created.Variant("en")!.Strings("countries").ShouldBe(["GB"]);
        created.Variant("en")!.Keys("themes").Count.ShouldBe(1);
    }

    [Test]
    public async Task Unknown_fields_and_cultures_in_json_lines_are_reported_not_dropped()
    {
        await using var host = await TransferTesting.StartAsync("unknownfields");
        var jsonl = TransferTesting.TempFile("odd.jsonl",
            """
            {"externalId":"j-1","name":"Colours","summary":"s","kind":"Research","colour":"red"}
            {"externalId":"j-2","name":"German","summary":"s","kind":"Research","name:de":"Deutsch","kind:fr":"Policy"}
            not json
            {"externalId":"j-4","name":"Ok","summary":"s","kind":"research","themes":["Youth","hate crime"],"countries":["FRA","Germany"]}
            """);

        var report = await host.ImportAsync(ImportFormat.JsonLines, jsonl, Practices(dryRun: true));

        report.IssueLines().ShouldBe(
        [
            "1|colour||'Good practice' has no property 'colour'.",
            "2|name|de|'de' is not one of the portal's cultures (en, fr, ar).",
            "2|kind|fr|This property is shared by all cultures; set it once, not per culture.",
            "3|||The line is not valid JSON (at character 2).",
        ]);
        report.Results[3].Outcome.ShouldBe(RowOutcome.Created);
    }

    [Test]
    public async Task An_item_an_editor_changed_since_the_import_is_reported_and_kept_unless_forced()
    {
        await using var host = await TransferTesting.StartAsync("editorchanged");
        const string Header = "externalId,name,summary,kind\n";
        var csv = TransferTesting.TempFile("one.csv", Header + "e-1,Mentoring,Imported summary,Initiative\n");
        await host.ImportAsync(ImportFormat.Csv, csv, Practices(publish: "en"));
        var key = (await host.ExternalIdsAsync("goodPractice"))["e-1"];
        var item = (await host.Content.GetAsync(key))!;
        var edited = item.Data.Clone();
        edited.Cultures["en"].Values["summary"] = JsonSerializer.SerializeToElement("An editor's better summary");
        (await host.Content.SaveAndPublishAsync(new ContentDraft { Key = key, ContentType = "goodPractice", Data = edited }, ["en"], "editor@scn")).Succeeded.ShouldBeTrue();

        var changed = TransferTesting.TempFile("two.csv", Header + "e-1,Mentoring,The partner's new summary,Initiative\n");
        var report = await host.ImportAsync(ImportFormat.Csv, changed, Practices(publish: "en"));

        report.Results.Single().Outcome.ShouldBe(RowOutcome.Conflict);
        report.Results.Single().Issues.Single().Message.ShouldStartWith("editor@scn changed the item on ");
        report.Results.Single().Issues.Single().Message.ShouldEndWith("(version 2) after the last import (version 1); it was not overwritten. Use --force to overwrite it.");
        host.Cache.Get(key)!.Variant("en")!.Text("summary").ShouldBe("An editor's better summary");

        var forced = await host.ImportAsync(ImportFormat.Csv, changed, Practices(force: true, publish: "en"));

        forced.Results.Single().Outcome.ShouldBe(RowOutcome.Updated);
        host.Cache.Get(key)!.Variant("en")!.Text("summary").ShouldBe("The partner's new summary");
        var again = await host.ImportAsync(ImportFormat.Csv, changed, Practices(publish: "en"));
        again.Results.Single().Outcome.ShouldBe(RowOutcome.Unchanged);
    }

    private static string GeneratedCsv(int rows)
    {
        var csv = new StringBuilder("externalId,name,summary,kind,themes\n");
        for (var i = 1; i <= rows; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"gen-{i},Practice number {i},Summary of practice {i},Research,Youth\n");
        return csv.ToString();
    }

    [Test]
    public async Task A_stopped_import_resumes_where_it_stopped_without_duplicates()
    {
        await using var host = await TransferTesting.StartAsync("resume");
        var csv = TransferTesting.TempFile("many.csv", GeneratedCsv(600));
        using var stop = new CancellationTokenSource();
        var request = new ImportRequest { ContentType = "goodPractice", Parent = "/practices/", Publish = ["en"], BatchSize = 100 };

        var first = await host.ImportAsync(ImportFormat.Csv, csv, request, row =>
        {
            if (row.Row == 250)
                stop.Cancel();
        }, stop.Token);

        first.Stopped.ShouldBeTrue();
        first.Rows.ShouldBeInRange(250, 599);
        (await host.CountAsync("select count(*) from cms_node where content_type = 'goodPractice'")).ShouldBe(14 + first.Count(RowOutcome.Created));
        (await host.CountAsync("select rows_done from transfer_import_run")).ShouldBe(first.Rows);

        var second = await host.ImportAsync(ImportFormat.Csv, csv, new ImportRequest
        {
            ContentType = "goodPractice",
            Parent = "/practices/",
            Publish = ["en"],
            BatchSize = 100,
            Resume = true,
        });

        second.Stopped.ShouldBeFalse();
        second.RunId.ShouldBe(first.RunId);
        second.ResumedAfterRow.ShouldBe(first.Rows);
        second.Count(RowOutcome.Created).ShouldBe(600 - first.Rows);
        (await host.CountAsync("select count(*) from cms_node where content_type = 'goodPractice'")).ShouldBe(14 + 600);
        (await host.CountAsync("select count(distinct node_key) from transfer_external_id")).ShouldBe(600);
        (await host.CountAsync("select count(*) from transfer_import_row where outcome = 'Created'")).ShouldBe(600);
        (await host.CountAsync("select count(distinct sort_order) from cms_node where content_type = 'goodPractice'")).ShouldBe(14 + 600);
        host.Cache.OfType("goodPractice").Count().ShouldBe(14 + 600);
    }

    [Test]
    public async Task Resuming_after_a_crash_that_lost_the_checkpoint_still_creates_no_duplicates()
    {
        await using var host = await TransferTesting.StartAsync("crash");
        var csv = TransferTesting.TempFile("many.csv", GeneratedCsv(300));
        using var stop = new CancellationTokenSource();
        var request = new ImportRequest { ContentType = "goodPractice", Parent = "/practices/", BatchSize = 50 };
        await host.ImportAsync(ImportFormat.Csv, csv, request, row =>
        {
            if (row.Row == 120)
                stop.Cancel();
        }, stop.Token);
        // The stop comes at the end of the batch of rows 101-150. Make it look as if the process died after
        // writing them but before the checkpoint moved past row 100.
        await host.CountAsync("with x as (update transfer_import_run set rows_done = 100, status = 'running' returning 1) select count(*) from x");

        var resumed = await host.ImportAsync(ImportFormat.Csv, csv, new ImportRequest { ContentType = "goodPractice", Parent = "/practices/", BatchSize = 50, Resume = true });

        resumed.ResumedAfterRow.ShouldBe(100);
        resumed.Count(RowOutcome.Unchanged).ShouldBe(50);
        resumed.Count(RowOutcome.Created).ShouldBe(150);
        (await host.CountAsync("select count(*) from cms_node where content_type = 'goodPractice'")).ShouldBe(14 + 300);
    }

    [Test]
    public async Task An_import_whose_process_died_reads_interrupted_and_resumes_where_it_was()
    {
        await using var host = await TransferTesting.StartAsync("killed");
        var journal = host.Services.GetRequiredService<ImportJournal>();
        var csv = TransferTesting.TempFile("many.csv", GeneratedCsv(300));
        string? whileRunning = null;
        Exception? died = null;
        try
        {
            await host.ImportAsync(ImportFormat.Csv, csv, new ImportRequest { ContentType = "goodPractice", Parent = "/practices/", BatchSize = 50, Parallelism = 1 }, row =>
            {
                if (row.Row != 120)
                    return;
                using var connection = new NpgsqlConnection(host.ConnectionString);
                connection.Open();
                whileRunning = journal.RecentRunsAsync(connection, 1, CancellationToken.None).GetAwaiter().GetResult().Single().Status;
                // As if the process were killed: the server ends the import's own session (and so its hold on the run), waiting
                // (up to 10 s) until that session has gone, as it has when a process is dead.
                using var kill = new NpgsqlCommand("select pg_terminate_backend(pid, 10000) from pg_locks where locktype = 'advisory' and classid = 7340031::oid and objsubid = 2", connection);
                kill.ExecuteNonQuery();
            });
        }
        catch (Exception ex)
        {
            died = ex;
        }

        died.ShouldNotBeNull();
        whileRunning.ShouldBe("running");
        await using (var connection = new NpgsqlConnection(host.ConnectionString))
        {
            await connection.OpenAsync();
            var run = (await journal.RecentRunsAsync(connection, 1, CancellationToken.None)).Single();
            run.Status.ShouldBe("interrupted");
            // Stored as it was left; only no one holds it any more.
            (await host.CountAsync("select count(*) from transfer_import_run where status = 'running'")).ShouldBe(1);
        }

        var resumed = await host.ImportAsync(ImportFormat.Csv, csv, new ImportRequest { ContentType = "goodPractice", Parent = "/practices/", BatchSize = 50, Resume = true });

        resumed.ResumedAfterRow.ShouldBeGreaterThanOrEqualTo(100);
        (await host.CountAsync("select count(*) from cms_node where content_type = 'goodPractice'")).ShouldBe(14 + 300);
        (await host.CountAsync("select count(*) from transfer_import_run where status = 'finished'")).ShouldBe(1);
    }

    [Test]
    public async Task Rows_with_the_same_name_get_distinct_routes_though_written_side_by_side()
    {
        await using var host = await TransferTesting.StartAsync("samename");
        var csv = new StringBuilder("externalId,name,summary,kind\n");
        for (var i = 1; i <= 40; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"same-{i},{(i % 2 == 0 ? "Same name" : $"Other {i}")},s,Research\n");

        var report = await host.ImportAsync(ImportFormat.Csv, TransferTesting.TempFile("same.csv", csv.ToString()),
            new ImportRequest { ContentType = "goodPractice", Parent = "/practices/", Publish = ["en"], Parallelism = 8 });

        report.Count(RowOutcome.Created).ShouldBe(40);
        var routes = host.Cache.OfType("goodPractice").Select(p => host.Cache.Route(p.Key, "en")).ToList();
        routes.ShouldAllBe(r => r != null);
        routes.Distinct().Count().ShouldBe(14 + 40);
        routes.ShouldContain("/practices/same-name-20/");
    }

    [Test]
    public async Task A_record_can_pick_items_an_earlier_batch_of_the_same_import_created()
    {
        await using var host = await ContentHost.StartAsync("selfpick", TestModel.Write(TestModel.Site), configure: s => s.AddPortalTransfer());
        var site = await host.Content.SaveAndPublishAsync(new ContentDraft { ContentType = "site", Data = Data.Parse("""{ "cultures": { "en": { "name": "Home" } } }""") }, ["en"], "t");
        var csv = TransferTesting.TempFile("articles.csv", "externalId,name,summary,related\n"
            + "a-1,First article,One,\n"
            + "a-2,Second article,Two,a-1\n"
            + "a-3,Third article,Three,First article; a-2\n"
            + "a-4,Fourth article,Four,a-5\n"
            + "a-5,Fifth article,Five,\n");

        var report = await host.ImportAsync(ImportFormat.Csv, csv, new ImportRequest { ContentType = "article", Parent = site.Item!.Key.ToString(), Publish = ["en"], BatchSize = 1 });

        report.IssueLines().ShouldBe(["4|related||'a-5' matches no Article by key, external id or name."]);
        var ids = await host.ExternalIdsAsync("article");
        host.Cache.Get(ids["a-3"])!.Variant("en")!.Keys("related").ShouldBe([ids["a-1"], ids["a-2"]]);
        // Importing again fills in the pick that named a later row.
        (await host.ImportAsync(ImportFormat.Csv, csv, new ImportRequest { ContentType = "article", Parent = site.Item.Key.ToString(), Publish = ["en"] }))
            .Count(RowOutcome.Created).ShouldBe(1);
    }

    [Test]
    public async Task Search_finds_what_an_import_published()
    {
        await using var host = await Search.SearchHost.StartAsync("importsearch", more: s => s.AddPortalTransfer());
        var csv = TransferTesting.TempFile("searchable.csv", "externalId,name,summary,kind,themes\ns-1,Quokka mentoring scheme,Volunteers mentor teenagers at risk,Initiative,Youth\n");

        await host.ImportAsync(ImportFormat.Csv, csv, Practices(publish: "en"));

        var found = await host.Services.GetRequiredService<SearchService>().SearchAsync(new SearchRequest { Query = "quokka" });
        found.Items.Select(i => i.Name).ShouldBe(["Quokka mentoring scheme"]);
    }

    [Test]
    public async Task A_batched_import_indexes_exactly_what_row_by_row_transactions_index()
    {
        async Task<(string Words, string Items, IReadOnlyList<string> Found)> ImportAsync(bool perWriter)
        {
            await using var host = await Search.SearchHost.StartAsync("importbatchsearch", more: s => s.AddPortalTransfer());
            var csv = TransferTesting.TempFile("batched.csv", GeneratedCsv(60) + "bad-1,,No name,Research,Youth\n");
            var first = await host.ImportAsync(ImportFormat.Csv, csv, new ImportRequest { ContentType = "goodPractice", Parent = "/practices/", Publish = ["en"], TransactionPerWriter = perWriter, BatchSize = 25 });
            first.Count(RowOutcome.Created).ShouldBe(60);
            first.Count(RowOutcome.Invalid).ShouldBe(1);
            // Re-imported with changes: rows are rewritten in the index, not added.
            var changed = TransferTesting.TempFile("batched.csv", GeneratedCsv(60).Replace("Summary of practice 7,", "A wombat summary,", StringComparison.Ordinal));
            (await host.ImportAsync(ImportFormat.Csv, changed, new ImportRequest { ContentType = "goodPractice", Parent = "/practices/", Publish = ["en"], TransactionPerWriter = perWriter, BatchSize = 25 })).Count(RowOutcome.Updated).ShouldBe(1);
            var search = host.Services.GetRequiredService<SearchService>();
            var found = await search.SearchAsync(new SearchRequest { Query = "wombat" });
            var practices = await search.SearchAsync(new SearchRequest { Query = "practice ", Take = 100 });
            return (string.Join(",", practices.Items.Select(i => i.Name).Order(StringComparer.Ordinal)),
                $"{host.Services.GetRequiredService<StrongCitiesPortal.Search.Index.ISearchIndex>().Documents} documents",
                found.Items.Select(i => i.Name).ToList());
        }

        var batched = await ImportAsync(perWriter: true);
        var rowByRow = await ImportAsync(perWriter: false);

        batched.Found.ShouldBe(["Practice number 7"]);
        batched.Items.ShouldBe(rowByRow.Items);
        batched.Words.ShouldBe(rowByRow.Words);
        batched.Found.ShouldBe(rowByRow.Found);
    }

    [Test]
    public async Task Resume_without_a_stopped_import_says_so()
    {
        await using var host = await TransferTesting.StartAsync("noresume");
        var csv = TransferTesting.TempFile("few.csv", GeneratedCsv(3));

        var error = await Should.ThrowAsync<ImportSetupException>(() => host.ImportAsync(ImportFormat.Csv, csv, new ImportRequest { ContentType = "goodPractice", Parent = "/practices/", Resume = true }));

        error.Message.ShouldStartWith("There is no stopped import of ");
    }

    [Test]
    public async Task A_folder_of_markdown_files_imports_with_front_matter_and_body()
    {
        await using var host = await TransferTesting.StartAsync("markdown");
        var folder = TransferTesting.TempFolder("md");
        File.WriteAllText(Path.Combine(folder, "exit-work.md"), """
            ---
            name: Exit work in Aarhus
            name:fr: Sortie à Aarhus
            summary: How Aarhus helps people leave extremist groups.
            summary:fr: Comment Aarhus aide à quitter les groupes extrémistes.
            kind: Case study
            themes: [Youth, Social cohesion and resilience]
            countries:
              - Denmark
            organisations: Aarhus municipality; East Jutland Police
            ---

            ## How it works

            Mentors meet each participant **every week**.
            """);
        File.WriteAllText(Path.Combine(folder, "no-front-matter.md"), "Just text.\n");

        var report = await host.ImportAsync(ImportFormat.Markdown, folder, Practices(publish: ["en", "fr"]));

        report.IssueLines().ShouldBe(["2|||The file does not start with front matter (a line '---', the fields in YAML, then '---')."]);
        report.Results[1].File.ShouldBe("no-front-matter.md");
        var item = host.Cache.Get((await host.ExternalIdsAsync("goodPractice"))["exit-work"])!;
        item.Variant("en")!.Text("body").ShouldBe("## How it works\n\nMentors meet each participant **every week**.");
        item.Variant("fr")!.Name.ShouldBe("Sortie à Aarhus");
        item.Variant("en")!.Strings("countries").ShouldBe(["DK"]);
        item.Variant("en")!.Strings("organisations").ShouldBe(["Aarhus municipality", "East Jutland Police"]);
        item.Variant("en")!.Keys("themes").Count.ShouldBe(2);
    }

    [Test]
    public async Task A_parent_that_does_not_exist_stops_the_import_before_it_starts()
    {
        await using var host = await TransferTesting.StartAsync("noparent");
        var csv = TransferTesting.TempFile("few.csv", GeneratedCsv(2));

        var error = await Should.ThrowAsync<ImportSetupException>(() => host.ImportAsync(ImportFormat.Csv, csv, new ImportRequest { ContentType = "goodPractice", Parent = "/nowhere/" }));

        error.Message.ShouldBe("--parent: No published item has the route '/nowhere/'.");
    }
}
