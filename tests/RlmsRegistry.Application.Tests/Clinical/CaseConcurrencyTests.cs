using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Clinical;

/// <summary>Two people working on one patient's case at the same moment: the second save is refused, not merged.</summary>
public sealed class CaseConcurrencyTests(ProviderHosts hosts) : IClassFixture<ProviderHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTwoSessionsAddingAPrimaryOperationToOnePatient_ThenOnlyTheFirstIsStored(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dm = RegistryTestHost.DataManagerOf(host.CentreA);
        var patient = await host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1960, ConsentStatus.Given));
        var clock = new SystemClock();

        await using var scopeA = host.Services.CreateAsyncScope();
        await using var scopeB = host.Services.CreateAsyncScope();
        scopeA.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(dm.Id, dm.Name, dm.Roles, dm.Centres);
        scopeB.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(dm.Id, dm.Name, dm.Roles, dm.Centres);
        var dbA = scopeA.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var dbB = scopeB.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var a = await dbA.Patients.Include(p => p.Operations).SingleAsync(p => p.Id == patient.Id);
        var b = await dbB.Patients.Include(p => p.Operations).SingleAsync(p => p.Id == patient.Id);

        a.AddOperation(new OperationDetails { Date = new DateOnly(2020, 1, 10), Setting = OperationSetting.Primary }, clock);
        b.AddOperation(new OperationDetails { Date = new DateOnly(2020, 2, 11), Setting = OperationSetting.Primary }, clock);
        await dbA.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => dbB.SaveChangesAsync());
        var stored = await host.QueryAsync(db => db.Operations.Where(o => o.PatientId == patient.Id).Select(o => o.Date).ToListAsync());
        Assert.Equal([new DateOnly(2020, 1, 10)], stored);
    }
}
