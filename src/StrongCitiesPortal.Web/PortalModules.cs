using Microsoft.Extensions.DependencyInjection.Extensions;
using StrongCitiesPortal.Content;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Transfer;
using StrongCitiesPortal.Web.Features.Backoffice;
using StrongCitiesPortal.Web.Features.Backoffice.Transfer;
using StrongCitiesPortal.Web.Features.DeliveryApi;
using StrongCitiesPortal.Web.Features.Media;
using StrongCitiesPortal.Web.Features.Search;
using StrongCitiesPortal.Web.Features.Shared;
using StrongCitiesPortal.Web.Features.Webhooks;

namespace StrongCitiesPortal.Web;

/// <summary>What a host of the portal is for.</summary>
public enum PortalHost
{
    /// <summary>The web app: every module, with its background loops (search index, webhook delivery, scheduled publishing...).</summary>
    Web,

    /// <summary>
    /// A command (<c>import</c>, <c>export</c>, <c>reindex</c>): the same modules, so what it changes reaches every
    /// notification handler (webhooks queued, reviews settled, import journal) as it would in the web app, but
    /// none of the background loops: only the database is made ready, and the running portals catch up from the change feed.
    /// </summary>
    Command,
}

public static class PortalModules
{
    /// <summary>
    /// Every module of the portal, in the one order both hosts use. Order matters where handlers of one notification
    /// depend on each other: the engine's own (change feed, published cache) first, then the modules that build on it.
    /// </summary>
    public static IHostApplicationBuilder AddPortalModules(this IHostApplicationBuilder builder, PortalHost host = PortalHost.Web)
    {
        builder.AddPortalContent();
        builder.AddPortalTransfer();
        builder.AddPortalSearch();
        builder.AddPortalWeb();
        builder.AddPublicPortal();
        builder.AddPortalBackoffice();
        builder.AddBackofficeTransfer();
        builder.AddPortalMedia();
        builder.AddDeliveryApi();
        builder.AddPortalWebhooks();
        if (host == PortalHost.Command)
            WithoutBackgroundLoops(builder.Services);
        else
            builder.Services.WithoutKeyRingReadAtStart().WaitForStartupWorkLast();
        return builder;
    }

    /// <summary>Runs <c>import</c>, <c>export</c> or <c>reindex</c> on a host with every module; null when the arguments are not a command.</summary>
    public static Task<int>? RunCommandAsync(string[] args)
    {
        if (Transfer.CommandLine.TransferCommandLine.IsCommand(args))
            return Transfer.CommandLine.TransferCommandLine.RunAsync(args, builder => builder.AddPortalModules(PortalHost.Command));
        if (SearchCommands.IsCommand(args))
            return SearchCommands.RunAsync(args, builder => builder.AddPortalModules(PortalHost.Command));
        return null;
    }

    /// <summary>
    /// A command starts no hosted service: it prepares the database itself (<see cref="PortalContentStartup.PrepareDatabaseAsync"/>,
    /// without loading the published cache), so resolving the host's services builds nothing else: no search index
    /// opened, no webhook worker.
    /// </summary>
    private static void WithoutBackgroundLoops(IServiceCollection services) => services.RemoveAll<IHostedService>();
}
