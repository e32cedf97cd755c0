using RlmsRegistry.Cli.Csv;
using RlmsRegistry.Cli.Infrastructure;

namespace RlmsRegistry.Cli.Data;

/// <summary>Checks shared by every analysis: a survival time column and a 0/1 event column.</summary>
internal static class SurvivalColumns
{
    /// <summary>
    /// Validates every present value (time must be a non-negative number, event exactly 0 or 1) and marks rows
    /// where either is missing as not kept. Throws <see cref="InputException"/> naming the column and row.
    /// </summary>
    /// <param name="csv">The table.</param>
    /// <param name="timeColumn">Time column.</param>
    /// <param name="eventColumn">Event (or status) column.</param>
    /// <param name="keep">Rows still used; rows with a missing value are cleared.</param>
    /// <param name="statusCodes">True when the column holds integer status codes (0 = censored, others = causes).</param>
    public static void Validate(CsvColumns csv, string timeColumn, string eventColumn, bool[] keep, bool statusCodes = false)
    {
        var time = csv.Numeric(timeColumn);
        var status = csv.Numeric(eventColumn);
        for (int i = 0; i < time.Length; i++)
        {
            double t = time[i];
            double e = status[i];
            if (t < 0)
            {
                throw new InputException($"column '{timeColumn}', row {i + 1} of {csv.Source}: negative time {FactorLevels.FormatNumber(t)}");
            }

            if (statusCodes)
            {
                if (!double.IsNaN(e) && (e != Math.Floor(e) || Math.Abs(e) > 1e9))
                {
                    throw new InputException($"column '{eventColumn}', row {i + 1} of {csv.Source}: status value {FactorLevels.FormatNumber(e)} is not an integer (0 = censored, other integers = causes)");
                }
            }
            else if (!double.IsNaN(e) && e != 0 && e != 1)
            {
                throw new InputException($"column '{eventColumn}', row {i + 1} of {csv.Source}: event value {FactorLevels.FormatNumber(e)} is not 0 or 1");
            }

            if (double.IsNaN(t) || double.IsNaN(e))
            {
                keep[i] = false;
            }
        }
    }

    /// <summary>Copies the kept rows; throws when none of them is an event.</summary>
    public static (double[] Time, int[] Status) Extract(CsvColumns csv, string timeColumn, string eventColumn, bool[] keep)
    {
        var time = csv.Numeric(timeColumn);
        var status = csv.Numeric(eventColumn);
        int n = keep.Count(k => k);
        var t = new double[n];
        var s = new int[n];
        int events = 0;
        for (int i = 0, j = 0; i < keep.Length; i++)
        {
            if (!keep[i])
            {
                continue;
            }

            t[j] = time[i];
            s[j] = (int)status[i];
            events += s[j] != 0 ? 1 : 0;
            j++;
        }

        if (n == 0)
        {
            throw new InputException($"no complete rows in {csv.Source} (every row misses '{timeColumn}', '{eventColumn}' or another needed value)");
        }

        if (events == 0)
        {
            throw new InputException($"column '{eventColumn}' has no events (only 0 among the {n} complete rows of {csv.Source})");
        }

        return (t, s);
    }

    /// <summary>All-true keep mask for the table's rows.</summary>
    public static bool[] AllRows(CsvColumns csv)
    {
        var keep = new bool[csv.RowCount];
        Array.Fill(keep, true);
        return keep;
    }
}
