using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using StrongCitiesPortal.Content.DocumentTypes;

namespace StrongCitiesPortal.Content.PropertyEditors;

/// <summary>An e-mail address.</summary>
public sealed partial class EmailEditor : PropertyEditor
{
    public override string Alias => "email";

    public override bool TakesMaxLength => true;

    public override void Validate(PropertyValueCheck check)
    {
        if (check.Value.ValueKind != JsonValueKind.String || !IsEmail(check.Value.GetString()!))
            check.Fail("Must be an e-mail address such as name@example.org.");
    }

    public override JsonElement? Import(PropertyType property, JsonElement value, IImportCell cell) => CellText.Trimmed(value);

    private static bool IsEmail(string text) =>
        text.Length <= 254 && MailAddress.TryCreate(text, out var address) && address.Address == text && EmailShape().IsMatch(text);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}
