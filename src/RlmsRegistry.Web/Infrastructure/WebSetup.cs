using System.Text.Json;
using System.Text.Json.Serialization;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Builder;
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

    public static WebApplicationBuilder AddRegistryWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        services.AddSingleton(sp => new SessionCheckCache(sp.GetRequiredService<TimeProvider>())
        {
            Lifetime = TimeSpan.FromSeconds(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.SessionCheckCacheSeconds),
        });
        services.AddRegistryApplication();
        services.AddRegistryInfrastructure(configuration, builder.Environment.ContentRootPath);
        var demo = new DemoMode(DemoEnabled(configuration, builder.Environment));
        services.AddSingleton(demo);
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section))
            .PostConfigure(o => o.RequireTwoFactorForAdmins ??= !demo.Enabled);
        services.AddRegistryDataProtection(configuration).WarnWhenKeysArePlain(configuration, builder.Environment);
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
            // Behind a TLS-terminating proxy the app may see plain HTTP: outside Development the cookie is always Secure.
            o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // The security stamp is checked on every request (removed roles and centres take effect at once).
            o.EventsType = typeof(StampCheckingCookieEvents);
        });
        services.AddSingleton<StampCheckingCookieEvents>();
        services.AddScoped<SessionStore>();
        services.AddSingleton<SessionCheck>();
        services.AddScoped<SignInGuard>();
        services.AddSingleton<AccountSignInLimiter>();
        services.AddIdentityCore<ApplicationUser>(RlmsRegistry.Infrastructure.DependencyInjection.ConfigureIdentityOptions)
            .AddRegistryIdentityCore()
            .AddSignInManager();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(3));
        services.AddRegistryRateLimits();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(ValidatedBearerHandler.SchemeName).RequireAuthenticatedUser());

        services.AddControllersWithViews(o =>
            {
                o.Filters.Add<AutoValidateAntiforgeryTokenAttribute>();
                o.Filters.Add<TwoFactorForAdminsFilter>();
                o.Filters.Add(new AuthorizeBeforeValidationFilter()); // an instance, so its order (before the automatic 400) holds
                o.Filters.Add(new ProblemDetailsResultFilter());
                Forms.FormBinding.Configure(o);
            })
            .AddJsonOptions(o =>
            {
                o.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
                o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
                o.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
                // A body that is not valid JSON is reported by field, without the serializer's message (it names C# types).
                o.AllowInputFormatterExceptionMessages = false;
            })
            .ConfigureApiBehaviorOptions(o =>
            {
                o.InvalidModelStateResponseFactory = context => ProblemResults.ValidationProblem(
                    context.ModelState.Where(e => e.Value is { Errors.Count: > 0 })
                        .ToDictionary(
                            e => ProblemResults.JsonField(e.Key),
                            e => e.Value!.Errors.Select(x => string.IsNullOrEmpty(x.ErrorMessage) || x.Exception is not null ? "The value is not valid." : x.ErrorMessage).ToArray()));
            });
        services.AddMemoryCache(); // the dashboards' rendered fragments (SnapshotCacheTagHelper)
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions.Remove("exception"));
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi(o => o.AddDocumentTransformer<Forms.FieldOpenApiDescriptions>());
        services.AddRegistryProxySupport(configuration);
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
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
        // Behind the proxy, the client's address and scheme come from the forwarded headers of the known proxies only.
        app.UseForwardedHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Home/Error",
            StatusCodeSelector = ProblemWriter.StatusOf,
        });
        // API refusals without a body get their ProblemDetails; pages get the status page.
        app.UseWhen(ProblemWriter.IsApi, api => api.UseStatusCodePages(ProblemWriter.WriteStatusAsync));
        app.UseWhen(c => !ProblemWriter.IsApi(c), pages => pages.UseStatusCodePagesWithReExecute("/Home/Status/{0}"));
        if (app.Environment.IsProduction())
        {
            app.UseHsts();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        // An unavailable database is a 503 wherever it is met, also in the session check of authentication.
        app.UseMiddleware<DatabaseUnavailableMiddleware>();
        app.UseMiddleware<RequestSizeMiddleware>();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<ApiUserMiddleware>();
        app.UseRateLimiter();
        app.UseAuthorization();

        var openApi = app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsProduction())
        {
            // The document maps every endpoint: in Production only signed-in users (page cookie or API token) read it.
            openApi.RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ValidatedBearerHandler.SchemeName).RequireAuthenticatedUser());
        }

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
