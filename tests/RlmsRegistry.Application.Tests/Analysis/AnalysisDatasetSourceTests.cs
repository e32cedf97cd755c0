using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Synthetic;
using RlmsRegistry.Infrastructure.Analysis;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Infrastructure.Synthetic;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Analysis;

/// <summary>
/// The analysis dataset is read in pages, each starting after the last study ID of the one before: whatever the page
/// size, every patient comes exactly once and in the same order as one page holding them all.
/// </summary>
public sealed class AnalysisDatasetSourceTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenPagesOfAnySize_ThenEveryPatientComesOnceInOnePagesOrder(DatabaseProvider provider)
    {
        await using var host = await RegistryTestHost.StartAsync(provider);
        var written = await new SyntheticRegistryWriter(host.Services.GetRequiredService<IServiceScopeFactory>())
            .WriteAsync(new SyntheticRegistryOptions(), SyntheticWriteMode.Bulk);

        var onePage = await StudyIdsAsync(host, pageSize: 10_000);

        Assert.Equal(written.Patients, onePage.Count);
        Assert.Equal(onePage.Count, onePage.Distinct(StringComparer.Ordinal).Count());
        foreach (var pageSize in new[] { 1, 10, written.Patients, written.Patients - 1 })
        {
            Assert.Equal(onePage, await StudyIdsAsync(host, pageSize));
        }
    }

    private static async Task<List<string>> StudyIdsAsync(RegistryTestHost host, int pageSize)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test");
        var source = new AnalysisDatasetSource(scope.ServiceProvider.GetRequiredService<RegistryDbContext>()) { PageSize = pageSize };
        var ids = new List<string>();
        await foreach (var (patient, _) in source.PatientsAsync(CancellationToken.None))
        {
            ids.Add(patient.StudyId);
        }

        return ids;
    }
}
