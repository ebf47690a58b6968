using Microsoft.Playwright;
using StrongCitiesPortal.Tests.Web;

namespace StrongCitiesPortal.Tests.Browser;

/// <summary>
/// One portal on Kestrel and one headless Debian Chromium for every browser test. Set PORTAL_BROWSER_TESTS=0
/// to leave them out on a machine without Chromium; otherwise a missing browser fails the run.
/// </summary>
[SetUpFixture]
public sealed class BrowserSession
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static PortalFactory? _portal;
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static Uri Address { get; private set; } = null!;
    public static IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not running.");
    public static string ScreenshotFolder { get; } = Path.Combine(TestPostgres.RepositoryRoot, "artifacts", "screenshots");
    public static string AxeScript { get; } = Path.Combine(TestPostgres.RepositoryRoot, "assets", "node_modules", "axe-core", "axe.min.js");

    public static bool Enabled => Environment.GetEnvironmentVariable("PORTAL_BROWSER_TESTS") != "0";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!Enabled)
            return;
        if (!File.Exists(ChromiumPath))
            Assert.Fail($"Browser tests need Debian's Chromium at {ChromiumPath} (scripts/prerequisites.sh installs it), or PORTAL_BROWSER_TESTS=0.");
        if (!File.Exists(AxeScript))
            Assert.Fail($"axe-core is missing at {AxeScript}: run 'npm ci' in assets/ (scripts/prerequisites.sh does).");
        Directory.CreateDirectory(ScreenshotFolder);
        (_portal, Address) = await PortalFactory.StartOnKestrelAsync("browser");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_portal is not null)
            await _portal.DisposeAsync();
    }

    /// <summary>
    /// The Content-Security-Policy violations the browser reports on this page (as console errors), so a test can
    /// say the page works under the portal's policy.
    /// </summary>
    public static List<string> PolicyViolations(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                violations.Add(message.Text);
        };
        return violations;
    }

    public static async Task<IBrowserContext> NewContextAsync(bool javaScript = true, int width = 1280, int height = 900)
    {
        if (!Enabled)
            Assert.Ignore("PORTAL_BROWSER_TESTS=0: browser tests left out.");
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(60_000);
        // Nothing leaves the machine: any request to another host fails the page rather than reaching out.
        await context.RouteAsync(url => !url.StartsWith(Address.ToString().TrimEnd('/'), StringComparison.Ordinal), route => route.AbortAsync());
        return context;
    }
}
