using RlmsRegistry.Survival.Internal;

namespace RlmsRegistry.Survival;

/// <summary>
/// Right-censored survival data prepared once for the estimators (Kaplan–Meier, log-rank, follow-up):
/// times harmonised with <see cref="TimeFix"/> and sorted ascending, so that fitting several estimators on the
/// same data sorts only once.
/// </summary>
/// <remarks>
/// Inputs: time (any unit, finite, no NaN), status (1 = event, 0 = censored), optional group codes 0..k-1.
/// Missing values must be removed by the caller. Sorting is O(n) (radix); grouping is a stable O(n) pass.
/// </remarks>
public sealed class SurvivalSample
{
    private SurvivalSample(double[] time, byte[] status, int[] group, int groupCount)
    {
        SortedTime = time;
        SortedStatus = status;
        SortedGroup = group;
        GroupCount = groupCount;
    }

    /// <summary>Number of observations.</summary>
    public int Count => SortedTime.Length;

    /// <summary>Number of groups (1 when no grouping was given).</summary>
    public int GroupCount { get; }

    /// <summary>Times (after <see cref="TimeFix"/>) in ascending order.</summary>
    internal double[] SortedTime { get; }

    /// <summary>Status (0/1) in the same order as <see cref="SortedTime"/>.</summary>
    internal byte[] SortedStatus { get; }

    /// <summary>Group code in the same order as <see cref="SortedTime"/>.</summary>
    internal int[] SortedGroup { get; }

    /// <summary>
    /// Prepares data for the estimators.
    /// </summary>
    /// <param name="time">Survival or censoring time per observation.</param>
    /// <param name="status">1 for an event, 0 for a censored observation.</param>
    /// <param name="group">Optional group code per observation, 0..<paramref name="groupCount"/>-1; empty = one group.</param>
    /// <param name="groupCount">Number of groups when <paramref name="group"/> is given (0 = infer as max code + 1).</param>
    /// <exception cref="ArgumentException">Lengths differ, a time is NaN or infinite, a status is not 0/1, or a group code is out of range.</exception>
    public static SurvivalSample Create(ReadOnlySpan<double> time, ReadOnlySpan<int> status, ReadOnlySpan<int> group = default, int groupCount = 0)
    {
        int n = time.Length;
        if (status.Length != n)
        {
            throw new ArgumentException("time and status must have the same length.", nameof(status));
        }

        if (!group.IsEmpty && group.Length != n)
        {
            throw new ArgumentException("group must be empty or have the same length as time.", nameof(group));
        }

        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(time[i]))
            {
                throw new ArgumentException($"time[{i}] is not a finite number.", nameof(time));
            }

            if (status[i] is not (0 or 1))
            {
                throw new ArgumentException($"status[{i}] = {status[i]} is not 0 or 1.", nameof(status));
            }
        }

        if (group.IsEmpty)
        {
            groupCount = 1;
        }
        else
        {
            int max = -1;
            for (int i = 0; i < n; i++)
            {
                if (group[i] < 0)
                {
                    throw new ArgumentException($"group[{i}] = {group[i]} is negative.", nameof(group));
                }

                max = Math.Max(max, group[i]);
            }

            if (groupCount <= 0)
            {
                groupCount = max + 1;
            }
            else if (max >= groupCount)
            {
                throw new ArgumentException($"group code {max} is not below groupCount {groupCount}.", nameof(group));
            }
        }

        var order = RadixSort.SortedOrder(time);
        var sortedTime = new double[n];
        var sortedStatus = new byte[n];
        var sortedGroup = new int[n];
        for (int i = 0; i < n; i++)
        {
            int k = order[i];
            sortedTime[i] = time[k];
            sortedStatus[i] = (byte)status[k];
            sortedGroup[i] = group.IsEmpty ? 0 : group[k];
        }

        TimeFix.ApplySorted(sortedTime);
        return new SurvivalSample(sortedTime, sortedStatus, sortedGroup, Math.Max(groupCount, 1));
    }

    /// <summary>
    /// Splits the sorted data by group with a stable counting pass: returns per-group start offsets
    /// (length GroupCount + 1) and the time/status arrays reordered so each group is a contiguous, time-sorted block.
    /// </summary>
    internal (int[] Start, double[] Time, byte[] Status) ByGroup()
    {
        int n = Count;
        var start = new int[GroupCount + 1];
        if (GroupCount == 1)
        {
            start[1] = n;
            return (start, SortedTime, SortedStatus);
        }

        for (int i = 0; i < n; i++)
        {
            start[SortedGroup[i] + 1]++;
        }

        for (int g = 0; g < GroupCount; g++)
        {
            start[g + 1] += start[g];
        }

        var next = (int[])start.Clone();
        var time = new double[n];
        var status = new byte[n];
        for (int i = 0; i < n; i++)
        {
            int pos = next[SortedGroup[i]]++;
            time[pos] = SortedTime[i];
            status[pos] = SortedStatus[i];
        }

        return (start, time, status);
    }
}
