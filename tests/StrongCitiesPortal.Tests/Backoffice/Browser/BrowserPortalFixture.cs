namespace StrongCitiesPortal.Tests.Backoffice.Browser;

/// <summary>One portal on Kestrel with Chromium for a whole test class (browser tests run one class at a time).</summary>
[NonParallelizable]
[Category("Browser")]
public abstract class BrowserPortalFixture(string hint)
{
    private BrowserPortal? _browser;

    protected BrowserPortal Browser => _browser ?? throw new InvalidOperationException("The browser portal has not started.");

    [OneTimeSetUp]
    public async Task StartBrowserPortalAsync() => _browser = await BrowserPortal.StartAsync(hint);

    [OneTimeTearDown]
    public async Task StopBrowserPortalAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
    }
}
