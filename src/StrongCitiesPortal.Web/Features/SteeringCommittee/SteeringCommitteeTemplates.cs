using System.Text.Json.Nodes;
using StrongCitiesPortal.Content.Publishing;
using StrongCitiesPortal.Web.Features.Content;
using StrongCitiesPortal.Web.Features.Shared;

namespace StrongCitiesPortal.Web.Features.SteeringCommittee;

public sealed record CommitteeMember(string Person, string Role, Link? City, string? Url, DateOnly? TermStart, DateOnly? TermEnd, string? Biography);
public sealed record CommitteeGroup(string Label, IReadOnlyList<CommitteeMember> Members);
public sealed record SteeringCommitteeModel(string Title, string? Introduction, IReadOnlyList<CommitteeGroup> Groups);

/// <summary>The steering committee: members with their city and role, co-chairs first.</summary>
public sealed class SteeringCommitteeTemplate(PortalContent content, ContentRouter router) : IContentTemplate
{
    private static readonly (string Role, string Group)[] Order = [("Co-chair", "Co-chairs"), ("Member", "Members"), ("Observer", "Observers")];

    public string ContentType => "steeringCommittee";
    public string View => "/Features/SteeringCommittee/SteeringCommittee.cshtml";

    public ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var culture = request.Culture;
        var members = content.Cache.Children(request.Item.Key, router.DefaultCulture)
            .Where(m => m.ContentType == PortalContent.Seat)
            .Select(m => MemberOf(m, culture, router))
            .ToList();
        var groups = Order
            .Select(o => new CommitteeGroup(request.Site.Text[o.Group], members.Where(m => m.Role == o.Role).ToList()))
            .Where(g => g.Members.Count > 0)
            .ToList();
        var others = members.Where(m => Order.All(o => o.Role != m.Role)).ToList();
        if (others.Count > 0)
            groups.Add(new CommitteeGroup(request.Site.Text["Members"], others));
        request.Site.Description = Cards.Shorten(request.Variant.Text("introduction"), 200);
        return ValueTask.FromResult<object?>(new SteeringCommitteeModel(request.Variant.Name, request.Variant.Text("introduction"), groups));
    }

    internal static CommitteeMember MemberOf(PublishedContent seat, string culture, ContentRouter router)
    {
        var facts = PortalContent.Facts(seat);
        var city = facts.Keys("city").FirstOrDefault();
        return new CommitteeMember(
            facts.Text("person") ?? router.NameOf(seat.Key, culture),
            facts.Text("role") ?? "Member",
            city == Guid.Empty ? null : router.LinkTo(city, culture),
            router.Url(seat.Key, culture),
            PortalContent.Date(seat, "termStart"),
            PortalContent.Date(seat, "termEnd"),
            facts.Text("biography"));
    }
}

public sealed record SteeringCommitteeMemberModel(string Name, CommitteeMember Member, string? CommitteeUrl);

/// <summary>One seat on the committee.</summary>
public sealed class SteeringCommitteeMemberTemplate(ContentRouter router) : IContentTemplate
{
    public string ContentType => PortalContent.Seat;
    public string View => "/Features/SteeringCommittee/SteeringCommitteeMember.cshtml";

    public ValueTask<object?> BuildAsync(ContentRequest request, CancellationToken cancellationToken)
    {
        var member = SteeringCommitteeTemplate.MemberOf(request.Item, request.Culture, router);
        request.Site.Description = member.Person;
        request.Site.OpenGraphType = "profile";
        request.Site.StructuredData.Add(new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "OrganizationRole",
            ["roleName"] = member.Role,
            ["member"] = new JsonObject { ["@type"] = "Person", ["name"] = member.Person },
        });
        // The seats are kept in one language: the committee's working language, English.
        request.Site.ContentCulture = request.Culture == router.DefaultCulture ? null : router.DefaultCulture;
        return ValueTask.FromResult<object?>(new SteeringCommitteeMemberModel(request.Variant.Name, member, router.SectionUrl("steeringCommittee", request.Culture)));
    }
}
