using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace StrongCitiesPortal.Web.Features.Webhooks;

/// <summary>A receiver address the portal will not call: it resolves to this machine or a private network.</summary>
public sealed class WebhookTargetRefusedException(string message) : IOException(message);

/// <summary>
/// Which addresses a webhook may reach: public ones, and private ones only when an administrator of the server
/// lists them (<c>Portal:Webhooks:AllowedPrivateNetworks</c>). Checked when a webhook is registered and again on
/// every connection, against the address actually connected to, so a name that later resolves inward is refused.
/// </summary>
public sealed class WebhookTargets(IOptionsMonitor<WebhookDeliveryOptions> options)
{
    private static readonly IPNetwork[] Refused =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("64:ff9b::/96"), IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>Whether the portal may connect to this address.</summary>
    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (!Refused.Any(n => n.Contains(address)))
            return true;
        return AllowedNetworks().Any(n => n.Contains(address));
    }

    /// <summary>The host's addresses the portal may connect to; refused when it has none of them.</summary>
    /// <exception cref="WebhookTargetRefusedException">The host is, or resolves only to, a refused address.</exception>
    /// <exception cref="SocketException">The name does not resolve.</exception>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(IsAllowed).ToArray();
        if (allowed.Length == 0 || allowed.Length < addresses.Length)
        {
            var refused = addresses.First(a => !IsAllowed(a));
            throw new WebhookTargetRefusedException(
                $"'{host}' is, or resolves to, {refused}: a loopback, link-local or private address, which webhooks may not call. " +
                $"Allow an intranet receiver's network in {WebhookDeliveryOptions.Section}:AllowedPrivateNetworks.");
        }
        return allowed;
    }

    /// <summary>What is wrong with registering this address, or null when it may be registered.</summary>
    public async Task<string?> CheckRegistrationAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            await ResolveAsync(url.IdnHost, cancellationToken);
            return null;
        }
        catch (WebhookTargetRefusedException refused)
        {
            return refused.Message;
        }
        catch (SocketException)
        {
            // A name that does not resolve yet may be registered; it is checked again on every delivery.
            return null;
        }
    }

    /// <summary>The connection for the webhooks' HTTP client: only to addresses <see cref="ResolveAsync"/> allows.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        // The socket is handed to the stream (which owns and closes it) or disposed below when the connection fails.
#pragma warning disable CA2000
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
#pragma warning restore CA2000
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private IEnumerable<IPNetwork> AllowedNetworks()
    {
        foreach (var entry in options.CurrentValue.AllowedPrivateNetworks)
        {
            if (IPNetwork.TryParse(entry.Trim(), out var network))
                yield return network;
            else if (IPAddress.TryParse(entry.Trim(), out var address))
                yield return new IPNetwork(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        }
    }
}
