using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StrongCitiesPortal.Web.Features.Cities;

public sealed record MapPoint(string? Url, string Name, double Latitude, double Longitude, string? Lang);

/// <summary>A map of points on the world outline, framed around them (or the whole world).</summary>
public sealed record MapModel(IReadOnlyList<MapPoint> Points, string ViewBox, double DotRadius, string Caption)
{
    public static double X(double longitude) => Math.Clamp(longitude, -180, 180) + 180;
    public static double Y(double latitude) => 90 - Math.Clamp(latitude, -90, 90);
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>
/// The world outline as an equirectangular SVG (x = longitude + 180, y = 90 - latitude), drawn once from
/// Natural Earth's 1:110m land shipped by the world-atlas npm package; no tiles, nothing fetched at run time.
/// </summary>
public sealed class WorldMap(IWebHostEnvironment environment, ILogger<WorldMap> logger)
{
    public const string OutlinePath = "/map/world.svg";
    private readonly Lazy<string> _svg = new(() => Draw(environment, logger));

    public string OutlineSvg => _svg.Value;

    public string ETag => $"\"{(uint)OutlineSvg.GetHashCode(StringComparison.Ordinal):x8}\"";

    /// <summary>Frames the points with some margin, never closer than a region; the whole world when there are none.</summary>
    public static MapModel Frame(IReadOnlyList<MapPoint> points, string caption, bool wholeWorld = false)
    {
        double left = 0, top = 5, width = 360, height = 150;
        if (!wholeWorld && points.Count > 0)
        {
            var xs = points.Select(p => MapModel.X(p.Longitude)).ToList();
            var ys = points.Select(p => MapModel.Y(p.Latitude)).ToList();
            width = Math.Max(xs.Max() - xs.Min() + 20, 40);
            height = Math.Max(ys.Max() - ys.Min() + 12, 20);
            if (width / height > 2) height = width / 2; else width = height * 2;
            width = Math.Min(width, 360);
            height = Math.Min(height, 180);
            left = Math.Clamp((xs.Min() + xs.Max()) / 2 - width / 2, 0, 360 - width);
            top = Math.Clamp((ys.Min() + ys.Max()) / 2 - height / 2, 0, 180 - height);
        }
        var viewBox = string.Join(' ', new[] { left, top, width, height }.Select(MapModel.Number));
        return new MapModel(points, viewBox, Math.Max(width / 150, 0.25), caption);
    }

    private static string Draw(IWebHostEnvironment environment, ILogger logger)
    {
        var svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 360 180\" width=\"360\" height=\"180\">");
        var file = environment.WebRootFileProvider.GetFileInfo("lib/world-atlas/land-110m.json");
        if (!file.Exists)
        {
            logger.LogWarning("The world outline (wwwroot/lib/world-atlas/land-110m.json) is missing; the map shows cities without land.");
            return svg.Append("</svg>").ToString();
        }
        using var stream = file.CreateReadStream();
        using var topology = JsonDocument.Parse(stream);
        svg.Append("<path fill=\"#f6f3ea\" stroke=\"#9aa8b5\" stroke-width=\"0.2\" d=\"").Append(LandPath(topology.RootElement)).Append("\"/></svg>");
        return svg.ToString();
    }

    /// <summary>Decodes a TopoJSON topology's "land" object (quantised, delta-encoded arcs) into one SVG path.</summary>
    internal static string LandPath(JsonElement topology)
    {
        var transform = topology.GetProperty("transform");
        var scale = transform.GetProperty("scale");
        var translate = transform.GetProperty("translate");
        var (sx, sy, tx, ty) = (scale[0].GetDouble(), scale[1].GetDouble(), translate[0].GetDouble(), translate[1].GetDouble());
        var arcs = topology.GetProperty("arcs").EnumerateArray().Select(arc =>
        {
            double x = 0, y = 0;
            return arc.EnumerateArray().Select(p =>
            {
                x += p[0].GetDouble();
                y += p[1].GetDouble();
                return (Lng: x * sx + tx, Lat: y * sy + ty);
            }).ToList();
        }).ToList();

        var path = new StringBuilder();
        foreach (var geometry in topology.GetProperty("objects").GetProperty("land").GetProperty("geometries").EnumerateArray())
        {
            var polygons = geometry.GetProperty("type").GetString() == "Polygon"
                ? [geometry.GetProperty("arcs")]
                : geometry.GetProperty("arcs").EnumerateArray().ToList();
            foreach (var polygon in polygons)
            {
                foreach (var ring in polygon.EnumerateArray())
                {
                    var first = true;
                    var previous = 0.0;
                    foreach (var index in ring.EnumerateArray().Select(i => i.GetInt32()))
                    {
                        var points = index >= 0 ? arcs[index] : Enumerable.Reverse(arcs[~index]).ToList();
                        foreach (var (lng, lat) in first ? points : points.Skip(1))
                        {
                            // A step across the antimeridian starts a new stroke instead of a line across the whole map.
                            var move = first || Math.Abs(lng - previous) > 180;
                            path.Append(move ? 'M' : 'L').Append(MapModel.Number(MapModel.X(lng))).Append(' ').Append(MapModel.Number(MapModel.Y(lat)));
                            first = false;
                            previous = lng;
                        }
                    }
                    path.Append('Z');
                }
            }
        }
        return path.ToString();
    }
}

public static class WorldMapEndpoints
{
    public static IEndpointRouteBuilder MapWorldMap(this IEndpointRouteBuilder app)
    {
        app.MapGet(WorldMap.OutlinePath, GetOutline).WithName("WorldOutline").ExcludeFromDescription();
        return app;
    }

    public static IResult GetOutline(HttpContext context, WorldMap map)
    {
        var etag = map.ETag;
        context.Response.Headers.CacheControl = "public, max-age=86400";
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Text(map.OutlineSvg, "image/svg+xml", Encoding.UTF8);
    }
}
