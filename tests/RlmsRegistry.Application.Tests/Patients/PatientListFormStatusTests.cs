using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Clinical.Commands.CompleteForm;
using RlmsRegistry.Application.Clinical.Commands.SaveFollowUpEvent;
using RlmsRegistry.Application.Clinical.Commands.SaveOperation;
using RlmsRegistry.Application.Clinical.Commands.SavePathology;
using RlmsRegistry.Application.Clinical.Commands.SetFormLock;
using RlmsRegistry.Application.Common.Models;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Patients;
using RlmsRegistry.Application.Patients.Commands.RegisterPatient;
using RlmsRegistry.Application.Patients.Queries.ListPatients;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Application.Tests.Patients;

/// <summary>
/// Issue 12: the patient list shows where each form of a case stands (complete, draft, locked, missing), only for the
/// caller's centres, read in the list's own query (no query per patient).
/// </summary>
public sealed class PatientListFormStatusTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenCasesAtDifferentStages_WhenListed_ThenEachFormsStateIsCountedAndWorded_InTheListsOwnQueries(DatabaseProvider provider)
    {
        var commands = new CommandCounter();
        await using var host = await RegistryTestHost.StartAsync(provider, s => s.ConfigureDbContext<RegistryDbContext>(o => o.AddInterceptors(commands)));
        var dm = RegistryTestHost.DataManagerOf(host.CentreA);
        var monitor = TestUser.InRole(Roles.Monitor, host.CentreA.Id);
        var empty = await host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Male, 1955, ConsentStatus.Given));
        var started = await host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1960, ConsentStatus.Given));
        var op = await host.SendAs(dm, PrimaryOperation(started.Id) with { Complete = true });
        await host.SendAs(monitor, new SetFormLockCommand(FormKind.Operation, op.Id, Locked: true));
        await host.SendAs(dm, new SavePathologyCommand { OperationId = op.Id, DifferentiationScore = 2 });
        var visit = await host.SendAs(dm, new SaveFollowUpEventCommand { PatientId = started.Id, Date = new DateOnly(2019, 1, 10), Type = FollowUpEventType.Visit, DiseaseStatus = DiseaseStatus.NoEvidenceOfDisease });
        await host.SendAs(dm, new CompleteFormCommand(FormKind.FollowUpEvent, visit.Id));
        await host.SendAs(dm, new SaveFollowUpEventCommand { PatientId = started.Id, Date = new DateOnly(2020, 1, 10), Type = FollowUpEventType.Visit });
        var elsewhere = await host.SendAs(RegistryTestHost.DataManagerOf(host.CentreB), new RegisterPatientCommand(host.CentreB.Id, Sex.Female, 1970, ConsentStatus.Given));
        for (var i = 0; i < 5; i++)
        {
            var more = await host.SendAs(dm, new RegisterPatientCommand(host.CentreA.Id, Sex.Female, 1950 + i, ConsentStatus.Given));
            await host.SendAs(dm, PrimaryOperation(more.Id));
        }

        var one = await ListAsync(host, dm, commands, new ListPatientsQuery(Search: started.StudyId));
        var all = await ListAsync(host, dm, commands, new ListPatientsQuery(PageSize: 200));

        var s = Assert.Single(one.Page.Items).Forms;
        Assert.Equal(new FormTally(0, 0, 1, 0), s.Operations);
        Assert.Equal(("locked", "locked"), (s.Operations.Words, s.Operations.State));
        Assert.Equal(new FormTally(0, 1, 0, 0), s.Pathology);
        Assert.Equal("draft", s.Pathology.Words);
        Assert.Equal(new FormTally(0, 0, 0, 1), s.Labs);
        Assert.Equal(("missing", "missing"), (s.Labs.Words, s.Labs.State));
        Assert.Equal(new FormTally(1, 1, 0, 0), s.FollowUp);
        Assert.Equal(("1 complete, 1 draft", "draft"), (s.FollowUp.Words, s.FollowUp.State));
        Assert.False(s.IsDone);

        var nothing = Assert.Single(all.Page.Items, p => p.Id == empty.Id).Forms;
        Assert.Equal(new FormTally(0, 0, 0, 1), nothing.Operations);
        Assert.Equal(new FormTally(0, 0, 0, 1), nothing.FollowUp);
        Assert.Equal("missing", nothing.Pathology.Words);
        Assert.DoesNotContain(all.Page.Items, p => p.Id == elsewhere.Id);
        Assert.Equal(7, all.Page.Items.Count);
        Assert.All(all.Page.Items.Where(p => p.Id != empty.Id && p.Id != started.Id), p => Assert.Equal(("draft", "missing", "missing"), (p.Forms.Operations.Words, p.Forms.Labs.Words, p.Forms.FollowUp.Words)));

        // The same number of statements for one patient and for seven: the statuses come with the page, not per row.
        Assert.Equal(one.Commands, all.Commands);
        Assert.True(all.Commands <= 2, $"{all.Commands} SQL statements for one page of the list");
    }

    [Fact]
    public void GivenTallies_ThenTheirWordsArePlain()
    {
        Assert.Equal("complete", new FormTally(1, 0, 0, 0).Words);
        Assert.Equal("3 complete", new FormTally(3, 0, 0, 0).Words);
        Assert.Equal("1 locked, 2 complete, 1 missing", new FormTally(2, 0, 1, 1).Words);
        Assert.Equal("missing", FormTally.Of(0, 0, 0).Words);
        Assert.Equal(new FormTally(0, 2, 0, 0), FormTally.Of(0, 2, 0));
        Assert.Equal("complete", new FormTally(1, 0, 0, 0).State);
        Assert.Equal("missing", new FormTally(5, 1, 0, 1).State);
    }

    private static async Task<(PagedResult<PatientListItemDto> Page, int Commands)> ListAsync(RegistryTestHost host, TestUser user, CommandCounter commands, ListPatientsQuery query)
    {
        commands.Reset();
        var page = await host.SendAs<PagedResult<PatientListItemDto>>(user, query);
        return (page, commands.Count);
    }

    private static SaveOperationCommand PrimaryOperation(Guid patientId) => new()
    {
        PatientId = patientId,
        Date = new DateOnly(2018, 6, 1),
        Setting = OperationSetting.Primary,
        Resection = ResectionCompleteness.R0,
        MaxDiameterCm = 12m,
        Multifocal = false,
        OrgansResected = 1,
        VascularResection = VascularResection.None,
        TumourOrigin = TumourOrigin.RetroperitonealSoftTissue,
        ClavienDindo = ClavienDindoGrade.None,
        AsaScore = 2,
        NeoadjuvantRadiotherapy = false,
        NeoadjuvantChemotherapy = false,
        AdjuvantRadiotherapy = false,
        AdjuvantChemotherapy = false,
    };

    /// <summary>Counts the SQL statements the registry sends (queries and scalar reads).</summary>
    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
