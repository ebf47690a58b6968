using StrongCitiesPortal.Content;
using StrongCitiesPortal.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalContent();
builder.AddPortalWeb();

var app = builder.Build();

app.UsePortalWeb();
app.MapPortalPages();

app.Run();

public partial class Program;
