using System.Net;
using System.Text;
using StrongCitiesPortal.Web.Features.Media.Storage;

namespace StrongCitiesPortal.Tests.Media;

/// <summary>The Blob REST client with Shared Key signing, against Azurite.</summary>
public sealed class AzureBlobMediaStoreTests
{
    private Azurite _azurite = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _azurite = await Azurite.StartAsync();
        _http = new HttpClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _azurite.DisposeAsync();
    }

    private AzureBlobMediaStore Store(string container = "media", string? connectionString = null) =>
        new(_http, AzureBlobConnection.Parse(connectionString ?? _azurite.ConnectionString), container, TimeProvider.System);

    [Test]
    public async Task A_file_is_written_read_back_and_deleted()
    {
        var store = Store("roundtrip");
        var bytes = Encoding.UTF8.GetBytes(new string('x', 100_000));

        await store.WriteAsync("2026/11/abc/report.pdf", new MemoryStream(bytes), "application/pdf");

        (await store.ExistsAsync("2026/11/abc/report.pdf")).ShouldBeTrue();
        await using (var read = (await store.OpenReadAsync("2026/11/abc/report.pdf"))!)
        {
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            copy.ToArray().ShouldBe(bytes);
        }
        await store.DeleteAsync("2026/11/abc/report.pdf");
        (await store.ExistsAsync("2026/11/abc/report.pdf")).ShouldBeFalse();
        (await store.OpenReadAsync("2026/11/abc/report.pdf")).ShouldBeNull();
        await store.DeleteAsync("2026/11/abc/report.pdf");
    }

    [Test]
    public async Task The_blob_keeps_its_content_type()
    {
        var store = Store("types");
        await store.WriteAsync("a/photo.png", new MemoryStream(TestFiles.Png()), "image/png");

        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://127.0.0.1:{_azurite.Port}/{Azurite.Account}/types/a/photo.png");
        // Without a signature the emulator refuses, as Azure does: the store's own requests are signed.
        (await _http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await store.ExistsAsync("a/photo.png")).ShouldBeTrue();
    }

    [Test]
    public async Task A_wrong_account_key_is_refused_by_the_service()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var store = Store("wrongkey", $"DefaultEndpointsProtocol=http;AccountName={Azurite.Account};AccountKey={wrongKey};BlobEndpoint=http://127.0.0.1:{_azurite.Port}/{Azurite.Account};");

        var failure = await Should.ThrowAsync<IOException>(() => store.WriteAsync("x/y.pdf", new MemoryStream(TestFiles.Pdf()), "application/pdf"));

        failure.Message.ShouldContain("403");
    }

    [TestCase("../secret")]
    [TestCase("/absolute")]
    [TestCase("a//b")]
    [TestCase("a/<script>")]
    public void Paths_that_are_not_the_librarys_own_are_refused(string path) =>
        Should.Throw<ArgumentException>(() => Store().ExistsAsync(path));

    [TestCase("UseDevelopmentStorage=true", "devstoreaccount1", "http://127.0.0.1:10000/devstoreaccount1/")]
    [TestCase("DefaultEndpointsProtocol=https;AccountName=scnmedia;AccountKey=AAAA;EndpointSuffix=core.windows.net", "scnmedia", "https://scnmedia.blob.core.windows.net/")]
    [TestCase("AccountName=scnmedia;AccountKey=AAAA;BlobEndpoint=https://cdn.example.org/blobs", "scnmedia", "https://cdn.example.org/blobs/")]
    public void Connection_strings_are_read_like_the_azure_sdk_reads_them(string connectionString, string account, string endpoint)
    {
        var connection = AzureBlobConnection.Parse(connectionString);

        connection.AccountName.ShouldBe(account);
        connection.BlobEndpoint.ToString().ShouldBe(endpoint);
    }

    [Test]
    public void A_connection_string_without_a_key_is_refused_at_start_up() =>
        Should.Throw<InvalidOperationException>(() => AzureBlobConnection.Parse("AccountName=scnmedia")).Message.ShouldContain("AccountKey");
}

/// <summary>The whole media library on Azure Blob Storage (Azurite), configured with Umbraco's keys.</summary>
public sealed class AzureBlobMediaTests : MediaLibraryTests
{
    private Azurite? _azurite;

    protected override string ExpectedStore => "Azure Blob Storage";

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        _azurite = await Azurite.StartAsync();
        return new Dictionary<string, string?>
        {
            ["Umbraco:Storage:AzureBlob:Media:ConnectionString"] = _azurite.ConnectionString,
            ["Umbraco:Storage:AzureBlob:Media:ContainerName"] = "scn-media",
            ["Portal:Media:MaxDocumentBytes"] = (2 * 1024 * 1024).ToString(),
        };
    }

    [OneTimeTearDown]
    public async Task StopAzuriteAsync()
    {
        if (_azurite is not null)
            await _azurite.DisposeAsync();
    }
}
