using StrongCitiesPortal.Transfer.Import;
using StrongCitiesPortal.Transfer.Import.Sources;

namespace StrongCitiesPortal.Tests.Transfer;

[Category("Unit")]
public sealed class ListSyntaxTests
{
    [TestCase("a; b ;c", new[] { "a", "b", "c" })]
    [TestCase("Youth", new[] { "Youth" })]
    [TestCase("a\\;b; c", new[] { "a;b", "c" })]
    [TestCase("back\\\\slash; x", new[] { "back\\slash", "x" })]
    [TestCase(" ; ;", new string[0])]
    public void Lists_split_on_unescaped_semicolons(string text, string[] expected) =>
        RecordMapper.SplitList(text).ShouldBe(expected);

    [TestCase("a;b", "c\\d")]
    [TestCase("plain", "two words")]
    public void Joining_a_list_then_splitting_it_gives_it_back(string first, string second) =>
        RecordMapper.SplitList(RecordMapper.JoinList([first, second])).ShouldBe([first, second]);

    [Test]
    public async Task Csv_fields_may_hold_commas_quotes_and_line_breaks_in_quotes()
    {
        var path = TransferTesting.TempFile("spec.csv", "externalId,name,summary\r\n1,\"Smith, Jones\",\"She said \"\"hi\"\"\"\r\n\r\n2,Two,\"line one\r\nline two\"\n3,Three,\n");

        var records = new List<ImportRecord>();
        await foreach (var record in new CsvRecordSource(path).ReadAsync())
            records.Add(record);

        records.Select(r => (r.Row, r.Line)).ShouldBe([(1L, 2), (2L, 4), (3L, 6)]);
        records[0].Fields.Select(f => f.Value.GetString()).ShouldBe(["1", "Smith, Jones", "She said \"hi\""]);
        records[1].Fields[2].Value.GetString().ShouldBe("line one\nline two");
        records[2].Fields[2].Value.GetString().ShouldBe("");
    }

    [TestCase("United Kingdom", "GB")]
    [TestCase("gb", "GB")]
    [TestCase("FRA", "FR")]
    [TestCase(" france ", "FR")]
    [TestCase("Atlantis", null)]
    public void Countries_resolve_by_name_or_iso_code(string value, string? code) =>
        StrongCitiesPortal.Content.Items.Countries.Code(value).ShouldBe(code);
}
