using StrongCitiesPortal.Web.Features.DeliveryApi;

namespace StrongCitiesPortal.Tests.Web.DeliveryApi;

/// <summary>How <c>expand</c> and <c>fields</c> values read, as a table: value, then what it selects.</summary>
[Category("Unit")]
public sealed class PropertySelectionTests
{
    [TestCase(null, "", "")]
    [TestCase("", "", "")]
    [TestCase("properties[$all]", "themes,cities,summary", "")]
    [TestCase("properties[themes]", "themes", "cities,summary")]
    [TestCase("properties[themes,cities]", "themes,cities", "summary")]
    [TestCase("properties[themes[properties[summary]],cities]", "themes,cities", "summary")]
    public void Expand_selects_only_what_it_names(string? value, string included, string excluded)
    {
        var selection = PropertySelection.ParseExpand(value);

        foreach (var alias in included.Split(',', StringSplitOptions.RemoveEmptyEntries))
            selection.Includes(alias).ShouldBeTrue(alias);
        foreach (var alias in excluded.Split(',', StringSplitOptions.RemoveEmptyEntries))
            selection.Includes(alias).ShouldBeFalse(alias);
    }

    [Test]
    public void Expand_does_not_reach_below_what_it_names_unless_told()
    {
        PropertySelection.ParseExpand("properties[themes]").Nested("themes").Includes("cities").ShouldBeFalse();
        PropertySelection.ParseExpand("properties[$all]").Nested("themes").Includes("cities").ShouldBeFalse();
        PropertySelection.ParseExpand("properties[themes[properties[cities]]]").Nested("themes").Includes("cities").ShouldBeTrue();
        PropertySelection.ParseExpand("properties[$all[properties[cities]]]").Nested("themes").Includes("cities").ShouldBeTrue();
    }

    [Test]
    public void Fields_select_everything_until_limited()
    {
        PropertySelection.ParseFields(null).Includes("anything").ShouldBeTrue();
        PropertySelection.ParseFields(null).Nested("a").Nested("b").Includes("c").ShouldBeTrue();
        PropertySelection.ParseFields("properties[kind]").Includes("kind").ShouldBeTrue();
        PropertySelection.ParseFields("properties[kind]").Includes("summary").ShouldBeFalse();
        PropertySelection.ParseFields("properties[themes]").Nested("themes").Includes("summary").ShouldBeTrue();
        PropertySelection.ParseFields("properties[themes[properties[summary]]]").Nested("themes").Includes("description").ShouldBeFalse();
        PropertySelection.ParseFields("properties[$all]").Includes("summary").ShouldBeTrue();
    }

    [TestCase("properties")]
    [TestCase("properties[")]
    [TestCase("properties[]")]
    [TestCase("properties[a,]")]
    [TestCase("properties[a]x")]
    [TestCase("properties[a[b]]")]
    [TestCase("properties[$any]")]
    [TestCase("all")]
    [TestCase("properties[a b]")]
    public void Malformed_values_are_refused(string value)
    {
        Should.Throw<DeliveryApiException>(() => PropertySelection.ParseExpand(value)).Status.ShouldBe(400);
        Should.Throw<DeliveryApiException>(() => PropertySelection.ParseFields(value)).Status.ShouldBe(400);
    }

    [Test]
    public void Nesting_is_bounded()
    {
        var deep = string.Concat(Enumerable.Repeat("properties[a[", 20)) + "properties[b]" + new string(']', 40);

        Should.Throw<DeliveryApiException>(() => PropertySelection.ParseExpand(deep)).Detail.ShouldContain("deeper");
    }
}
