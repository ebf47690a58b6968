using System.Text.Json;
using StrongCitiesPortal.Content.Items;
using StrongCitiesPortal.Web.Features.Backoffice.Identity;

namespace StrongCitiesPortal.Web.Features.Backoffice.Access;

public enum ContentOperation
{
    Read,
    Create,
    Save,
    SendForReview,
    Publish,
    Unpublish,
    Schedule,
    Rollback,
    Move,
    Sort,
    Trash,
    Restore,
    Delete,
    Review,
}

/// <summary>
/// Who may do what to which item. Administrators and Editors: everything. Writers: read, create, save and
/// send for review. City editors: read, save and send for review their own member city and the good
/// practices that name it, and create good practices for it.
/// </summary>
public static class ContentAccess
{
    public const string MemberCityType = "memberCity";
    public const string GoodPracticeType = "goodPractice";
    public const string PracticeLibraryType = "practiceLibrary";
    public const string CitiesProperty = "cities";

    public static bool Can(BackofficeIdentity user, ContentOperation operation, ContentItem? item = null)
    {
        if (user.IsPublisher)
            return true;
        if (user.IsStaff)
            return operation is ContentOperation.Read or ContentOperation.Create or ContentOperation.Save or ContentOperation.SendForReview;
        if (!user.IsCityEditor)
            return false;
        if (operation is not (ContentOperation.Read or ContentOperation.Save or ContentOperation.SendForReview))
            return false;
        return item is not null && !item.Trashed && BelongsToCity(item.ContentType, item.Key, item.Data, user.CityKey!.Value);
    }

    public static bool CanCreate(BackofficeIdentity user, string contentType) =>
        user.IsStaff || (user.IsCityEditor && contentType == GoodPracticeType);

    /// <summary>A member city is its own; a good practice belongs to every city its <c>cities</c> picker names.</summary>
    public static bool BelongsToCity(string contentType, Guid key, ContentData data, Guid city) => contentType switch
    {
        MemberCityType => key == city,
        GoodPracticeType => Cities(data).Contains(city),
        _ => false,
    };

    public static IReadOnlyList<Guid> Cities(ContentData data) =>
        data.Invariant.TryGetValue(CitiesProperty, out var value) ? Keys(value) : [];

    /// <summary>
    /// A city editor cannot change which cities a practice names (that would hand it to another city's
    /// editor, or take it from their own): the list stays as it was, with their city on a new practice.
    /// </summary>
    public static void KeepCities(ContentData data, ContentData basis, Guid city)
    {
        if (basis.Invariant.TryGetValue(CitiesProperty, out var cities))
            data.Invariant[CitiesProperty] = cities;
        else
            data.Invariant.Remove(CitiesProperty);
        EnsureCity(data, city);
    }

    /// <summary>A city editor's practice always names their city, so it stays theirs to edit.</summary>
    public static void EnsureCity(ContentData data, Guid city)
    {
        var cities = Cities(data).ToList();
        if (cities.Contains(city))
            return;
        cities.Insert(0, city);
        data.Invariant[CitiesProperty] = JsonSerializer.SerializeToElement(cities.Select(c => c.ToString()));
    }

    private static List<Guid> Keys(JsonElement value)
    {
        IEnumerable<JsonElement> items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];
        return items.Where(i => i.ValueKind == JsonValueKind.String)
            .Select(i => Guid.TryParse(i.GetString(), out var key) ? key : Guid.Empty)
            .Where(k => k != Guid.Empty)
            .ToList();
    }
}
