namespace RlmsRegistry.Application.Analysis.Refits;

/// <summary>
/// Hands a recorded run to the background job server, which sends <c>RefitSurvivalModelsCommand</c> with its id;
/// returns the job's id.
/// </summary>
public interface IRefitScheduler
{
    string Enqueue(Guid runId);
}
