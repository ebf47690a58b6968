using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StrongCitiesPortal.Web.Features.Practices;

public static class PracticeLibraryExtensions
{
    public static IServiceCollection AddPracticeLibrary(this IServiceCollection services)
    {
        services.AddSingleton<PracticeVocabulary>();
        // PROVISIONAL until the search service (issue 3) is on main; then an adapter over SearchService replaces it.
        services.TryAddSingleton<IPracticeSearch, ProvisionalPracticeSearch>();
        services.TryAddSingleton<IPracticeAttachments, NoPracticeAttachments>();
        return services;
    }
}
