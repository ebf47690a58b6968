using StrongCitiesPortal.Transfer.CommandLine;

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

        var code = await TransferCommandLine.RunAsync(args, null, output, errors);

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
            code = await TransferCommandLine.RunAsync(["import", "csv", csv, "--type", "goodPractice", "--parent", "/practices/", "--dry-run", "--report", reportFile], null, output, new StringWriter());
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
}
