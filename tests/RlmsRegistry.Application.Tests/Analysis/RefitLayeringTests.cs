using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using RlmsRegistry.Infrastructure.Jobs;

namespace RlmsRegistry.Application.Tests.Analysis;

/// <summary>The refit is an Application use case: Infrastructure only reads consistently and runs Hangfire jobs.</summary>
public sealed class RefitLayeringTests
{
    /// <summary>Types whose use means doing the refit's work rather than sending the command.</summary>
    private static readonly string[] RefitWork = ["CohortAnalyzer", "AnalysisFingerprint", "CohortDerivation", "AnalysisCsv", "CoxRegression", "KaplanMeier"];

    [Fact]
    public void GivenTheInfrastructureAssembly_ThenItNeitherAnalysesNorFingerprintsNorCreatesSnapshots()
    {
        using var pe = new PEReader(File.OpenRead(typeof(RefitJob).Assembly.Location));
        var md = pe.GetMetadataReader();
        var referenced = md.TypeReferences.Select(h => md.GetString(md.GetTypeReference(h).Name)).ToHashSet(StringComparer.Ordinal);
        var constructed = md.MemberReferences.Select(md.GetMemberReference)
            .Where(m => md.GetString(m.Name) == ".ctor" && m.Parent.Kind == HandleKind.TypeReference)
            .Select(m => md.GetString(md.GetTypeReference((TypeReferenceHandle)m.Parent).Name)).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("ISender", referenced); // the job sends the command
        Assert.All(RefitWork, type => Assert.DoesNotContain(type, referenced));
        Assert.DoesNotContain("AnalysisSnapshot", constructed);
    }
}
