using System.Text;
using RlmsRegistry.Cli.Csv;
using RlmsRegistry.Cli.Data;
using RlmsRegistry.Cli.Infrastructure;

namespace RlmsRegistry.Cli.Tests;

/// <summary>
/// The Cox design matrix as R's model.matrix builds it for coxph (treatment contrasts, reference = first sorted
/// level, names &lt;column&gt;&lt;level&gt;, complete cases). These tests do not need the Cox engine.
/// </summary>
public class CoxDesignBuilderTests
{
    private static CoxDesign Build(string content, CoxModelSpec spec)
    {
        var csv = CsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(content)), "t.csv", CoxDesignBuilder.RequiredColumns(spec));
        return CoxDesignBuilder.Build(csv, spec);
    }

    [Fact]
    public void GivenNumericFactor_WhenBuilding_ThenLevelsSortNumericallyAndColumnsAreNamedAsR()
    {
        // R: model.matrix(~ age + factor(ecog)) with ecog in {0, 1, 2, 10}: columns age, ecog1, ecog2, ecog10
        const string data = "t,s,age,ecog\n1,1,50,2\n2,0,60,0\n3,1,70,10\n4,1,80,1\n";
        var design = Build(data, new("t", "s", ["age", "ecog"], ["ecog"], null, null));

        Assert.Equal(["age", "ecog1", "ecog2", "ecog10"], design.Data.ColumnNames);
        Assert.Equal([0.0, 0, 0, 1], design.Data.Columns[1]); // ecog1
        Assert.Equal([1.0, 0, 0, 0], design.Data.Columns[2]); // ecog2
        Assert.Equal([0.0, 0, 1, 0], design.Data.Columns[3]); // ecog10
        var terms = design.Data.Terms!;
        Assert.Equal(["age", "ecog"], terms.Select(t => t.Name));
        Assert.Equal([1, 2, 3], terms[1].Columns);
    }

    [Fact]
    public void GivenTextFactor_WhenBuilding_ThenReferenceIsTheFirstLevelInOrdinalOrder()
    {
        // R (veteran): celltype levels adeno < large < smallcell < squamous -> celltypelarge, celltypesmallcell, celltypesquamous
        const string data = "trt,celltype,time,status\n1,\"squamous\",72,1\n1,\"smallcell\",10,1\n2,\"adeno\",5,0\n2,\"large\",8,1\n";
        var design = Build(data, new("time", "status", ["trt", "celltype"], ["celltype"], null, null));

        Assert.Equal(["trt", "celltypelarge", "celltypesmallcell", "celltypesquamous"], design.Data.ColumnNames);
        Assert.Equal([0.0, 0, 0], design.Data.Columns.Skip(1).Select(c => c[2])); // the adeno row is all zeros
    }

    [Fact]
    public void GivenMissingValuesInAnyNeededColumn_WhenBuilding_ThenThoseRowsAreDroppedAndCounted()
    {
        const string data = "t,s,x,g,st,cl,unused\n1,1,0.5,a,1,7,\n2,0,NA,b,1,7,\n3,1,1.5,,2,8,\n,1,2.5,a,2,8,\nNA,1,2.5,a,2,8,\n4,1,3.5,b,NA,8,\n5,0,4.5,b,2,,\n6,1,5.5,b,2,9,z\n";
        var design = Build(data, new("t", "s", ["x", "g"], ["g"], "st", "cl"));

        Assert.Equal(6, design.ExcludedMissing);
        Assert.Equal([1.0, 6], design.Data.Time);
        Assert.Equal([1, 1], design.Data.Status);
        Assert.Equal([0.5, 5.5], design.Data.Columns[0]);
        Assert.Equal([0.0, 1], design.Data.Columns[1]); // gb
        Assert.Equal([0, 1], design.Data.Strata!);
        Assert.Equal(["1", "2"], design.StrataLabels);
        Assert.Equal([0, 1], design.Data.Cluster!);
    }

    [Fact]
    public void GivenLevelOnlyPresentInDroppedRows_WhenBuilding_ThenItGetsNoColumn()
    {
        // Levels come from the complete rows, so a level seen only with missing data makes no all-zero column.
        const string data = "t,s,x,g\n1,1,1,a\n2,0,2,b\n3,1,NA,c\n";
        var design = Build(data, new("t", "s", ["x", "g"], ["g"], null, null));

        Assert.Equal(["x", "gb"], design.Data.ColumnNames);
    }

    [Fact]
    public void GivenDuplicateCovariate_WhenBuilding_ThenInputError()
    {
        var e = Assert.Throws<InputException>(() => CoxDesignBuilder.RequiredColumns(new("t", "s", ["x", "x"], [], null, null)));
        Assert.Contains("more than once", e.Message);
    }
}
