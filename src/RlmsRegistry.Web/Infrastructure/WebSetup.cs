using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
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
    public const string SignInRateLimit = "sign-in";
    public const string ApiRateLimit = "api";

    public static WebApplicationBuilder AddRegistryWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddRegistryApplication();
        services.AddRegistryInfrastructure(configuration, builder.Environment.ContentRootPath);
        var demo = new DemoMode(DemoEnabled(configuration, builder.Environment));
        services.AddSingleton(demo);
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section))
            .PostConfigure(o => o.RequireTwoFactorForAdmins ??= !demo.Enabled);
        services.AddRegistryDataProtection();
        if (string.IsNullOrWhiteSpace(configuration["Email:Smtp:Host"]))
        {
            services.AddSingleton<IPasswordLinkSender, ShowToAdminLinkSender>();
        }
        else
        {
            services.AddSingleton<IPasswordLinkSender, SmtpLinkSender>();
        }

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
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ValidatedBearerHandler>(ValidatedBearerHandler.SchemeName, null);
        services.AddAuthentication().AddIdentityCookies();
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
            // The security stamp is checked on every request (removed roles and centres take effect at once).
            o.EventsType = typeof(StampCheckingCookieEvents);
        });
        services.AddScoped<StampCheckingCookieEvents>();
        services.AddIdentityCore<ApplicationUser>(RlmsRegistry.Infrastructure.DependencyInjection.ConfigureIdentityOptions)
            .AddRegistryIdentityCore()
            .AddSignInManager();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(3));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 429, Title = "Too many requests", Detail = "Wait a minute and try again." },
                    options: null, contentType: "application/problem+json", cancellationToken: ct);
            };
            o.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.SignInPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            o.AddPolicy(ApiRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.ApiPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(ValidatedBearerHandler.SchemeName).RequireAuthenticatedUser());

        services.AddControllersWithViews(o =>
            {
                o.Filters.Add<AutoValidateAntiforgeryTokenAttribute>();
                o.Filters.Add<TwoFactorForAdminsFilter>();
            })
            .AddJsonOptions(o =>
            {
                o.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
                o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
                o.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            })
            .ConfigureApiBehaviorOptions(o =>
            {
                // A JsonResult, so that [Produces("application/json")] does not rewrite the problem's content type.
                o.InvalidModelStateResponseFactory = context => new JsonResult(ProblemResults.ValidationProblem(
                    context.ModelState.Where(e => e.Value is { Errors.Count: > 0 })
                        .ToDictionary(
                            e => ProblemResults.JsonField(e.Key),
                            e => e.Value!.Errors.Select(x => string.IsNullOrEmpty(x.ErrorMessage) ? "The value is not valid." : x.ErrorMessage).ToArray())).Value)
                {
                    StatusCode = StatusCodes.Status400BadRequest,
                    ContentType = "application/problem+json",
                };
            });
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "rlms.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.AddRegistryJobs(configuration.GetValue("Jobs:RunServer", true));
        return builder;
    }

    public static async Task InitialiseDatabaseAsync(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        var demo = app.Services.GetRequiredService<DemoMode>().Enabled;
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
            await PublishFirstSnapshotAsync(app.Services);
        }

        if (app.Configuration.GetValue("Jobs:RunServer", true))
        {
            RlmsRegistry.Infrastructure.Jobs.RefitSchedule.Register(app.Services.GetRequiredService<IRecurringJobManager>(), app.Configuration);
        }

        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app, demo));
    }

    /// <summary>The embedded demo opens with its statistics already published: one synchronous refit when there is no snapshot yet.</summary>
    private static async Task PublishFirstSnapshotAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem(RlmsRegistry.Infrastructure.Jobs.RefitJob.SystemName);
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        if (!await db.AnalysisSnapshots.AnyAsync())
        {
            await scope.ServiceProvider.GetRequiredService<global::Mediator.ISender>().Send(
                new RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels.RefitSurvivalModelsCommand(Trigger: "schedule"));
        }
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
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/health");
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [], // not Hangfire's default (local requests only): AsyncAuthorization decides
            AsyncAuthorization = [new AdminDashboardAuthorization()],
            AppPath = "/",
            DisplayStorageConnectionString = false,
        });
        app.MapControllers();
        app.MapDefaultControllerRoute();
        return app;
    }

    /// <summary>
    /// The demo is on by default only on the embedded SQLite default, and refused in Production:
    /// demo accounts with a published password must never reach a real registry.
    /// </summary>
    private static bool DemoEnabled(IConfiguration configuration, IWebHostEnvironment environment)
    {
        var provider = configuration.GetValue<DatabaseProvider?>("Database:Provider") ?? DatabaseProvider.Sqlite;
        var configured = configuration.GetValue<bool?>("Demo:Enabled");
        var enabled = configured ?? (provider == DatabaseProvider.Sqlite && !environment.IsProduction());
        if (enabled && environment.IsProduction())
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

/// <summary>The Hangfire dashboard is for signed-in admins only, and, where admins must use two-factor, enrolled ones.</summary>
public sealed class AdminDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        return http.User is { Identity.IsAuthenticated: true } user
            && user.IsInRole(RlmsRegistry.Application.Common.Security.Roles.Admin)
            && !await TwoFactorForAdminsFilter.MustEnrolAsync(
                http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value,
                http.RequestServices.GetRequiredService<UserManager<ApplicationUser>>(),
                user);
    }
}
