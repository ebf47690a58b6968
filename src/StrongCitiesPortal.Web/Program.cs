using StrongCitiesPortal.Content;
using StrongCitiesPortal.Web;
using StrongCitiesPortal.Web.Features.Backoffice;
using StrongCitiesPortal.Web.Features.Media;
using StrongCitiesPortal.Web.Features.Shared;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalContent();
builder.AddPortalWeb();
builder.AddPublicPortal();
builder.AddPortalBackoffice();
builder.AddPortalMedia();

var app = builder.Build();

app.UsePortalWeb();
app.UsePortalBackoffice();
app.MapPublicPortal();
app.MapPortalBackoffice();
app.MapPortalMedia();
app.MapPortalPages();

app.Run();

public partial class Program;
