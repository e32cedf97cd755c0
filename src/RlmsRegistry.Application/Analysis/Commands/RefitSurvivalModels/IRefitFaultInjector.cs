namespace RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;

/// <summary>
/// A hook for tests to make a run fail at a chosen point (after the models are fitted, before the snapshot is published);
/// the registered default, <see cref="NoRefitFaults"/>, does nothing.
/// </summary>
public interface IRefitFaultInjector
{
    void AfterAnalysis(Guid runId);
}
