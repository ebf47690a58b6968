using StrongCitiesPortal.Content;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Transfer;
using StrongCitiesPortal.Transfer.CommandLine;
using StrongCitiesPortal.Web;
using StrongCitiesPortal.Web.Features.Backoffice;
using StrongCitiesPortal.Web.Features.Backoffice.Transfer;
using StrongCitiesPortal.Web.Features.DeliveryApi;
using StrongCitiesPortal.Web.Features.Media;
using StrongCitiesPortal.Web.Features.Search;
using StrongCitiesPortal.Web.Features.Shared;
using StrongCitiesPortal.Web.Features.Webhooks;

if (TransferCommandLine.IsCommand(args))
    return await TransferCommandLine.RunAsync(args, modules => modules.AddPortalSearch());

var builder = WebApplication.CreateBuilder(args);

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

var app = builder.Build();

if (await app.RunSearchCommandAsync(args))
    return 0;

app.UsePortalWeb();
app.UsePortalBackoffice();
app.MapPublicPortal();
app.MapSearchApi();
app.MapDeliveryApi();
app.MapPortalWebhooks();
app.MapPortalBackoffice();
app.MapPortalMedia();
app.MapPortalPages();

await app.RunAsync();
return 0;

public partial class Program;
