using StrongCitiesPortal.Content;
using StrongCitiesPortal.Search;
using StrongCitiesPortal.Web;
using StrongCitiesPortal.Web.Features.Search;
using StrongCitiesPortal.Web.Features.Shared;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalContent();
builder.AddPortalSearch();
builder.AddPortalWeb();
builder.AddPublicPortal();

var app = builder.Build();

if (await app.RunSearchCommandAsync(args))
    return;

app.UsePortalWeb();
app.MapPublicPortal();
app.MapSearchApi();
app.MapPortalPages();

app.Run();

public partial class Program;
