using FluentValidation;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Models;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Patients;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Application.Patients.Commands.UpdatePatient;
using RlmsRegistry.Application.Patients.Queries.GetPatient;
using RlmsRegistry.Application.Patients.Queries.ListPatients;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Patients;

/// <summary>Patient use cases through the mediator pipeline on a real database (SQLite, and PostgreSQL when configured).</summary>
public sealed class PatientUseCaseTests(ProviderHosts hosts) : IClassFixture<ProviderHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenDataManager_WhenRegisteringInOwnCentre_ThenStudyIdsFollowTheCentreSequence(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dm = RegistryTestHost.DataManagerOf(host.CentreA);

        var first = await host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1961, ConsentStatus.Given));
        var second = await host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Male, 1970, ConsentStatus.Waived));

        Assert.Matches("^TA-[0-9]{5}$", first.StudyId);
        Assert.Equal(int.Parse(first.StudyId[3..], System.Globalization.CultureInfo.InvariantCulture) + 1, int.Parse(second.StudyId[3..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(host.CentreA.Id, second.CentreId);
        Assert.Equal(1, first.Version);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenBirthYear1850_WhenRegistering_ThenBirthYearIsRejectedAndNothingIsSaved(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dm = RegistryTestHost.DataManagerOf(host.CentreA);
        var before = await host.QueryAsync(db => db.Patients.CountAsync());

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1850, ConsentStatus.Given)));

        Assert.Contains(ex.Errors, e => e.PropertyName == nameof(Patient.BirthYear));
        Assert.Equal(before, await host.QueryAsync(db => db.Patients.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenMissingFields_WhenRegistering_ThenEachMissingFieldIsNamed(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dm = RegistryTestHost.DataManagerOf(host.CentreA);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => host.SendAs(dm, new RegisterPatientCommand(null, null, null, null)));

        var fields = ex.Errors.Select(e => e.PropertyName).ToHashSet();
        Assert.Superset(new HashSet<string> { "CentreId", "Sex", "BirthYear", "ConsentStatus" }, fields);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenDataManagerOfAnotherCentre_WhenRegisteringOrReading_ThenNotFound(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dmA = RegistryTestHost.DataManagerOf(host.CentreA);
        var dmB = RegistryTestHost.DataManagerOf(host.CentreB);
        var patient = await host.SendAs(dmA, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1961, ConsentStatus.Given));

        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(dmB, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1961, ConsentStatus.Given)));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(dmB, new GetPatientQuery(patient.Id)));
        await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(dmB, new UpdatePatientCommand(patient.Id, Sex.Male, 1961, ConsentStatus.Given, patient.Version)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenDataManager_WhenListing_ThenOnlyOwnCentresPatientsAreReturned(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dmA = RegistryTestHost.DataManagerOf(host.CentreA);
        var dmB = RegistryTestHost.DataManagerOf(host.CentreB);
        await host.SendAs(dmA, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1961, ConsentStatus.Given));
        await host.SendAs(dmB, new RegisterPatientCommand(host.CentreB.Id, Sex.Male, 1955, ConsentStatus.Given));

        var page = await host.SendAs<PagedResult<PatientListItemDto>>(dmB, new ListPatientsQuery(PageSize: 200));

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, p => Assert.Equal("TB", p.CentreCode));
        var admin = TestUser.InRole(Roles.Admin);
        var all = await host.SendAs<PagedResult<PatientListItemDto>>(admin, new ListPatientsQuery(PageSize: 200));
        Assert.Contains(all.Items, p => p.CentreCode == "TA");
        Assert.Contains(all.Items, p => p.CentreCode == "TB");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenStudyIdFragment_WhenListing_ThenOnlyMatchingPatientsAreReturned(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dm = RegistryTestHost.DataManagerOf(host.CentreA);
        var p = await host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1961, ConsentStatus.Given));

        var page = await host.SendAs<PagedResult<PatientListItemDto>>(dm, new ListPatientsQuery(Search: p.StudyId.ToLowerInvariant()));

        Assert.Equal(1, page.Total);
        Assert.Equal(p.StudyId, Assert.Single(page.Items).StudyId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenInvestigatorOrAnonymous_WhenReadingPatients_ThenRefused(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);

        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs<PagedResult<PatientListItemDto>>(TestUser.InRole(Roles.Investigator), new ListPatientsQuery()));
        await Assert.ThrowsAsync<UnauthenticatedException>(() => host.SendAs<PagedResult<PatientListItemDto>>(TestUser.Anonymous, new ListPatientsQuery()));
        await Assert.ThrowsAsync<ForbiddenException>(() => host.SendAs(TestUser.InRole(Roles.Investigator), new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1961, ConsentStatus.Given)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenStaleVersion_WhenUpdating_ThenConflictNamesTheChangeAndStoredRecordKeepsFirstSave(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dm = RegistryTestHost.DataManagerOf(host.CentreA);
        var p = await host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1961, ConsentStatus.Given));

        var first = await host.SendAs(dm, new UpdatePatientCommand(p.Id, Sex.Female, 1962, ConsentStatus.Given, p.Version, "typo in year"));
        var conflict = await Assert.ThrowsAsync<ConflictException>(() =>
            host.SendAs(dm, new UpdatePatientCommand(p.Id, Sex.Female, 1963, ConsentStatus.Given, p.Version)));

        Assert.Contains(conflict.Changes, c => c.Field == nameof(Patient.BirthYear) && c.StoredValue == "1962" && c.YourValue == "1963");
        var stored = await host.SendAs(dm, new GetPatientQuery(p.Id));
        Assert.Equal(1962, stored.BirthYear);
        Assert.Equal(first.Version, stored.Version);
        Assert.Equal(p.Version + 1, stored.Version);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenUpdateWithReason_ThenAuditTrailHasOneEntryWithOldNewValuesUserAndReason(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dm = RegistryTestHost.DataManagerOf(host.CentreA);
        var p = await host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1961, ConsentStatus.Given));

        await host.SendAs(dm, new UpdatePatientCommand(p.Id, Sex.Female, 1962, ConsentStatus.Withdrawn, p.Version, "consent withdrawn by letter"));

        var key = p.Id.ToString();
        var entries = await host.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Entity == "Patient" && a.EntityKey == key).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["Insert", "Update"], entries.Select(e => e.Action));
        var update = entries[1];
        Assert.Equal(dm.Name, update.UserName);
        Assert.Equal(dm.Id, update.UserId);
        Assert.Equal(host.CentreA.Id, update.CentreId);
        Assert.Equal("consent withdrawn by letter", update.Reason);
        Assert.Contains("\"Field\":\"BirthYear\",\"Old\":\"1961\",\"New\":\"1962\"", update.Changes, StringComparison.Ordinal);
        Assert.Contains("\"Field\":\"ConsentStatus\",\"Old\":\"Given\",\"New\":\"Withdrawn\"", update.Changes, StringComparison.Ordinal);
        Assert.DoesNotContain("Sex", update.Changes, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenSimultaneousRegistrations_ThenEveryPatientGetsADistinctStudyId(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dm = RegistryTestHost.DataManagerOf(host.CentreB);

        var before = await host.QueryAsync(db => db.Centres.Where(c => c.Id == host.CentreB.Id).Select(c => c.LastPatientSequence).SingleAsync());

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            host.SendAs(dm, new RegisterPatientCommand(host.CentreB.Id, Sex.Male, 1950, ConsentStatus.Given))));

        Assert.Equal(results.Length, results.Select(r => r.StudyId).Distinct().Count());
        // None failed another, and the numbers follow on without a gap.
        var numbers = results.Select(r => int.Parse(r.StudyId[(r.StudyId.IndexOf('-', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture)).Order();
        Assert.Equal(Enumerable.Range(before + 1, results.Length), numbers);
    }
}
