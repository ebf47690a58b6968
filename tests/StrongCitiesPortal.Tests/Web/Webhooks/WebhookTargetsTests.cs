using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StrongCitiesPortal.Web.Features.Webhooks;

namespace StrongCitiesPortal.Tests.Web.Webhooks;

/// <summary>Which addresses a webhook may reach: public ones, and private ones on the server's allow-list.</summary>
[Category("Unit")]
public sealed class WebhookTargetsTests
{
    private static WebhookTargets Targets(params string[] allowed) =>
        new ServiceCollection().AddOptions<WebhookDeliveryOptions>().Configure(o => o.AllowedPrivateNetworks.AddRange(allowed)).Services
            .BuildServiceProvider().GetRequiredService<IOptionsMonitor<WebhookDeliveryOptions>>() is var monitor ? new WebhookTargets(monitor) : null!;

    [TestCase("127.0.0.1", false)]
    [TestCase("127.5.6.7", false)]
    [TestCase("10.1.2.3", false)]
    [TestCase("172.16.0.1", false)]
    [TestCase("172.31.255.255", false)]
    [TestCase("192.168.1.1", false)]
    [TestCase("169.254.169.254", false)]
    [TestCase("100.64.0.1", false)]
    [TestCase("0.0.0.0", false)]
    [TestCase("224.0.0.1", false)]
    [TestCase("255.255.255.255", false)]
    [TestCase("::1", false)]
    [TestCase("::", false)]
    [TestCase("fe80::1", false)]
    [TestCase("fd12:3456::1", false)]
    [TestCase("::ffff:127.0.0.1", false)]
    [TestCase("::ffff:10.0.0.1", false)]
    [TestCase("64:ff9b::a00:1", false)]
    [TestCase("8.8.8.8", true)]
    [TestCase("172.32.0.1", true)]
    [TestCase("203.0.113.10", true)]
    [TestCase("2001:4860:4860::8888", true)]
    [TestCase("::ffff:8.8.8.8", true)]
    public void Loopback_link_local_and_private_addresses_are_refused(string address, bool allowed) =>
        Targets().IsAllowed(IPAddress.Parse(address)).ShouldBe(allowed);

    [Test]
    public void The_allow_list_opens_only_the_networks_it_names()
    {
        var targets = Targets("10.20.0.0/16", "192.168.5.7");

        targets.IsAllowed(IPAddress.Parse("10.20.3.4")).ShouldBeTrue();
        targets.IsAllowed(IPAddress.Parse("::ffff:10.20.3.4")).ShouldBeTrue();
        targets.IsAllowed(IPAddress.Parse("192.168.5.7")).ShouldBeTrue();
        targets.IsAllowed(IPAddress.Parse("10.21.0.1")).ShouldBeFalse();
        targets.IsAllowed(IPAddress.Parse("192.168.5.8")).ShouldBeFalse();
        targets.IsAllowed(IPAddress.Parse("127.0.0.1")).ShouldBeFalse();
    }

    [Test]
    public async Task A_name_is_judged_by_the_addresses_it_resolves_to()
    {
        var refused = await Should.ThrowAsync<WebhookTargetRefusedException>(() => Targets().ResolveAsync("localhost", CancellationToken.None));
        refused.Message.ShouldContain("localhost");

        (await Targets("127.0.0.0/8", "::1").ResolveAsync("localhost", CancellationToken.None)).ShouldNotBeEmpty();
    }

    [TestCase("http://127.0.0.1:8080/hook")]
    [TestCase("http://[::1]/hook")]
    [TestCase("http://localhost/hook")]
    [TestCase("http://169.254.169.254/latest/meta-data/")]
    [TestCase("https://[::ffff:192.168.0.1]/")]
    public async Task Registering_a_refused_address_says_why(string url) =>
        (await Targets().CheckRegistrationAsync(new Uri(url), CancellationToken.None)).ShouldNotBeNull().ShouldContain("AllowedPrivateNetworks");

    [Test]
    public async Task A_name_that_does_not_resolve_yet_may_be_registered() =>
        (await Targets().CheckRegistrationAsync(new Uri("https://partner.example/hooks"), CancellationToken.None)).ShouldBeNull();
}
