using System.Text.Json;
using System.Text.Json.Serialization;
using Hangfire;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application;
using RlmsRegistry.Infrastructure;
using RlmsRegistry.Infrastructure.Demo;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Web.Infrastructure;

public static class WebSetup
{
    public const string ApiPolicy = "Api";

    public static WebApplicationBuilder AddRegistryWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddRegistryApplication();
        services.AddRegistryInfrastructure(configuration, builder.Environment.ContentRootPath);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromMinutes(configuration.GetValue("Auth:AccessTokenMinutes", 60));
                o.RefreshTokenExpiration = TimeSpan.FromDays(1);
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "rlms.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.AddIdentityCore<ApplicationUser>(RlmsRegistry.Infrastructure.DependencyInjection.ConfigureIdentityOptions)
            .AddRegistryIdentityCore()
            .AddSignInManager();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser());

        services.AddControllersWithViews(o =>
            {
                o.Filters.Add<AutoValidateAntiforgeryTokenAttribute>();
            })
            .AddJsonOptions(o =>
            {
                o.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
                o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
                o.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            })
            .ConfigureApiBehaviorOptions(o =>
            {
                o.InvalidModelStateResponseFactory = context => ProblemResults.ValidationProblem(
                    context.ModelState.Where(e => e.Value is { Errors.Count: > 0 })
                        .ToDictionary(
                            e => ProblemResults.JsonField(e.Key),
                            e => e.Value!.Errors.Select(x => string.IsNullOrEmpty(x.ErrorMessage) ? "The value is not valid." : x.ErrorMessage).ToArray()));
            });
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "rlms.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        var database = services.BuildDatabaseOptions(configuration, builder.Environment.ContentRootPath);
        services.AddRegistryJobs(database, configuration.GetValue("Jobs:RunServer", true));
        return builder;
    }

    public static async Task InitialiseDatabaseAsync(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        var demo = DemoEnabled(app);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
            var migrate = database.MigrateOnStartup ?? database.Provider == DatabaseProvider.Sqlite;
            if (migrate)
            {
                await DatabaseSetup.PrepareSqliteAsync(db);
                await db.Database.MigrateAsync();
            }
        }

        if (demo)
        {
            await DemoSeeder.SeedAsync(app.Services);
        }

        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app, demo));
    }

    public static WebApplication UseRegistryPipeline(this WebApplication app)
    {
        app.UseExceptionHandler("/Home/Error");
        app.UseStatusCodePagesWithReExecute("/Home/Status/{0}");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/health");
        app.MapControllers();
        app.MapDefaultControllerRoute();
        return app;
    }

    private static DatabaseOptions BuildDatabaseOptions(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var descriptor = services.First(d => d.ServiceType == typeof(DatabaseOptions));
        return descriptor.ImplementationInstance as DatabaseOptions ?? RlmsRegistry.Infrastructure.DependencyInjection.ReadDatabaseOptions(configuration, contentRoot);
    }

    /// <summary>
    /// The demo is on by default only on the embedded SQLite default, and refused in Production:
    /// demo accounts with a published password must never reach a real registry.
    /// </summary>
    private static bool DemoEnabled(WebApplication app)
    {
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        var configured = app.Configuration.GetValue<bool?>("Demo:Enabled");
        var enabled = configured ?? (database.Provider == DatabaseProvider.Sqlite && !app.Environment.IsProduction());
        if (enabled && app.Environment.IsProduction())
        {
            throw new InvalidOperationException("Demo:Enabled is refused in the Production environment: demo accounts have a published password.");
        }

        return enabled;
    }

    private static void PrintWelcome(WebApplication app, bool demo)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RlmsRegistry");
        var urls = string.Join(", ", app.Urls);
        logger.LogInformation("RLMS Registry is listening on {Urls}. Sign in at {SignIn}.", urls, app.Urls.FirstOrDefault() + "/Account/Login");
        if (demo)
        {
            logger.LogInformation(
                "Demo registry (synthetic data). Accounts: {Accounts}; password for all: {Password}",
                string.Join(", ", DemoSeeder.Accounts.Select(a => $"{a.Email} ({a.Role})")),
                DemoSeeder.Password);
        }
    }
}
