using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis.Refits;
using RlmsRegistry.Infrastructure.Analysis;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Infrastructure.Jobs;

/// <summary>
/// The Hangfire job <c>refit-survival-models</c>: thin — it takes a run id, runs <see cref="RefitRunner"/> in its own
/// scope as the system principal, and lets a failure propagate so Hangfire retries it with back-off (3 attempts).
/// </summary>
public sealed class RefitJob(IServiceScopeFactory scopes)
{
    public const string RecurringId = "refit-survival-models";
    public const string SystemName = "system:refit-job";

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem(SystemName);
        await scope.ServiceProvider.GetRequiredService<RefitRunner>().RunAsync(runId, cancellationToken);
    }

    /// <summary>The nightly schedule: records a run (trigger "schedule") and runs it.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunScheduledAsync(CancellationToken cancellationToken)
    {
        Guid runId;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem(SystemName);
            runId = await scope.ServiceProvider.GetRequiredService<RefitRunner>().QueueAsync("schedule", SystemName, cancellationToken);
        }

        await RunAsync(runId, cancellationToken);
    }
}

/// <summary>Queues manual runs on Hangfire (the job server may be this process or a separate worker).</summary>
public sealed class HangfireRefitScheduler(RefitRunner runner, IBackgroundJobClient jobs, Persistence.RegistryDbContext db) : IRefitScheduler
{
    public async Task<Guid> RequestAsync(string trigger, string triggeredBy, CancellationToken cancellationToken)
    {
        var runId = await runner.QueueAsync(trigger, triggeredBy, cancellationToken);
        var jobId = jobs.Enqueue<RefitJob>(j => j.RunAsync(runId, CancellationToken.None));
        var run = await db.AnalysisRuns.FindAsync([runId], cancellationToken);
        run!.JobId = jobId;
        await db.SaveChangesAsync(cancellationToken);
        return runId;
    }
}

/// <summary>Registers the nightly refit on its configured cron and time zone.</summary>
public static class RefitSchedule
{
    /// <summary>The nightly refit from <c>Analysis:RefitCron</c> (default 02:00) in <c>Analysis:TimeZone</c> (default UTC).</summary>
    public static void Register(IRecurringJobManager manager, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var cron = configuration["Analysis:RefitCron"] ?? "0 2 * * *";
        var timeZone = configuration["Analysis:TimeZone"];
        var zone = TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone);
        manager.AddOrUpdate<RefitJob>(RefitJob.RecurringId, j => j.RunScheduledAsync(CancellationToken.None), cron, new RecurringJobOptions { TimeZone = zone });
    }
}
