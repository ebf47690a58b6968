using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Content.Contracts;
using StrongCitiesPortal.Transfer.CommandLine;
using StrongCitiesPortal.Web;
using StrongCitiesPortal.Web.Features.Backoffice.Reviews;
using StrongCitiesPortal.Web.Features.Webhooks;

namespace StrongCitiesPortal.Tests.Transfer;

[Category("Database")]
public sealed class CommandLineTests
{
    [TestCase(new[] { "import", "csv", "x.csv" }, "--type ALIAS is required: the document type the records become.")]
    [TestCase(new[] { "import", "xml", "x.xml", "--type", "goodPractice" }, "'xml' is not one of: csv, jsonl, markdown, site, runs.")]
    [TestCase(new[] { "export", "csv" }, "export csv needs a path.")]
    [TestCase(new[] { "import", "csv", "x.csv", "--type", "goodPractice", "--batch", "0" }, "--batch takes a number from 1 to 10000.")]
    [TestCase(new[] { "import", "csv", "x.csv", "--type", "goodPractice", "--colour" }, "Unknown argument '--colour'.")]
    public async Task A_wrong_command_says_what_is_wrong_and_exits_with_2(string[] args, string message)
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        var code = await TransferCommandLine.RunAsync(args, Modules, output, errors);

        code.ShouldBe(2);
        errors.ToString().ShouldStartWith(message);
        errors.ToString().ShouldContain("Usage:");
    }

    [Test]
    public async Task A_dry_run_from_the_command_line_lists_each_row_and_writes_nothing()
    {
        await using var host = await TransferTesting.StartAsync("cli");
        var csv = TransferTesting.TempFile("cli.csv", "externalId,name,summary,kind\nc-1,Fine,A summary,Research\nc-2,Odd kind,A summary,Blog\n");
        var reportFile = Path.Combine(TransferTesting.TempFolder("cli"), "report.csv");
        var output = new StringWriter();
        var previous = Environment.GetEnvironmentVariable("ConnectionStrings__Portal");
        Environment.SetEnvironmentVariable("ConnectionStrings__Portal", host.ConnectionString);
        int code;
        try
        {
            code = await TransferCommandLine.RunAsync(["import", "csv", csv, "--type", "goodPractice", "--parent", "/practices/", "--dry-run", "--report", reportFile], Modules, output, new StringWriter());
        }
        finally
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Portal", previous);
        }

        code.ShouldBe(1);
        var text = output.ToString();
        text.ShouldContain("row 1 (line 2) [c-1] would be created");
        text.ShouldContain("row 2 (line 3) [c-2] would be invalid: kind: 'Blog' is not one of: Case study,");
        text.ShouldContain("would be created: 1,");
        File.ReadAllLines(reportFile).ShouldBe(
        [
            "row,line,file,externalId,key,outcome,property,culture,message",
            "1,2,,c-1,,Created,,,",
            "2,3,,c-2,,Invalid,kind,,\"'Blog' is not one of: Case study, Toolkit, guide or template, Evaluation, Training, Initiative, Policy, Research.\"",
        ]);
        (await host.CountAsync("select count(*) from cms_node where content_type = 'goodPractice'")).ShouldBe(14);
    }

    [Test]
    public async Task An_import_published_from_the_command_line_queues_webhooks_and_settles_reviews_as_the_backoffice_import_does()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("clipublish");
        using var portal = CommandHost(connectionString);
        await portal.Services.GetRequiredService<PortalContentStartup>().PrepareDatabaseAsync(CancellationToken.None);
        var (webhook, _) = (await portal.Services.GetRequiredService<WebhookStore>().CreateAsync(Guid.NewGuid(),
            new WebhookDraft("Partner site", null, "https://partner.example/hooks", true, [WebhookEvents.ContentPublish], [], new Dictionary<string, string>()),
            CancellationToken.None))!.Value;
        var csv = TransferTesting.TempFile("publish.csv", "externalId,name,summary,kind\np-1,Street mediators,Mediators on every corner,Research\n");

        // A city's practice, imported as a draft and sent for review; the next import of the same record publishes it.
        (await RunAsync(connectionString, ["import", "csv", csv, "--type", "goodPractice", "--parent", "/practices/", "--user", "importer"])).Code.ShouldBe(0);
        var key = await ScalarAsync<Guid>(connectionString, "select node_key from transfer_external_id where external_id = 'p-1'");
        var reviews = portal.Services.GetRequiredService<ReviewService>();
        var review = (await reviews.SubmitLatestAsync(key, ["en"], "city editor", "Ready to go live"))!.Value;

        var (code, text, started) = await RunAsync(connectionString, ["import", "csv", csv, "--type", "goodPractice", "--publish", "en", "--user", "importer"]);

        code.ShouldBe(0, text);
        text.ShouldContain("published: 1");
        var settled = (await reviews.GetAsync(review))!;
        settled.Status.ShouldBe(ReviewStatus.Published);
        settled.DecidedBy.ShouldBe("importer");
        (await ScalarAsync<long>(connectionString,
            $"select count(*) from webhook_delivery where webhook_id = '{webhook.Id}' and event = '{WebhookEvents.ContentPublish}' and entity_key = '{key}'")).ShouldBe(1);
        // Every module is registered, but only the database is made ready: no index opened, no background loop.
        started.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Test]
    public void A_command_host_registers_every_module_but_starts_no_hosted_service()
    {
        using var host = CommandHost("Host=127.0.0.1;Port=1;Database=none");

        // The command prepares the database itself (PortalContentStartup.PrepareDatabaseAsync): no search index, no loops.
        host.Services.GetServices<IHostedService>().ShouldBeEmpty();
        host.Services.GetRequiredService<PortalContentStartup>().ShouldNotBeNull();
        host.Services.GetRequiredService<ReviewService>().ShouldNotBeNull();
        var handlers = host.Services.GetServices<IContentNotificationHandler<ContentPublishedNotification>>().Select(h => h.GetType()).ToList();
        handlers.ShouldContain(typeof(ReviewService));
        handlers.ShouldContain(typeof(ContentWebhookEvents));
    }

    private static void Modules(IHostApplicationBuilder builder) => builder.AddPortalModules(PortalHost.Command);

    /// <summary>The portal's modules as a command registers them, on the given database.</summary>
    private static IHost CommandHost(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ContentRootPath = TestPostgres.RepositoryRoot });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = connectionString,
            ["Portal:Content:ModelPath"] = TestPostgres.ModelPath,
            ["Portal:Content:DataPath"] = TransferTesting.TempFolder("clidata"),
        });
        Modules(builder);
        return builder.Build();
    }

    /// <returns>The exit code, what it wrote, and how long after the call it wrote its first line (the database ready).</returns>
    private static async Task<(int Code, string Text, TimeSpan Started)> RunAsync(string connectionString, string[] args)
    {
        var output = new FirstWriteClock();
        var previous = Environment.GetEnvironmentVariable("ConnectionStrings__Portal");
        Environment.SetEnvironmentVariable("ConnectionStrings__Portal", connectionString);
        try
        {
            var code = await TransferCommandLine.RunAsync(args, Modules, output, new StringWriter());
            return (code, output.ToString(), output.FirstWrite);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Portal", previous);
        }
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private sealed class FirstWriteClock : StringWriter
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public TimeSpan FirstWrite { get; private set; }

        public override void Write(char value)
        {
            Stamp();
            base.Write(value);
        }

        public override void Write(string? value)
        {
            Stamp();
            base.Write(value);
        }

        public override Task WriteLineAsync(string? value)
        {
            Stamp();
            return base.WriteLineAsync(value);
        }

        private void Stamp()
        {
            if (FirstWrite == TimeSpan.Zero)
                FirstWrite = _clock.Elapsed;
        }
    }
}
