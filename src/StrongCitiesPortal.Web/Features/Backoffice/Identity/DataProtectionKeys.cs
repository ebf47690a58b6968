using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;
using StrongCitiesPortal.Content.Persistence;

namespace StrongCitiesPortal.Web.Features.Backoffice.Identity;

/// <summary>
/// Keeps the data-protection key ring (which signs cookies, anti-forgery tokens and Identity tokens) in the
/// portal's database, so every instance of the portal accepts the others' cookies and a restart signs no one out.
/// </summary>
public sealed class DataProtectionKeys(PortalDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.DataSource.OpenConnection();
        using var command = new NpgsqlCommand("select xml from bo_data_protection_key order by id", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
            elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.DataSource.OpenConnection();
        using var command = new NpgsqlCommand("insert into bo_data_protection_key (friendly_name, xml) values (@name, @xml)", connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
