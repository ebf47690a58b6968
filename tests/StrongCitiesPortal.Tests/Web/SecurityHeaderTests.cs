using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace StrongCitiesPortal.Tests.Web;

/// <summary>
/// The security headers on the public site and the backoffice, HSTS and the HTTPS redirect outside Development, and
/// pages that work under the Content-Security-Policy: nothing inline for it to block, nothing from elsewhere.
/// </summary>
[Category("Database")]
public sealed class SecurityHeaderTests
{
    private PortalFactory _portal = null!;
    private HttpClient _https = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // The test environment is not Development; https_port is how a server behind TLS tells the redirect where to go.
        _portal = await PortalFactory.StartAsync("securityheaders", settings: new Dictionary<string, string?> { ["https_port"] = "443" });
        _https = _portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://portal.example.org"), AllowAutoRedirect = false });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _https.Dispose();
        await _portal.DisposeAsync();
    }

    // Relative addresses, and absolute ones on the portal's own host (on Linux "/x" also parses as an absolute file: URI).
    private static bool SameOrigin(string address) =>
        !address.StartsWith("//", StringComparison.Ordinal)
        && !(Uri.TryCreate(address, UriKind.Absolute, out var absolute) && absolute.Scheme != Uri.UriSchemeFile && absolute.Host != "portal.example.org");

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";

    [TestCase("/")]
    [TestCase("/practices/?q=private+sector")]
    [TestCase("/practices/ireportit/")]
    [TestCase("/cities/")]
    [TestCase("/cities/london/")]
    [TestCase("/events/")]
    [TestCase("/search?q=evaluation")]
    [TestCase("/fr/")]
    [TestCase("/no-such-page/")]
    [TestCase("/api/search?q=youth")]
    [TestCase("/backoffice/login")]
    public async Task Every_answer_carries_the_security_headers(string url)
    {
        var response = await _https.GetAsync(url);

        var policy = Header(response, "Content-Security-Policy");
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("style-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldContain("object-src 'none'");
        policy.ShouldNotContain("unsafe-inline");
        policy.ShouldNotContain("unsafe-eval");
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "X-Frame-Options").ShouldBe("DENY");
        Header(response, "Referrer-Policy").ShouldBeOneOf("strict-origin-when-cross-origin", "same-origin");
        Header(response, "Strict-Transport-Security").ShouldStartWith("max-age=31536000");
    }

    [Test]
    public async Task Plain_http_is_redirected_to_https_outside_development()
    {
        using var http = _portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://portal.example.org"), AllowAutoRedirect = false });

        var response = await http.GetAsync("/practices/?q=youth");

        response.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        response.Headers.Location.ShouldBe(new Uri("https://portal.example.org/practices/?q=youth"));
        Header(response, "Strict-Transport-Security").ShouldBeEmpty("HSTS is sent over HTTPS only");
    }

    [Test]
    public async Task Media_files_keep_their_own_sandboxing_policy()
    {
        var response = await _https.GetAsync($"/media/{Guid.NewGuid()}/missing.pdf");

        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "Content-Security-Policy").ShouldNotBeEmpty();
    }

    [TestCase("/")]
    [TestCase("/practices/?q=private+sector")]
    [TestCase("/practices/ireportit/")]
    [TestCase("/cities/")]
    [TestCase("/cities/london/")]
    [TestCase("/events/")]
    [TestCase("/ar/")]
    [TestCase("/no-such-page/")]
    [TestCase("/backoffice/login")]
    [TestCase("/umbraco/swagger/index.html")]
    public async Task Pages_have_nothing_inline_the_policy_would_block(string url)
    {
        var page = HtmlForms.Parse(await (await _https.GetAsync(url)).Content.ReadAsStringAsync());

        foreach (var script in page.QuerySelectorAll("script"))
        {
            if (script.GetAttribute("type") == "application/ld+json")
                continue; // data, not script: the policy does not apply to it
            SameOrigin(script.GetAttribute("src").ShouldNotBeNull($"an inline script on {url}: {script.OuterHtml}")).ShouldBeTrue(script.OuterHtml);
        }
        page.QuerySelectorAll("style").ShouldBeEmpty($"a <style> element on {url}");
        page.QuerySelectorAll("[style]").Select(e => e.OuterHtml[..Math.Min(120, e.OuterHtml.Length)]).ShouldBeEmpty($"style attributes on {url}");
        page.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Name).ShouldBeEmpty($"event handler attributes on {url}");
        page.QuerySelectorAll("link[rel=stylesheet], img, iframe, object")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src") ?? "")
            .Where(src => !SameOrigin(src) && !src.StartsWith("data:", StringComparison.Ordinal)).ShouldBeEmpty($"things from elsewhere on {url}");
        page.QuerySelectorAll("a[href^='javascript:']").ShouldBeEmpty();
    }
}
