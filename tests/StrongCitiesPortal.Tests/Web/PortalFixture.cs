using Microsoft.AspNetCore.Mvc.Testing;

namespace StrongCitiesPortal.Tests.Web;

/// <summary>
/// A fixture with the whole portal to itself: its own database (named after <paramref name="hint"/>) with the
/// starter content, and a client. Redirects are followed unless the fixture checks them itself.
/// </summary>
public abstract class PortalFixture(string hint, bool followRedirects = true)
{
    protected PortalFactory Portal { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartPortalAsync()
    {
        Portal = await PortalFactory.StartAsync(hint);
        Client = Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
    }

    [OneTimeTearDown]
    public async Task StopPortalAsync()
    {
        Client.Dispose();
        await Portal.DisposeAsync();
    }
}
