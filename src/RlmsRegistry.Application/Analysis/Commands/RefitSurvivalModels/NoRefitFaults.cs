namespace RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;

/// <summary>The production <see cref="IRefitFaultInjector"/>: no faults.</summary>
public sealed class NoRefitFaults : IRefitFaultInjector
{
    public void AfterAnalysis(Guid runId)
    {
    }
}
