using Microsoft.Playwright;
using StrongCitiesPortal.Tests.Web;

namespace StrongCitiesPortal.Tests.Backoffice.Browser;

/// <summary>
/// The portal served by Kestrel on a free 127.0.0.1 port, with the backoffice accounts, and Debian's
/// Chromium driven by Playwright (no browser download: <c>/usr/bin/chromium</c>).
/// </summary>
public sealed class BrowserPortal : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private BrowserPortal(BackofficePortal portal, IPlaywright playwright, IBrowser browser, string address)
    {
        Portal = portal;
        Playwright = playwright;
        Browser = browser;
        Address = address;
    }

    public BackofficePortal Portal { get; }
    public IPlaywright Playwright { get; }
    public IBrowser Browser { get; }
    public string Address { get; }

    public static async Task<BrowserPortal> StartAsync(string hint)
    {
        if (Environment.GetEnvironmentVariable("PORTAL_BROWSER_TESTS") == "0")
            Assert.Ignore("PORTAL_BROWSER_TESTS=0: browser tests left out.");
        if (!File.Exists(Chromium))
            Assert.Fail($"Browser tests need Debian's Chromium at {Chromium} (scripts/prerequisites.sh installs it), or PORTAL_BROWSER_TESTS=0.");
        var (factory, uri) = await PortalFactory.StartOnKestrelAsync(hint);
        var address = uri.ToString();
        var portal = await BackofficePortal.WrapAsync(factory);
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new BrowserPortal(portal, playwright, browser, address.TrimEnd('/'));
    }

    /// <summary>
    /// A fresh browser profile, signed in as <paramref name="email"/> through the sign-in page (<paramref name="bypassCsp"/> lets a test inject axe-core;
    /// <paramref name="javaScript"/> false tries the pages as a browser without script).
    /// </summary>
    public async Task<IPage> SignInAsync(string email, bool bypassCsp = false, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address, BypassCSP = bypassCsp, JavaScriptEnabled = javaScript });
        context.SetDefaultTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/backoffice/content");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(BackofficePortal.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync("**/backoffice/content", new() { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            // Say what the page said instead of only that it timed out (seen once under heavy load, never alone).
            var said = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            throw new TimeoutException($"Signing in as {email} did not reach /backoffice/content; the browser is at {page.Url}, which says: {said}");
        }
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Portal.DisposeAsync();
    }
}
