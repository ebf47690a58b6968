using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Tests.Web.Features;

[Category("Unit")]
public sealed class ContentRouterTests
{
    [TestCase("/practices/ireportit/", "/practices/ireportit/")]
    [TestCase("/ar/مدن/", "/ar/%D9%85%D8%AF%D9%86/")]
    [TestCase("/fr/villes/évry/?q=a%20b", "/fr/villes/%C3%A9vry/?q=a%20b")]
    public void Addresses_going_into_headers_and_feeds_have_their_non_ascii_characters_escaped(string url, string expected) =>
        ContentRouter.Escape(url).ShouldBe(expected);
}
