using StrongCitiesPortal.Content;
using StrongCitiesPortal.Transfer;
using StrongCitiesPortal.Transfer.CommandLine;
using StrongCitiesPortal.Web;
using StrongCitiesPortal.Web.Features.Shared;

if (TransferCommandLine.IsCommand(args))
    return await TransferCommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalContent();
builder.AddPortalTransfer();
builder.AddPortalWeb();
builder.AddPublicPortal();

var app = builder.Build();

app.UsePortalWeb();
app.MapPublicPortal();
app.MapPortalPages();

await app.RunAsync();
return 0;

public partial class Program;
