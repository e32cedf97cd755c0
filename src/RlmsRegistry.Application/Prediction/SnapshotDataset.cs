using System.Globalization;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Prediction;

/// <summary>
/// Reads back the analysis dataset CSV a snapshot stores (<c>AnalysisCsv</c>: header = dictionary names, invariant
/// culture, empty cell = missing, no quoted cells), so a model can be refitted exactly on the rows the snapshot and
/// its bundle's R script use.
/// </summary>
public static class SnapshotDataset
{
    public static IReadOnlyList<AnalysisRow> Read(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            return [];
        }

        var header = lines[0].TrimEnd('\r').Split(',');
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new FormatException($"The snapshot's dataset has no column {name}.");
        int studyId = Col("studyId"), centre = Col("centre"), cohort = Col("cohort"), indexDate = Col("indexDate"), age = Col("ageAtSurgery"),
            sex = Col("sex"), diameter = Col("maxDiameterCm"), grade = Col("fnclccGrade"), platelets = Col("plateletsE9PerL"), nlr = Col("nlr"),
            resection = Col("resection"), multifocal = Col("multifocal"), dfi = Col("dfiMonths"), os = Col("osMonths"), osEvent = Col("osEvent");
        var rows = new List<AnalysisRow>(lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            var f = line.TrimEnd('\r').Split(',');
            rows.Add(new AnalysisRow(
                f[studyId],
                f[centre],
                f[cohort] == Cohort.Primary.Name() ? Cohort.Primary : Cohort.Recurrent,
                DateOnly.ParseExact(f[indexDate], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                int.Parse(f[age], CultureInfo.InvariantCulture),
                f[sex] == "male" ? Sex.Male : Sex.Female,
                Dec(f[diameter]),
                f[grade].Length == 0 ? null : (FnclccGrade)int.Parse(f[grade], CultureInfo.InvariantCulture),
                Dec(f[platelets]),
                Dec(f[nlr]),
                f[resection].Length == 0 ? null : Enum.Parse<ResectionCompleteness>(f[resection]),
                f[multifocal].Length == 0 ? null : f[multifocal] == "1",
                f[dfi].Length == 0 ? null : double.Parse(f[dfi], CultureInfo.InvariantCulture),
                double.Parse(f[os], CultureInfo.InvariantCulture),
                int.Parse(f[osEvent], CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    private static decimal? Dec(string s) => s.Length == 0 ? null : decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
