namespace StrongCitiesPortal.Tests.Web.DeliveryApi;

public sealed class SmokeTests
{
    [Test]
    public async Task Print()
    {
        await using var portal = await PortalFactory.StartAsync("smoke");
        using var client = portal.CreateClient();
        foreach (var url in new[] {
            "/umbraco/delivery/api/v2/content/item/2e2e672d-a8c7-40b5-82f0-19a0f48c307d",
            "/umbraco/delivery/api/v2/content/item/practices/ireportit?expand=properties[themes]&fields=properties[themes[properties[summary]],kind]",
            "/umbraco/delivery/api/v2/content?fetch=children:/practices/&take=2&fields=properties[kind]",
            "/umbraco/delivery/api/v2/content?filter=contentType:workshopReport&fields=properties[keyTakeaways[properties[heading]]]",
            "/umbraco/delivery/api/v2/content?filter=foo:bar",
            "/umbraco/delivery/api/v2/content/item/nope",
            "/umbraco/swagger/delivery/swagger.json",
        })
        {
            var response = await client.GetAsync(url);
            TestContext.Out.WriteLine($"{url} -> {(int)response.StatusCode} {response.Headers}");
            var body = await response.Content.ReadAsStringAsync();
            TestContext.Out.WriteLine(body.Length > 3000 ? body[..3000] : body);
        }
    }
}
