using StrongCitiesPortal.Content;
using StrongCitiesPortal.Web;
using StrongCitiesPortal.Web.Features.DeliveryApi;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalContent();
builder.AddPortalWeb();
builder.AddDeliveryApi();

var app = builder.Build();

app.UsePortalWeb();
app.MapDeliveryApi();
app.MapPortalPages();

app.Run();

public partial class Program;
