using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace StrongCitiesPortal.Tests;

/// <summary>Fills in and submits a page's form the way a browser would, so tests post what the page really offers.</summary>
public static class HtmlForms
{
    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>The form's successful controls: checked boxes, selected options, text as written.</summary>
    public static List<KeyValuePair<string, string>> Fields(IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled") || element.Closest("fieldset[disabled]") is not null)
                continue;
            switch (element)
            {
                case IHtmlInputElement input:
                    var type = (input.GetAttribute("type") ?? "text").ToLowerInvariant();
                    if (type is "submit" or "button" or "file" or "reset" or "image")
                        continue;
                    if (type is "checkbox" or "radio")
                    {
                        if (input.HasAttribute("checked"))
                            fields.Add(new(name, input.GetAttribute("value") ?? "on"));
                        continue;
                    }
                    fields.Add(new(name, input.GetAttribute("value") ?? ""));
                    break;
                case IHtmlTextAreaElement textArea:
                    fields.Add(new(name, textArea.TextContent.StartsWith('\n') ? textArea.TextContent[1..] : textArea.TextContent));
                    break;
                case IHtmlSelectElement select:
                    var selected = select.Options.Where(o => o.HasAttribute("selected")).ToList();
                    if (selected.Count == 0 && !select.IsMultiple && select.Options.Length > 0)
                        selected.Add(select.Options[0]);
                    fields.AddRange(selected.Select(o => new KeyValuePair<string, string>(name, o.GetAttribute("value") ?? o.TextContent)));
                    break;
            }
        }
        return fields;
    }

    /// <summary>
    /// Submits <paramref name="form"/> of the page at <paramref name="pageUrl"/>, replacing the named fields'
    /// values with <paramref name="changes"/> (a null value removes the field), pressing the button named "do"
    /// with <paramref name="button"/> when given.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string pageUrl, IHtmlFormElement form,
        IReadOnlyDictionary<string, string?>? changes = null, string? button = null, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var fields = Fields(form);
        foreach (var (name, value) in changes ?? new Dictionary<string, string?>())
        {
            fields.RemoveAll(f => f.Key == name);
            if (value is not null)
                fields.Add(new(name, value));
        }
        if (extra is not null)
            fields.AddRange(extra);
        if (button is not null)
            fields.Add(new("do", button));
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? new Uri(client.BaseAddress!, pageUrl) : new Uri(new Uri(client.BaseAddress!, pageUrl), action);
        return await client.PostAsync(target, new FormUrlEncodedContent(fields));
    }

    public static IHtmlFormElement Form(this IDocument document, string selector) =>
        document.QuerySelector(selector) as IHtmlFormElement ?? throw new AssertionException($"The page has no form '{selector}'.");

    public static async Task<IHtmlDocument> PageAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new AssertionException($"GET {url} gave {(int)response.StatusCode}, expected {(int)expected}: {body[..Math.Min(body.Length, 2000)]}");
        return Parse(body);
    }

    public static async Task<IHtmlDocument> DocumentAsync(this HttpResponseMessage response) =>
        Parse(await response.Content.ReadAsStringAsync());
}
