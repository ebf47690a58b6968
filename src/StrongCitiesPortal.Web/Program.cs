using StrongCitiesPortal.Content;
using StrongCitiesPortal.Web;
using StrongCitiesPortal.Web.Features.Backoffice;
using StrongCitiesPortal.Web.Features.DeliveryApi;
using StrongCitiesPortal.Web.Features.Media;
using StrongCitiesPortal.Web.Features.Search;
using StrongCitiesPortal.Web.Features.Shared;
using StrongCitiesPortal.Web.Features.Webhooks;

// import, export and reindex run on a host with the same modules and no web server.
if (PortalModules.RunCommandAsync(args) is { } command)
    return await command;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalModules();

var app = builder.Build();

app.UsePortalWeb();
app.UsePortalBackoffice();
app.MapPublicPortal();
app.MapSearchApi();
app.MapDeliveryApi();
app.MapPortalWebhooks();
app.MapPortalBackoffice();
app.MapPortalMedia();
app.MapPortalPages();

var startup = app.Services.GetRequiredService<StartupWork>();
await app.RunAsync();
// A start that failed stops the instance (PortalReady) and ends it with 1.
return startup.Failure is null ? 0 : 1;

public partial class Program;
