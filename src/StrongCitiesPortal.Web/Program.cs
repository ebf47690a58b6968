using StrongCitiesPortal.Content;
using StrongCitiesPortal.Web;
using StrongCitiesPortal.Web.Features.Shared;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalContent();
builder.AddPortalWeb();
builder.AddPublicPortal();

var app = builder.Build();

app.UsePortalWeb();
app.MapPublicPortal();
app.MapPortalPages();

app.Run();

public partial class Program;
