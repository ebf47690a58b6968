using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using StrongCitiesPortal.Web.Features.DeliveryApi.Querying;

namespace StrongCitiesPortal.Web.Features.DeliveryApi;

public static class DeliveryApiExtensions
{
    public const string DocumentName = "delivery";
    public const string CorsPolicy = "DeliveryApi";
    public const string OpenApiPath = "/umbraco/swagger/delivery/swagger.json";
    public const string SwaggerUiPrefix = "umbraco/swagger";

    /// <summary>Umbraco's Content Delivery API v2 with the portal's extra filters, its output cache, CORS, rate limit and OpenAPI document.</summary>
    public static IHostApplicationBuilder AddDeliveryApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DeliveryApiOptions>().BindConfiguration(DeliveryApiOptions.Section);
        services.AddOptions<DeliveryApiPortalOptions>().BindConfiguration(DeliveryApiPortalOptions.Section);

        // The media library, when it is part of the portal (registered before this), answers the media endpoints and pickers.
        if (services.Any(d => d.ServiceType == typeof(Media.MediaLibrary)))
        {
            services.AddSingleton<MediaDeliverySource>();
            services.AddSingleton<IDeliveryMediaSource>(sp => sp.GetRequiredService<MediaDeliverySource>());
            services.AddHostedService(sp => sp.GetRequiredService<MediaDeliverySource>());
        }
        services.AddSingleton<DeliveryContentViews>();
        services.AddSingleton<DeliveryContentBuilder>();
        services.AddSingleton<DeliveryRequestReader>();
        services.AddSingleton<ContentQueryService>();
        services.AddSingleton<IContentSelector, ChildrenSelector>();
        services.AddSingleton<IContentSelector, DescendantsSelector>();
        services.AddSingleton<IContentSelector, AncestorsSelector>();
        services.AddSingleton<IContentFilter, ContentTypeFilter>();
        services.AddSingleton<IContentFilter, NameFilter>();
        services.AddSingleton<IContentFilter, CreateDateFilter>();
        services.AddSingleton<IContentFilter, UpdateDateFilter>();
        services.AddSingleton<IContentFilter, ThemeFilter>();
        services.AddSingleton<IContentFilter, CountryFilter>();
        services.AddSingleton<IContentFilter, RegionFilter>();
        services.AddSingleton<IContentFilter, CityFilter>();
        services.AddSingleton<IContentFilter, KindFilter>();
        services.AddSingleton<IContentFilter, ParentFilter>();
        services.AddSingleton<IContentSort, CreateDateSort>();
        services.AddSingleton<IContentSort, UpdateDateSort>();
        services.AddSingleton<IContentSort, NameSort>();
        services.AddSingleton<IContentSort, LevelSort>();
        services.AddSingleton<IContentSort, SortOrderSort>();

        services.AddOutputCache(options =>
        {
            options.AddPolicy(DeliveryOutputCache.ContentPolicy, new DeliveryOutputCache(media: false));
            options.AddPolicy(DeliveryOutputCache.MediaPolicy, new DeliveryOutputCache(media: true));
        });
        services.AddHostedService<DeliveryOutputCacheEviction>();

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<DeliveryApiPortalOptions>>((cors, portal) =>
            cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. portal.Value.CorsAllowedOrigins])
                .WithMethods(HttpMethods.Get, HttpMethods.Head)
                .WithHeaders("Accept-Language", DeliveryRequest.StartItemHeader, DeliveryRequest.PreviewHeader, DeliveryRequest.ApiKeyHeader, "If-None-Match")
                .WithExposedHeaders("ETag", "Retry-After")));

        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.GroupName == DocumentName;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Strong Cities Portal Delivery API",
                    Version = "2.0",
                    Description = "Umbraco's Content Delivery API v2, served by the Strong Cities Portal, with the portal's extra filters "
                        + "(theme, country, region, city, kind, parent).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(Header("Accept-Language", "The culture to deliver (en, fr, ar).", JsonSchemaType.String));
                operation.Parameters.Add(Header(DeliveryRequest.ApiKeyHeader, "The API key: needed for preview, and for everything when public access is off.", JsonSchemaType.String));
                operation.Parameters.Add(Header(DeliveryRequest.PreviewHeader, "true to deliver drafts (needs the API key).", JsonSchemaType.Boolean));
                operation.Parameters.Add(Header(DeliveryRequest.StartItemHeader, "The URL segment or id of the root item to work below.", JsonSchemaType.String));
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>The API's middleware (CORS, rate limit, access, output cache, in that order) and its endpoints, document and browsable page.</summary>
    public static WebApplication MapDeliveryApi(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(DeliveryApiAccess.BasePath, StringComparison.OrdinalIgnoreCase), branch =>
        {
            branch.UseCors(CorsPolicy);
            branch.UseMiddleware<DeliveryRateLimiting>();
            branch.UseMiddleware<DeliveryApiAccess>();
            branch.UseOutputCache();
        });
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = SwaggerUiPrefix;
            options.DocumentTitle = "Strong Cities Portal Delivery API";
            options.SwaggerEndpoint(OpenApiPath, "Delivery API");
        });
        app.MapOpenApi("/umbraco/swagger/{documentName}/swagger.json");
        app.MapContentApi();
        app.MapSearchDeliveryApi();
        if (app.Services.GetService<IDeliveryMediaSource>() is not null)
            app.MapMediaApi();
        return app;
    }

    /// <summary>Turns the API's own refusals into Umbraco's answers: problem details, or the Start-Item text.</summary>
    /// <summary>A group of Delivery API v2 endpoints (<c>/umbraco/delivery/api/v2/{resource}</c>): its OpenAPI tag, problem details, output cache and the answers every endpoint can give.</summary>
    internal static RouteGroupBuilder MapDeliveryGroup(this IEndpointRouteBuilder app, string resource, string tag, string cachePolicy) =>
        app.MapGroup(DeliveryApiAccess.BasePath + "/v2/" + resource)
            .WithTags(tag)
            .WithGroupName(DocumentName)
            .AddEndpointFilter(ProblemsFilter)
            .CacheOutput(cachePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    internal static async ValueTask<object?> ProblemsFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DeliveryApiException problem)
        {
            return DeliveryResults.Problem(problem);
        }
        catch (StartItemNotFoundException missing)
        {
            return TypedResults.NotFound(missing.Message);
        }
    }

    private static OpenApiParameter Header(string name, string description, JsonSchemaType type) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = type },
    };
}
