namespace StrongCitiesPortal.Web.Features.Backoffice.Identity;

/// <summary>The four backoffice roles, as stored in Identity.</summary>
public static class BackofficeRoles
{
    public const string Administrator = "Administrator";
    public const string Editor = "Editor";
    public const string Writer = "Writer";
    public const string CityEditor = "CityEditor";

    public static readonly IReadOnlyList<string> All = [Administrator, Editor, Writer, CityEditor];

    /// <summary>Staff roles see and edit the whole tree (publishing is narrower still).</summary>
    public const string Staff = Administrator + "," + Editor + "," + Writer;

    /// <summary>Roles that may publish, unpublish, schedule, roll back, move, sort and delete.</summary>
    public const string Publishers = Administrator + "," + Editor;

    public static string DisplayName(string role) => role switch
    {
        CityEditor => "City editor",
        _ => role,
    };

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
