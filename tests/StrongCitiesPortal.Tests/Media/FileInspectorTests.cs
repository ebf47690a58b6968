using StrongCitiesPortal.Web.Features.Media;

namespace StrongCitiesPortal.Tests.Media;

/// <summary>What a file is, judged by its bytes: the accepted kinds, and impostors with a good-looking name.</summary>
[Category("Unit")]
public sealed class FileInspectorTests
{
    private static IEnumerable<TestCaseData> Accepted()
    {
        yield return new TestCaseData(TestFiles.Png(640, 480), "photo.png", "image/png", 640, 480);
        yield return new TestCaseData(TestFiles.Jpeg(1200, 800), "photo.JPG", "image/jpeg", 1200, 800);
        yield return new TestCaseData(TestFiles.Gif(32, 16), "icon.gif", "image/gif", 32, 16);
        yield return new TestCaseData(TestFiles.Pdf(), "report.pdf", "application/pdf", null, null);
        yield return new TestCaseData(TestFiles.Docx(), "notes.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", null, null);
        yield return new TestCaseData(TestFiles.Xlsx(), "figures.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", null, null);
        yield return new TestCaseData(TestFiles.Pptx(), "slides.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", null, null);
    }

    [TestCaseSource(nameof(Accepted))]
    public void Accepted_files_are_recognised_by_content(byte[] bytes, string name, string contentType, int? width, int? height)
    {
        using var stream = new MemoryStream(bytes);

        var (facts, problem) = FileInspector.Inspect(stream);

        problem.ShouldBeNull();
        facts!.ContentType.ShouldBe(contentType);
        facts.Width.ShouldBe(width);
        facts.Height.ShouldBe(height);
        FileInspector.CheckName(facts, name).ShouldBeNull();
    }

    private static IEnumerable<TestCaseData> Refused()
    {
        yield return new TestCaseData(TestFiles.Html(), "not one of the accepted types");
        yield return new TestCaseData(TestFiles.Svg(), "not one of the accepted types");
        yield return new TestCaseData(TestFiles.Docx(withMacros: true), "macros");
        yield return new TestCaseData(TestFiles.Office("content.xml", "application/xml"), "not a Word, Excel or PowerPoint");
        yield return new TestCaseData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0 }, "older Office file");
        yield return new TestCaseData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 }, "damaged");
        yield return new TestCaseData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3 }, "cannot be read");
        yield return new TestCaseData(Array.Empty<byte>(), "empty");
    }

    [TestCaseSource(nameof(Refused))]
    public void Other_content_is_refused_with_a_reason(byte[] bytes, string reason)
    {
        using var stream = new MemoryStream(bytes);

        var (facts, problem) = FileInspector.Inspect(stream);

        facts.ShouldBeNull();
        problem!.ShouldContain(reason);
    }

    [TestCase("photo.pdf")]
    [TestCase("photo.html")]
    [TestCase("photo")]
    public void A_name_that_disagrees_with_the_content_is_refused(string name)
    {
        using var stream = new MemoryStream(TestFiles.Png());
        var (facts, _) = FileInspector.Inspect(stream);

        FileInspector.CheckName(facts!, name)!.ShouldContain("a PNG image");
    }

    [TestCase("Annual Report 2024 (final).PDF", "annual-report-2024-final.pdf")]
    [TestCase("Évaluation été.pdf", "evaluation-ete.pdf")]
    [TestCase("../../etc/passwd.pdf", "passwd.pdf")]
    [TestCase("تقرير.pdf", "file.pdf")]
    public void Stored_file_names_are_plain_and_safe(string name, string expected)
    {
        using var stream = new MemoryStream(TestFiles.Pdf());
        var (facts, _) = FileInspector.Inspect(stream);

        MediaLibrary.SafeFileName(name, facts!).ShouldBe(expected);
    }
}
