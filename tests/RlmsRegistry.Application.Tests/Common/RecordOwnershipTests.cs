using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Centres.Commands.CreateCentre;
using RlmsRegistry.Application.Clinical.Commands.CompleteForm;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveLabPanel;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Common.Behaviours;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Application.Patients.Queries.GetPatient;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Common;

/// <summary>
/// Whose record is this — form → patient → centre — answered by <see cref="RecordOwnership"/> for the scope behaviour,
/// the form handlers and the DbContext's audit trail alike.
/// </summary>
public sealed class RecordOwnershipTests(ProviderHosts hosts) : IClassFixture<ProviderHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    private sealed record Case(Guid Patient, Guid Operation, Guid Pathology, Guid LabPanel, Guid FollowUpEvent);

    private static async Task<Case> ArrangeAsync(RegistryTestHost host, TestUser dm)
    {
        var patient = await host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1961, ConsentStatus.Given));
        var op = await host.SendAs(dm, new SaveOperationCommand { PatientId = patient.Id, Date = new DateOnly(2019, 4, 1), Setting = OperationSetting.Primary });
        var pathology = await host.SendAs(dm, new SavePathologyCommand { OperationId = op.Id });
        var labs = await host.SendAs(dm, new SaveLabPanelCommand { OperationId = op.Id, DrawDate = new DateOnly(2019, 3, 30) });
        var visit = await host.SendAs(dm, new SaveFollowUpEventCommand { PatientId = patient.Id, Date = new DateOnly(2020, 1, 1), Type = FollowUpEventType.Visit });
        Assert.Equal((patient.Id, patient.Id), (pathology.PatientId, labs.PatientId));
        return new Case(patient.Id, op.Id, pathology.Form.Id, labs.Form.Id, visit.Id);
    }

    private static IEnumerable<RecordRef> Records(Case c) =>
    [
        RecordRef.ForPatient(c.Patient), new(FormKind.Operation, c.Operation), new(FormKind.Pathology, c.Pathology),
        new(FormKind.LabPanel, c.LabPanel), new(FormKind.FollowUpEvent, c.FollowUpEvent),
    ];

    private static async Task<List<(Guid? Patient, Guid? Centre)>> ResolveAsync(RegistryTestHost host, TestUser user, IEnumerable<RecordRef> records)
    {
        await using var scope = host.Services.CreateAsyncScope();
        user.Apply(scope.ServiceProvider.GetRequiredService<CurrentUser>());
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var resolved = new List<(Guid?, Guid?)>();
        foreach (var record in records)
        {
            resolved.Add((await RecordOwnership.PatientIdAsync(db, record, CancellationToken.None), await RecordOwnership.CentreIdAsync(db, record, CancellationToken.None)));
        }

        return resolved;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenEveryKindOfRecord_ThenItsPatientAndCentreAreFound_ThroughTheCallersCentreFilter(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var dm = RegistryTestHost.DataManagerOf(host.CentreA);
        var c = await ArrangeAsync(host, dm);

        var own = await ResolveAsync(host, dm, Records(c));
        var otherCentre = await ResolveAsync(host, RegistryTestHost.DataManagerOf(host.CentreB), Records(c));
        var missing = await ResolveAsync(host, TestUser.System, Records(c).Select(r => r with { Id = Guid.NewGuid() }));

        Assert.All(own, r => Assert.Equal((c.Patient, host.CentreA.Id), (r.Patient!.Value, r.Centre!.Value)));
        Assert.All(otherCentre, r => Assert.Equal((null, null), r));
        Assert.All(missing, r => Assert.Equal((null, null), r));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenFormsSaved_ThenTheAuditTrailFilesEachUnderItsPatientsCentre(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var c = await ArrangeAsync(host, RegistryTestHost.DataManagerOf(host.CentreA));
        var keys = new[] { c.Operation, c.Pathology, c.LabPanel, c.FollowUpEvent }.Select(k => k.ToString()).ToList();

        var centres = await host.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(a => keys.Contains(a.EntityKey)).Select(a => new { a.Entity, a.CentreId }).ToListAsync());

        Assert.Equal(["FollowUpEvent", "LabPanel", "Operation", "Pathology"], centres.Select(a => a.Entity).Distinct().Order());
        Assert.All(centres, a => Assert.Equal(host.CentreA.Id, a.CentreId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenAnotherCentresForm_WhenRequested_ThenNotFoundNamesItInWords(DatabaseProvider provider)
    {
        var host = await hosts.Get(provider);
        var c = await ArrangeAsync(host, RegistryTestHost.DataManagerOf(host.CentreA));
        var other = RegistryTestHost.DataManagerOf(host.CentreB);

        var labs = await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new CompleteFormCommand(FormKind.LabPanel, c.LabPanel)));
        var visit = await Assert.ThrowsAsync<NotFoundException>(() => host.SendAs(other, new CompleteFormCommand(FormKind.FollowUpEvent, c.FollowUpEvent)));

        Assert.Equal($"Laboratory panel {c.LabPanel} was not found.", labs.Message);
        Assert.Equal($"Follow-up event {c.FollowUpEvent} was not found.", visit.Message);
    }

    [Fact]
    public async Task GivenALostRace_ThenThePipelineAloneTranslatesItIntoAConflict()
    {
        static ValueTask<T> Lose<T>() => ValueTask.FromException<T>(new DbUpdateConcurrencyException("lost"));

        var onCase = await Assert.ThrowsAsync<ConflictException>(async () =>
            await new ConcurrencyBehaviour<GetPatientQuery, Application.Patients.PatientDto>().Handle(new GetPatientQuery(Guid.NewGuid()), (_, _) => Lose<Application.Patients.PatientDto>(), CancellationToken.None));
        var onCentre = await Assert.ThrowsAsync<ConflictException>(async () =>
            await new ConcurrencyBehaviour<CreateCentreCommand, Application.Centres.CentreDto>().Handle(new CreateCentreCommand("X", "X"), (_, _) => Lose<Application.Centres.CentreDto>(), CancellationToken.None));

        Assert.Equal("Someone else saved this case at the same moment. Reload it to see their change, then save again.", onCase.Message);
        Assert.Equal("Someone else saved this record at the same moment. Reload it to see their change, then save again.", onCentre.Message);
        Assert.IsType<DbUpdateConcurrencyException>(onCase.InnerException);
    }
}
