using StrongCitiesPortal.Content;
using StrongCitiesPortal.Web;
using StrongCitiesPortal.Web.Features.DeliveryApi;
using StrongCitiesPortal.Web.Features.Shared;
using StrongCitiesPortal.Web.Features.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalContent();
builder.AddPortalWeb();
builder.AddPublicPortal();
builder.AddDeliveryApi();
builder.AddPortalWebhooks();

var app = builder.Build();

app.UsePortalWeb();
app.MapPublicPortal();
app.MapDeliveryApi();
app.MapPortalWebhooks();
app.MapPortalPages();

app.Run();

public partial class Program;
