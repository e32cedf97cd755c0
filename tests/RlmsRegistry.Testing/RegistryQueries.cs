using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Testing;

/// <summary>Reads for assertions, straight from a host's database with every centre visible (the system principal).</summary>
public static class RegistryQueries
{
    public static async Task<T> QueryAsync<T>(this IServiceProvider services, Func<RegistryDbContext, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test");
        return await work(scope.ServiceProvider.GetRequiredService<RegistryDbContext>());
    }

    /// <summary>The newest snapshot's results.</summary>
    public static Task<AnalysisResults> LatestResultsAsync(this IServiceProvider services) => services.QueryAsync(async db =>
        AnalysisJson.Deserialize<AnalysisResults>(await db.AnalysisSnapshots.AsNoTracking().OrderByDescending(s => s.CreatedAt).Select(s => s.ResultsJson).FirstAsync()));

    /// <summary>The analysis rows the refit would read now (both cohorts), in the source's order.</summary>
    public static async Task<List<AnalysisRow>> AnalysisRowsAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:test");
        var rows = new List<AnalysisRow>();
        await foreach (var (patient, centre) in scope.ServiceProvider.GetRequiredService<IAnalysisDatasetSource>().PatientsAsync(CancellationToken.None))
        {
            rows.AddRange(CohortDerivation.Rows(patient, centre));
        }

        return rows;
    }
}
