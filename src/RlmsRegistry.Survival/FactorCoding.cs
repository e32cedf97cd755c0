namespace RlmsRegistry.Survival;

/// <summary>
/// Treatment-contrast coding of a categorical covariate with a chosen reference level, as R's
/// <c>relevel(factor(x), ref = level)</c> followed by <c>model.matrix</c>.
/// </summary>
/// <remarks>
/// Inputs: the levels in their natural (sorted) order and an optional reference. Output: the level order used for
/// coding: the reference first, the others in their natural order. Each non-reference level gets one 0/1 column
/// named variable + level ("sizeM", "celltypelarge").
/// </remarks>
public static class FactorCoding
{
    /// <summary>
    /// The levels with <paramref name="reference"/> moved first (unchanged when null). Throws
    /// <see cref="ArgumentException"/> naming the level when it is not one of <paramref name="levels"/>.
    /// </summary>
    public static IReadOnlyList<string> Relevel(IReadOnlyList<string> levels, string? reference)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (reference is null)
        {
            return levels;
        }

        var index = -1;
        for (var i = 0; i < levels.Count; i++)
        {
            if (string.Equals(levels[i], reference, StringComparison.Ordinal))
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new ArgumentException($"'{reference}' is not a level (levels: {string.Join(", ", levels)}).", nameof(reference));
        }

        var result = new List<string>(levels.Count) { levels[index] };
        for (var i = 0; i < levels.Count; i++)
        {
            if (i != index)
            {
                result.Add(levels[i]);
            }
        }

        return result;
    }

    /// <summary>
    /// 0/1 design columns for codes 0..levels-1 in the order of <paramref name="levelOrder"/> (a permutation of
    /// the natural level indices, reference first): one column per non-reference level.
    /// </summary>
    public static double[][] DummyColumns(ReadOnlySpan<int> naturalCodes, IReadOnlyList<int> levelOrder)
    {
        ArgumentNullException.ThrowIfNull(levelOrder);
        var position = new int[levelOrder.Count];
        for (var k = 0; k < levelOrder.Count; k++)
        {
            position[levelOrder[k]] = k;
        }

        var columns = new double[levelOrder.Count - 1][];
        for (var k = 0; k < columns.Length; k++)
        {
            columns[k] = new double[naturalCodes.Length];
        }

        for (var i = 0; i < naturalCodes.Length; i++)
        {
            var k = position[naturalCodes[i]];
            if (k > 0)
            {
                columns[k - 1][i] = 1;
            }
        }

        return columns;
    }
}
