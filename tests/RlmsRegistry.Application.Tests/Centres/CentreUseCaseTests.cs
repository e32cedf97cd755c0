using FluentValidation;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Centres;
using RlmsRegistry.Application.Centres.Commands.CreateCentre;
using RlmsRegistry.Application.Centres.Queries.ListCentres;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Centres;

public sealed class CentreUseCaseTests(ProviderHosts hosts) : IClassFixture<ProviderHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAdmin_WhenCreatingCentre_ThenItIsListedAndAudited(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var admin = TestUser.InRole(Roles.Admin);

        var centre = await host.SendAs(admin, new CreateCentreCommand("NEW1", "New centre"));

        var list = await host.SendAs<IReadOnlyList<CentreDto>>(admin, new ListCentresQuery());
        Assert.Contains(list, c => c.Id == centre.Id && c.Code == "NEW1");
        var key = centre.Id.ToString();
        Assert.True(await host.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Entity == "Centre" && a.EntityKey == key && a.Action == "Insert")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenDuplicateOrMalformedCode_WhenCreatingCentre_ThenCodeIsRejected(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var admin = TestUser.InRole(Roles.Admin);

        var duplicate = await Assert.ThrowsAsync<ValidationException>(() => host.SendAs(admin, new CreateCentreCommand("TA", "Again")));
        var malformed = await Assert.ThrowsAsync<ValidationException>(() => host.SendAs(admin, new CreateCentreCommand("c-1", "Lower case")));

        Assert.Contains(duplicate.Errors, e => e.PropertyName == "Code" && e.ErrorMessage.Contains("already exists", StringComparison.Ordinal));
        Assert.Contains(malformed.Errors, e => e.PropertyName == "Code");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenDataManager_WhenCreatingCentre_ThenForbidden_AndListShowsOnlyOwnCentre(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dm = RegistryTestHost.DataManagerOf(host.CentreA);

        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(dm, new CreateCentreCommand("ZZ", "Not allowed")));
        var list = await host.SendAs<IReadOnlyList<CentreDto>>(dm, new ListCentresQuery());
        Assert.Equal([host.CentreA.Id], list.Select(c => c.Id));
    }
}
