using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StrongCitiesPortal.Web.Features.Practices;

public static class PracticeLibraryExtensions
{
    public static IServiceCollection AddPracticeLibrary(this IServiceCollection services)
    {
        services.AddSingleton<PracticeVocabulary>();
        services.TryAddSingleton<IPracticeSearch, SearchServicePracticeSearch>();
        services.TryAddSingleton<IPracticeAttachments, NoPracticeAttachments>();
        return services;
    }
}
