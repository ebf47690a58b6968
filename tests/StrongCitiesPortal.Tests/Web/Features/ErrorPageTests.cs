using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StrongCitiesPortal.Web.Features.Content;

namespace StrongCitiesPortal.Tests.Web.Features;

[Category("Database")]
public sealed class ErrorPageTests
{
    private sealed class FailingHomeTemplate : IContentTemplate
    {
        public string ContentType => "home";
        public string View => "/Features/Home/Home.cshtml";

        public ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Connection string Host=secret-db;Password=hunter2 failed at Secret.Method()");
    }

    [Test]
    public async Task A_failure_shows_an_error_page_that_leaks_nothing()
    {
        await using var portal = await PortalFactory.StartAsync("errors", services => services.AddSingleton<IContentTemplate, FailingHomeTemplate>());
        using var client = portal.CreateClient();

        var response = await client.GetAsync("/fr/");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("h1")!.TextContent.ShouldBe("Une erreur s'est produite de notre côté");
        html.ShouldNotContain("hunter2");
        html.ShouldNotContain("Secret.Method");
        html.ShouldNotContain("InvalidOperationException");
        (await client.GetAsync("/practices/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
