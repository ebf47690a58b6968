using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Content.Publishing;

namespace StrongCitiesPortal.Tests.Content;

/// <summary>A published route found in PostgreSQL, segment by segment, without a published cache.</summary>
[Category("Database")]
public sealed class LiveRouteFinderTests
{
    [Test]
    public async Task A_route_is_found_in_PostgreSQL_as_the_published_cache_finds_it()
    {
        await using var host = await ContentHost.StartAsync("liveroutes", loadStarterContent: true);
        var routes = host.Services.GetRequiredService<LiveRouteFinder>();
        var checkedRoutes = 0;
        foreach (var item in host.Cache.All)
        {
            foreach (var culture in host.Cache.Cultures)
            {
                if (host.Cache.Route(item.Key, culture) is not { } route)
                    continue;
                (await routes.FindAsync(route, culture)).ShouldBe(item.Key, $"{culture} {route}");
                checkedRoutes++;
            }
        }
        checkedRoutes.ShouldBeGreaterThan(40);
        (await routes.FindAsync("/practices/no-such-practice/", "en")).ShouldBeNull();
        (await routes.FindAsync("/pratiques/", "en")).ShouldBeNull();
    }
}
