using System.Net;
using System.Text.Json;

namespace StrongCitiesPortal.Tests.Web.DeliveryApi;

/// <summary>One answer from the API: its status, headers and body (parsed when it is JSON).</summary>
public sealed record ApiAnswer(HttpStatusCode Status, HttpResponseMessage Response, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) =>
        Response.Headers.TryGetValues(name, out var values) || Response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}

public static class DeliveryApi
{
    public const string Base = "/umbraco/delivery/api/v2";

    public static async Task<ApiAnswer> ApiAsync(this HttpClient client, string url, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url.StartsWith('/') ? url : $"{Base}/{url}");
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        var response = await client.SendAsync(request);
        return new ApiAnswer(response.StatusCode, response, await response.Content.ReadAsStringAsync());
    }

    public static IReadOnlyList<string> Names(this JsonElement json) => json.EnumerateObject().Select(p => p.Name).ToList();

    public static IReadOnlyList<JsonElement> Items(this ApiAnswer answer) => answer.Json.GetProperty("items").EnumerateArray().ToList();

    public static IReadOnlyList<string> ItemNames(this ApiAnswer answer) => answer.Items().Select(i => i.GetProperty("name").GetString()!).ToList();

    public static IReadOnlyList<Guid> ItemIds(this ApiAnswer answer) => answer.Items().Select(i => i.GetProperty("id").GetGuid()).ToList();

    public static long Total(this ApiAnswer answer) => answer.Json.GetProperty("total").GetInt64();

    /// <summary>The problem details Umbraco answers with: status, title and (when given) detail.</summary>
    public static void ShouldBeProblem(this ApiAnswer answer, HttpStatusCode status, string title, string? detailContains = null)
    {
        answer.Status.ShouldBe(status, answer.Body);
        answer.Response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        answer.Json.GetProperty("status").GetInt32().ShouldBe((int)status);
        answer.Json.GetProperty("title").GetString().ShouldBe(title);
        if (detailContains is not null)
            answer.Json.GetProperty("detail").GetString()!.ShouldContain(detailContains);
    }
}

/// <summary>Keys of starter items the tests name (from <c>umbraco/content/</c>).</summary>
public static class Starter
{
    public static readonly Guid Home = Guid.Parse("a3de62ce-3547-45ff-95c9-91a652b147ca");
    public static readonly Guid Practices = Guid.Parse("11405358-73cb-4fe5-a03d-a8a1b146a032");
    public static readonly Guid Cities = Guid.Parse("83eacb2b-f85f-4b17-9ad8-9a612dfa786d");
    public static readonly Guid Themes = Guid.Parse("117b94a7-61e1-4570-ad0b-a54afdaafda5");
    public static readonly Guid Events = Guid.Parse("ad88f9d8-8691-45dd-a143-c9f7c4304c94");
    public static readonly Guid London = Guid.Parse("902335b8-24a9-402d-a90d-1645645e5cbc");
    public static readonly Guid Paris = Guid.Parse("fabc57ad-a609-42fa-b998-06ffa6c4f87d");
    public static readonly Guid MayorOfLondon = Guid.Parse("d864b9e5-2806-48ec-b7af-58f7be370790");
    public static readonly Guid Ireportit = Guid.Parse("2e2e672d-a8c7-40b5-82f0-19a0f48c307d");
    public static readonly Guid Twinning = Guid.Parse("a0c54969-7a38-493c-9f76-7a5dd74366ad");
    public static readonly Guid BirminghamEvent = Guid.Parse("16341487-7d25-4650-b279-0e45ff33cf4b");
    public static readonly Guid PublicPrivateCaseStudies = Guid.Parse("22114ffe-a2f9-4311-a1df-73cc205fb09d");
    public static readonly Guid Report = Guid.Parse("acaee9b3-6abb-448b-919d-77a1d32289bd");
    public static readonly Guid HateCrime = Guid.Parse("b3525b5a-9cd2-4c1c-abd1-713b84f29c66");
    public static readonly Guid Youth = Guid.Parse("531545f4-a676-451d-89c2-f4a357afdc00");
    public const string HomeSegment = "strong-cities-network";
}
