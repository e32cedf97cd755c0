using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;
using RlmsRegistry.Application.Analysis.Refits;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Infrastructure.Jobs;

/// <summary>
/// The Hangfire job <c>refit-survival-models</c>: plumbing only — in its own scope, as the system principal, it sends
/// <see cref="RefitSurvivalModelsCommand"/> (the refit itself lives in Application) and lets a failure propagate so
/// Hangfire retries it with back-off (3 attempts).
/// </summary>
public sealed class RefitJob(IServiceScopeFactory scopes)
{
    public const string RecurringId = "refit-survival-models";
    public const string SystemName = "system:refit-job";

    /// <summary>Runs a queued run (a manual request), or runs it again on Hangfire's retry.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task RunAsync(Guid runId, CancellationToken cancellationToken) =>
        SendAsync(new RefitSurvivalModelsCommand(runId), cancellationToken);

    /// <summary>The nightly schedule: records a run (trigger "schedule") and runs it.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task RunScheduledAsync(CancellationToken cancellationToken) =>
        SendAsync(new RefitSurvivalModelsCommand(Trigger: RefitTriggers.Schedule), cancellationToken);

    private async Task SendAsync(RefitSurvivalModelsCommand command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem(SystemName);
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, cancellationToken);
    }
}

/// <summary>Queues recorded runs on Hangfire (the job server may be this process or a separate worker).</summary>
public sealed class HangfireRefitScheduler(IBackgroundJobClient jobs) : IRefitScheduler
{
    public string Enqueue(Guid runId) => jobs.Enqueue<RefitJob>(j => j.RunAsync(runId, CancellationToken.None));
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
