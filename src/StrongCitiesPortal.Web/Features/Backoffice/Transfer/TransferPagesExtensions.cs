namespace StrongCitiesPortal.Web.Features.Backoffice.Transfer;

public static class TransferPagesExtensions
{
    /// <summary>The backoffice's import and export pages and the background import queue (the module itself is <c>AddPortalTransfer</c>).</summary>
    public static IHostApplicationBuilder AddBackofficeTransfer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TransferOptions>().BindConfiguration(TransferOptions.Section);
        builder.Services.AddSingleton<ImportJobs>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ImportJobs>());
        return builder;
    }
}
