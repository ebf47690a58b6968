using StrongCitiesPortal.Content;
using StrongCitiesPortal.Web;
using StrongCitiesPortal.Web.Features.Backoffice;
using StrongCitiesPortal.Web.Features.Media;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalContent();
builder.AddPortalWeb();
builder.AddPortalBackoffice();
builder.AddPortalMedia();

var app = builder.Build();

app.UsePortalWeb();
app.UsePortalBackoffice();
app.MapPortalBackoffice();
app.MapPortalMedia();
app.MapPortalPages();

app.Run();

public partial class Program;
