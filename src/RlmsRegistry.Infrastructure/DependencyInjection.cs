using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// Database (provider from <c>Database:Provider</c>), Identity stores and the current-user service.
    /// <paramref name="baseDirectory"/> is where the embedded SQLite default keeps its <c>data</c> folder.
    /// </summary>
    public static IServiceCollection AddRegistryInfrastructure(this IServiceCollection services, IConfiguration configuration, string baseDirectory)
    {
        var options = ReadDatabaseOptions(configuration, baseDirectory);
        services.AddSingleton(options);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
        // Session checks and the newest snapshot's id are remembered for a few seconds, forgotten on every change saved here (ADR 0016).
        services.TryAddSingleton<SessionCheckCache>();
        services.TryAddSingleton<CacheInvalidation>();
        // The options are the same for every scope: built once (a scope only constructs the context itself).
        services.AddDbContext<RegistryDbContext>(
            (sp, b) =>
            {
                DatabaseSetup.Configure(b, options.Provider, options.ConnectionString);
                b.AddInterceptors(sp.GetRequiredService<CacheInvalidation>());
            },
            ServiceLifetime.Scoped,
            ServiceLifetime.Singleton);
        services.AddScoped<IRegistryDbContext>(sp => sp.GetRequiredService<RegistryDbContext>());
        services.AddScoped<IUserAdministration, UserAdministration>();
        services.AddAnalysisSettings(configuration);
        services.AddOptions<RlmsRegistry.Application.Monitoring.MonitoringSettings>().Bind(configuration.GetSection("Monitoring"));
        services.AddTransient<Jobs.RefitJob>();
        services.AddScoped<RlmsRegistry.Application.Analysis.Refits.IRefitScheduler, Jobs.HangfireRefitScheduler>();
        services.AddScoped<RlmsRegistry.Application.Analysis.IAnalysisDatasetSource, Analysis.AnalysisDatasetSource>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// The <c>Analysis</c> settings, bound and checked by <see cref="AnalysisSettingsValidator"/> when the host starts
    /// (and, in a process without a host such as the CLI, when first read): a wrong value stops start-up with its message.
    /// </summary>
    public static IServiceCollection AddAnalysisSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalysisSettings>().Bind(configuration.GetSection(AnalysisSettings.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalysisSettings>, AnalysisSettingsOptionsValidation>());
        return services;
    }

    /// <summary>
    /// Data protection with its key ring in the registry database, shared by every process of one registry: the web app
    /// (cookies, antiforgery, password links), the worker and the CLI (<c>rlms user add</c> prints a set-password link
    /// the web app must accept). With <c>DataProtection:CertificatePath</c> (PKCS#12; password in
    /// <c>DataProtection:CertificatePassword</c>) the keys are encrypted at rest with that certificate, in every process
    /// alike: a process without it could neither read the keys the others wrote nor should it write plain ones beside
    /// them. A certificate that cannot be read is an <see cref="InvalidOperationException"/> naming the setting.
    /// </summary>
    public static IDataProtectionBuilder AddRegistryDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection().SetApplicationName("RlmsRegistry").PersistKeysToDbContext<RegistryDbContext>();
        if (KeysAreEncrypted(configuration))
        {
            var path = configuration[CertificatePathSetting]!;
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"{CertificatePathSetting}: the certificate '{path}' cannot be read ({e.Message.TrimEnd('.')}).", e);
            }

            builder.ProtectKeysWithCertificate(certificate);
        }

        return builder;
    }

    /// <summary>Where the certificate that encrypts the data-protection keys is read from.</summary>
    public const string CertificatePathSetting = "DataProtection:CertificatePath";

    /// <summary>Whether the data-protection keys are encrypted at rest (a certificate is configured).</summary>
    public static bool KeysAreEncrypted(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[CertificatePathSetting]);

    /// <summary>Identity with the registry's account rules (no self-registration; accounts are created by admins or the seed).</summary>
    public static IdentityBuilder AddRegistryIdentityCore(this IdentityBuilder builder)
    {
        return builder
            .AddRoles<ApplicationRole>()
            .AddEntityFrameworkStores<RegistryDbContext>()
            .AddClaimsPrincipalFactory<RegistryClaimsPrincipalFactory>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddDefaultTokenProviders();
    }

    public static void ConfigureIdentityOptions(IdentityOptions o)
    {
        o.Password.RequiredLength = 12;
        o.Password.RequireDigit = true;
        o.Password.RequireLowercase = true;
        o.Password.RequireUppercase = true;
        o.Password.RequireNonAlphanumeric = true;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
        o.User.RequireUniqueEmail = true;
        o.SignIn.RequireConfirmedAccount = false;
    }

    /// <summary>
    /// Hangfire storage matching the database (the <see cref="DatabaseOptions"/> registered by
    /// <see cref="AddRegistryInfrastructure"/>): SQL Server, PostgreSQL, or in memory for the embedded SQLite default.
    /// </summary>
    public static IServiceCollection AddRegistryJobs(this IServiceCollection services, bool runServer)
    {
        // One storage object per app, registered before AddHangfire so the app's job client and server use it rather than
        // the process-wide JobStorage.Current (two apps in one process — tests, or web + worker in one host — stay apart).
        // Created when first resolved (after AddHangfire has pointed Hangfire's logging at this app's logger factory).
        services.AddSingleton<JobStorage>(sp => sp.GetRequiredService<DatabaseOptions>() switch
        {
            { Provider: DatabaseProvider.SqlServer } database => new Hangfire.SqlServer.SqlServerStorage(database.ConnectionString),
            { Provider: DatabaseProvider.Postgres } database => NewPostgresStorage(database.ConnectionString),
            _ => new Hangfire.InMemory.InMemoryStorage(),
        });
        // Hangfire's own registration hands out the process-wide JobActivator.Current, which the last app to start
        // overwrites: jobs would then be activated from another app's container (and database).
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<Microsoft.Extensions.DependencyInjection.IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(sp.GetRequiredService<JobStorage>())
            .UseLogProvider(new Jobs.ResilientLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())));
        if (runServer)
        {
            services.AddHangfireServer(o => o.WorkerCount = Math.Max(1, Environment.ProcessorCount / 2));
        }

        return services;
    }

    private static PostgreSqlStorage NewPostgresStorage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1), PrepareSchemaIfNecessary = true };
        return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, options), options);
    }

    public static DatabaseOptions ReadDatabaseOptions(IConfiguration configuration, string baseDirectory)
    {
        var options = new DatabaseOptions();
        configuration.GetSection(DatabaseOptions.Section).Bind(options);
        var cs = configuration.GetConnectionString("Registry");
        options.ConnectionString = !string.IsNullOrWhiteSpace(cs)
            ? cs
            : options.Provider == DatabaseProvider.Sqlite
                ? DatabaseSetup.DefaultSqliteConnectionString(baseDirectory)
                : throw new InvalidOperationException($"ConnectionStrings:Registry is required for the {options.Provider} provider.");
        return options;
    }
}
