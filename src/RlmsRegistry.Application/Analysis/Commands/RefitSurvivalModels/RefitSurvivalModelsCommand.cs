using Mediator;
using RlmsRegistry.Application.Analysis.Refits;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;

/// <summary>
/// Refit the survival models and publish a snapshot: the one use case behind the Hangfire job (a queued run, its retries
/// and the nightly schedule), <c>rlms analysis refit</c> and the demo's first start. With <see cref="RunId"/> it runs that
/// recorded run (what the job and Hangfire's retry do); without, it records a new run with <see cref="Trigger"/> and the
/// caller's name, and runs it now. Failing leaves the current snapshot as it was, records the run as failed and throws,
/// so the job is retried.
/// </summary>
/// <param name="RunId">The queued run to execute, or null for a new run.</param>
/// <param name="Trigger">"manual" or "schedule" (for a new run).</param>
[AuthorizeRequest(Roles.Admin)]
public sealed record RefitSurvivalModelsCommand(Guid? RunId = null, string Trigger = RefitTriggers.Manual) : ICommand<AnalysisRunDto>;
