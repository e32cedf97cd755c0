using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>Running behind a TLS-terminating reverse proxy, and the data-protection keys' encryption at rest.</summary>
public static class ProxySupport
{
    /// <summary>
    /// X-Forwarded-For and X-Forwarded-Proto are honoured from the proxies in <c>Security:KnownProxies</c> /
    /// <c>Security:KnownNetworks</c> only (loopback is always trusted); from anyone else they are ignored.
    /// </summary>
    public static IServiceCollection AddRegistryProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        return services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            foreach (var proxy in security.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in security.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }

    /// <summary>
    /// Logs a warning at start-up in Production when the data-protection keys are stored plain (no
    /// <c>DataProtection:CertificatePath</c>; see <see cref="RlmsRegistry.Infrastructure.DependencyInjection.AddRegistryDataProtection"/>),
    /// which is accepted on the demo.
    /// </summary>
    public static IDataProtectionBuilder WarnWhenKeysArePlain(this IDataProtectionBuilder builder, IConfiguration configuration, IWebHostEnvironment environment)
    {
        if (!RlmsRegistry.Infrastructure.DependencyInjection.KeysAreEncrypted(configuration) && environment.IsProduction())
        {
            builder.Services.AddHostedService<PlainKeysWarning>();
        }

        return builder;
    }

    private sealed class PlainKeysWarning(ILogger<PlainKeysWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("Data-protection keys are stored unencrypted: set DataProtection:CertificatePath (and DataProtection:CertificatePassword) to encrypt them at rest.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
