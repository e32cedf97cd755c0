using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Behaviours;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the use cases (Mediator, handlers scoped because they use the DbContext) and the one pipeline:
    /// logging → authorization → record scope → validation → concurrency → case lock → handler.
    /// </summary>
    public static IServiceCollection AddRegistryApplication(this IServiceCollection services)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Namespace = "RlmsRegistry.Application.Mediator";
            options.Assemblies = [typeof(DependencyInjection)];
            options.PipelineBehaviors =
            [
                typeof(LoggingBehaviour<,>),
                typeof(AuthorizationBehaviour<,>),
                typeof(RecordScopeBehaviour<,>),
                typeof(ValidationBehaviour<,>),
                typeof(ConcurrencyBehaviour<,>),
                typeof(CaseLockBehaviour<,>),
            ];
        });
        // A validator without dependencies holds only its rules: one instance serves every request (building the rules
        // per request showed up in the dashboards' profile); those that read the database or the clock stay scoped.
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, r => IsStateless(r.ValidatorType), includeInternalTypes: true);
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Scoped, r => !IsStateless(r.ValidatorType), includeInternalTypes: true);
        services.AddSingleton<IClock, SystemClock>();
        services.AddSingleton<Dashboards.SnapshotCache>();
        services.AddScoped<Dashboards.CurrentSnapshotReader>();
        // For readers that usually need no database (the dashboards' cached figures): the context is built on first use.
        services.AddScoped(sp => new Lazy<IRegistryDbContext>(sp.GetRequiredService<IRegistryDbContext>));
        services.AddSingleton<Prediction.PredictionModelCache>();
        services.TryAddSingleton<Analysis.Commands.RefitSurvivalModels.IRefitFaultInjector, Analysis.Commands.RefitSurvivalModels.NoRefitFaults>();
        return services;
    }

    private static bool IsStateless(Type validator) => validator.GetConstructors().All(c => c.GetParameters().Length == 0);
}
