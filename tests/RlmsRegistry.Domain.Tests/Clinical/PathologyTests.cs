using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Tests.TestSupport;
using static RlmsRegistry.Domain.Tests.TestSupport.Forms;

namespace RlmsRegistry.Domain.Tests.Clinical;

public class PathologyTests
{
    private static (RlmsRegistry.Domain.Patients.Patient Patient, Operation Operation) PatientWithOperation()
    {
        var patient = new PatientBuilder().WithPrimaryOperation(D(2015, 3, 1)).Build();
        return (patient, patient.Operations.Single());
    }

    [Fact]
    public void GivenComponentsAndAgreeingReportedGrade_WhenRecorded_ThenGradeDerivedWithoutConflict()
    {
        var (patient, operation) = PatientWithOperation();

        var pathology = patient.RecordPathology(operation.Id, PathologyReport(2, 12, Necrosis.LessThan50, FnclccGrade.G2));

        Assert.Equal(5, pathology.FnclccScore);
        Assert.Equal(FnclccGrade.G2, pathology.FnclccGrade);
        Assert.False(pathology.GradeConflict);
        Assert.Same(pathology, operation.Pathology);
    }

    [Fact]
    public void GivenReportedGradeDisagreeing_WhenRecorded_ThenConflictFlaggedAndReportedGradeKept()
    {
        var (patient, operation) = PatientWithOperation();

        var pathology = patient.RecordPathology(operation.Id, PathologyReport(2, 12, Necrosis.LessThan50, FnclccGrade.G3));

        Assert.True(pathology.GradeConflict);
        Assert.Equal(FnclccGrade.G3, pathology.ReportedGrade);
        Assert.Equal(FnclccGrade.G2, pathology.FnclccGrade);
    }

    [Fact]
    public void GivenNoReportedGrade_WhenRecorded_ThenNoConflict()
    {
        var (patient, operation) = PatientWithOperation();

        var pathology = patient.RecordPathology(operation.Id, PathologyReport(3, 25, Necrosis.AtLeast50));

        Assert.False(pathology.GradeConflict);
        Assert.Equal(FnclccGrade.G3, pathology.GradeForAnalysis);
    }

    [Fact]
    public void GivenOnlyAReportedGrade_WhenRecorded_ThenNoDerivedGradeAndAnalysisUsesReported()
    {
        var (patient, operation) = PatientWithOperation();

        var pathology = patient.RecordPathology(operation.Id, new PathologyDetails { ReportedGrade = FnclccGrade.G1 });

        Assert.Null(pathology.FnclccGrade);
        Assert.Null(pathology.FnclccScore);
        Assert.False(pathology.GradeConflict);
        Assert.Equal(FnclccGrade.G1, pathology.GradeForAnalysis);
    }

    [Fact]
    public void GivenConflict_WhenAnalysed_ThenDerivedGradeUsed()
    {
        var (patient, operation) = PatientWithOperation();

        var pathology = patient.RecordPathology(operation.Id, PathologyReport(1, 2, Necrosis.None, FnclccGrade.G3));

        Assert.Equal(FnclccGrade.G1, pathology.GradeForAnalysis);
    }

    [Fact]
    public void GivenPathologyRecorded_WhenASecondIsRecorded_ThenRejected()
    {
        var (patient, operation) = PatientWithOperation();
        patient.RecordPathology(operation.Id, PathologyReport());

        Rejected(string.Empty, () => patient.RecordPathology(operation.Id, PathologyReport()));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(100.1)]
    public void GivenKi67Outside0To100_WhenRecorded_ThenRejected(double ki67)
    {
        var (patient, operation) = PatientWithOperation();

        Rejected(nameof(Pathology.Ki67Percent), () => patient.RecordPathology(operation.Id, PathologyReport() with { Ki67Percent = (decimal)ki67 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void GivenDifferentiationOutside1To3_WhenRecorded_ThenRejected(int differentiation)
    {
        var (patient, operation) = PatientWithOperation();

        Rejected(nameof(Pathology.DifferentiationScore), () => patient.RecordPathology(operation.Id, PathologyReport(differentiation)));
    }

    [Fact]
    public void GivenNegativeMitoses_WhenRecorded_ThenRejected()
    {
        var (patient, operation) = PatientWithOperation();

        Rejected(nameof(Pathology.MitoticCountPer10Hpf), () => patient.RecordPathology(operation.Id, PathologyReport(mitoses: -1)));
    }

    [Fact]
    public void GivenUnknownOperation_WhenPathologyRecorded_ThenRejected()
    {
        var (patient, _) = PatientWithOperation();

        Rejected("OperationId", () => patient.RecordPathology(Guid.CreateVersion7(), PathologyReport()));
    }

    [Fact]
    public void GivenPathology_WhenUpdated_ThenGradeRederived()
    {
        var (patient, operation) = PatientWithOperation();
        patient.RecordPathology(operation.Id, PathologyReport(2, 12, Necrosis.LessThan50));

        patient.UpdatePathology(operation.Id, PathologyReport(2, 25, Necrosis.LessThan50), null);

        Assert.Equal(FnclccGrade.G3, operation.Pathology!.FnclccGrade);
    }
}
