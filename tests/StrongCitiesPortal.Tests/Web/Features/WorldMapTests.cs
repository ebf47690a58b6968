using System.Text.Json;
using StrongCitiesPortal.Web.Features.Cities;

namespace StrongCitiesPortal.Tests.Web.Features;

[Category("Unit")]
public sealed class WorldMapTests
{
    // A quantised, delta-encoded topology: one square (arc 0) and one arc used reversed (~1 = -2) to close a triangle.
    private const string Topology = """
        {
          "type": "Topology",
          "transform": { "scale": [1, 1], "translate": [-180, -90] },
          "objects": { "land": { "type": "GeometryCollection", "geometries": [
            { "type": "Polygon", "arcs": [[0]] },
            { "type": "MultiPolygon", "arcs": [[[-2]]] }
          ] } },
          "arcs": [
            [[180, 90], [10, 0], [0, 10], [-10, 0], [0, -10]],
            [[0, 0], [20, 0], [0, 20]]
          ]
        }
        """;

    [Test]
    public void A_topology_decodes_into_an_equirectangular_path()
    {
        using var topology = JsonDocument.Parse(Topology);

        var path = WorldMap.LandPath(topology.RootElement);

        // Longitude 0, latitude 0 is the map's centre (180, 90); y grows southwards.
        path.ShouldBe("M180 90L190 90L190 80L180 80L180 90Z" + "M20 160L20 180L0 180Z");
    }

    [Test]
    public void A_step_across_the_antimeridian_starts_a_new_stroke()
    {
        using var topology = JsonDocument.Parse("""
            { "transform": { "scale": [1, 1], "translate": [-180, -90] },
              "objects": { "land": { "geometries": [ { "type": "Polygon", "arcs": [[0]] } ] } },
              "arcs": [ [[350, 100], [10, 0], [-360, 0], [10, 0]] ] }
            """);

        WorldMap.LandPath(topology.RootElement).ShouldBe("M350 80L360 80M0 80L10 80Z");
    }

    [Test]
    public void A_map_frames_its_cities_and_shows_the_world_without_any()
    {
        var london = new MapPoint("/cities/london/", "London", 51.5, -0.13, null);
        var paris = new MapPoint("/cities/paris/", "Paris", 48.86, 2.35, null);

        WorldMap.Frame([], "none").ViewBox.ShouldBe("0 5 360 150");
        var europe = WorldMap.Frame([london, paris], "two");
        var box = europe.ViewBox.Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        box[0].ShouldBeLessThan(MapModel.X(-0.13));
        (box[0] + box[2]).ShouldBeGreaterThan(MapModel.X(2.35));
        box[1].ShouldBeLessThan(MapModel.Y(51.5));
        (box[1] + box[3]).ShouldBeGreaterThan(MapModel.Y(48.86));
        box[2].ShouldBe(40);
    }
}
