using System.Net;
using System.Text;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Moq;
using StrongCitiesPortal.Web.Features.Media;
using StrongCitiesPortal.Web.Features.Media.Storage;

namespace StrongCitiesPortal.Tests.Media;

/// <summary>The media store on the Azure SDK, against Azurite.</summary>
[Category("Azurite")]
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
        AzureBlobMediaStore.FromOptions(new AzureBlobMediaOptions { ConnectionString = connectionString ?? _azurite.ConnectionString, ContainerName = container });

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
    public async Task The_blob_keeps_its_content_type_and_is_not_public()
    {
        var store = Store("types");
        await store.WriteAsync("a/photo.png", new MemoryStream(TestFiles.Png()), "image/png");

        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://127.0.0.1:{_azurite.Port}/{Azurite.Account}/types/a/photo.png");
        (await _http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var properties = await new BlobContainerClient(_azurite.ConnectionString, "types").GetBlobClient("a/photo.png").GetPropertiesAsync();
        properties.Value.ContentType.ShouldBe("image/png");
    }

    [Test]
    public async Task A_wrong_account_key_is_refused_by_the_service()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var store = Store("wrongkey", $"DefaultEndpointsProtocol=http;AccountName={Azurite.Account};AccountKey={wrongKey};BlobEndpoint=http://127.0.0.1:{_azurite.Port}/{Azurite.Account};");

        var failure = await Should.ThrowAsync<IOException>(() => store.WriteAsync("x/y.pdf", new MemoryStream(TestFiles.Pdf()), "application/pdf"));

        failure.Message.ShouldContain("403");
    }

    [Test]
    public async Task A_shared_access_signature_connection_string_reaches_its_container()
    {
        var account = new StorageSharedKeyCredential(Azurite.Account, Azurite.Key);
        await new BlobContainerClient(_azurite.ConnectionString, "signed").CreateIfNotExistsAsync();
        var sas = new BlobSasBuilder(BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1)) { BlobContainerName = "signed" }
            .ToSasQueryParameters(account).ToString();
        var store = Store("signed", $"BlobEndpoint=http://127.0.0.1:{_azurite.Port}/{Azurite.Account};SharedAccessSignature={sas}");

        await store.WriteAsync("s/a.pdf", new MemoryStream(TestFiles.Pdf()), "application/pdf");

        (await store.ExistsAsync("s/a.pdf")).ShouldBeTrue();
        Store("signed", $"BlobEndpoint=http://127.0.0.1:{_azurite.Port}/{Azurite.Account};SharedAccessSignature={sas}").ContainerUri.Query.ShouldBeEmpty();
    }

    [Test]
    public void An_account_url_is_signed_in_with_a_token_credential()
    {
        var credential = new Mock<TokenCredential>(MockBehavior.Strict);

        var store = AzureBlobMediaStore.FromOptions(new AzureBlobMediaOptions { AccountUrl = "https://scnmedia.blob.core.windows.net/", ContainerName = "scn-media" }, credential.Object);

        store.ContainerUri.ShouldBe(new Uri("https://scnmedia.blob.core.windows.net/scn-media"));
        store.Name.ShouldBe("Azure Blob Storage");
    }

    [TestCase("http://scnmedia.blob.core.windows.net/")]
    [TestCase("scnmedia")]
    public void An_account_url_that_is_not_https_is_refused_at_start_up(string url) =>
        Should.Throw<InvalidOperationException>(() => AzureBlobMediaStore.FromOptions(new AzureBlobMediaOptions { AccountUrl = url }))
            .Message.ShouldContain("AccountUrl");

    [TestCase("../secret")]
    [TestCase("/absolute")]
    [TestCase("a//b")]
    [TestCase("a/<script>")]
    public void Paths_that_are_not_the_librarys_own_are_refused(string path) =>
        Should.Throw<ArgumentException>(() => Store().ExistsAsync(path));

    [TestCase("UseDevelopmentStorage=true", "http://127.0.0.1:10000/devstoreaccount1/media")]
    [TestCase("DefaultEndpointsProtocol=https;AccountName=scnmedia;AccountKey=AAAA;EndpointSuffix=core.windows.net", "https://scnmedia.blob.core.windows.net/media")]
    [TestCase("AccountName=scnmedia;AccountKey=AAAA;BlobEndpoint=https://media.example.org", "https://media.example.org/media")]
    public void Connection_strings_are_read_by_the_azure_sdk(string connectionString, string container) =>
        Store("media", connectionString).ContainerUri.ShouldBe(new Uri(container));

    [TestCase("AccountName=scnmedia")]
    [TestCase("not a connection string")]
    public void A_connection_string_that_cannot_be_used_is_refused_at_start_up(string connectionString) =>
        Should.Throw<InvalidOperationException>(() => Store("media", connectionString)).Message.ShouldContain("ConnectionString");

    [Test]
    public void A_container_name_azure_refuses_is_refused_at_start_up() =>
        Should.Throw<InvalidOperationException>(() => Store("Bad_Name")).Message.ShouldContain("container name");
}

/// <summary>The whole media library on Azure Blob Storage (Azurite), configured with Umbraco's keys.</summary>
[Category("Azurite")]
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
            ["Portal:Media:MaxDocumentBytes"] = (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [OneTimeTearDown]
    public async Task StopAzuriteAsync()
    {
        if (_azurite is not null)
            await _azurite.DisposeAsync();
    }
}
