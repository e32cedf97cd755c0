using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Jobs;

namespace RlmsRegistry.Cli.Commands.Registry;

/// <summary><c>rlms analysis refit</c>: one refit now, in this process (the job's command without Hangfire), timed.</summary>
internal sealed class AnalysisRefitCommand : ICommand
{
    public string Name => "analysis refit";

    public string Summary => "refit the survival models now and publish a snapshot (or report that nothing changed)";

    public IReadOnlyList<OptionSpec> Options { get; } = [RegistryHost.Provider, RegistryHost.Connection];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        using var services = RegistryHost.Build(options);
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:cli");
        var watch = Stopwatch.StartNew();
        try
        {
            var run = scope.ServiceProvider.GetRequiredService<ISender>().Send(new RefitSurvivalModelsCommand()).AsTask().GetAwaiter().GetResult();
            context.Out.WriteLine($"{run.Status}: snapshot {run.SnapshotId} in {watch.Elapsed.TotalSeconds:0.0} s ({run.Message})");
            return RlmsCli.Success;
        }
        catch (OptionsValidationException e)
        {
            throw new InputException($"the analysis settings are invalid: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new InputException($"the refit failed: {e.Message}", e);
        }
    }
}

/// <summary><c>rlms worker</c>: a Hangfire server (refits, the nightly schedule) against the registry database, without web serving.</summary>
internal sealed class WorkerCommand : ICommand
{
    public string Name => "worker";

    public string Summary => "run the background job server (nightly refit, queued refits) until Ctrl+C";

    public IReadOnlyList<OptionSpec> Options { get; } = [RegistryHost.Provider, RegistryHost.Connection];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        using var services = RegistryHost.Build(options, s => RlmsRegistry.Infrastructure.DependencyInjection.AddRegistryJobs(s, runServer: true));
        var hosted = services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ToList();
        foreach (var service in hosted)
        {
            service.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        RefitSchedule.Register(services.GetRequiredService<Hangfire.IRecurringJobManager>(), services.GetRequiredService<IConfiguration>());
        context.Out.WriteLine("rlms worker: processing jobs; press Ctrl+C to stop.");
        using var stop = new ManualResetEventSlim();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Set(); };
        stop.Wait();
        foreach (var service in hosted)
        {
            service.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        return RlmsCli.Success;
    }
}
