namespace RlmsRegistry.Survival.Internal;

/// <summary>
/// Sort permutations for double keys, used so every estimator sorts its data exactly once.
/// </summary>
/// <remarks>
/// Inputs: keys (finite or infinite doubles, no NaN). Output: the permutation that lists the keys in ascending
/// order; equal keys keep their input order (the sort is stable). Method: least-significant-digit radix sort on
/// the IEEE-754 bit pattern mapped to an order-preserving unsigned integer, 11 bits per pass, passes whose digit
/// is constant over all keys are skipped. O(n) time, O(n) extra memory. For small inputs Array.Sort is used.
/// </remarks>
internal static class RadixSort
{
    private const int SmallInput = 256;
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;

    /// <summary>Maps a double to an unsigned integer whose natural order is the numeric order of the double.</summary>
    public static ulong OrderedBits(double value)
    {
        // -0.0 and 0.0 compare equal as doubles, so give them the same key.
        if (value == 0.0)
        {
            value = 0.0;
        }

        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    /// <summary>Returns indices 0..n-1 ordered so that keys[result[i]] is ascending (stable).</summary>
    public static int[] SortedOrder(ReadOnlySpan<double> keys)
    {
        int n = keys.Length;
        var order = new int[n];
        if (n < SmallInput)
        {
            var copy = keys.ToArray();
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            // Array.Sort is not stable; break ties on the index to make it so.
            Array.Sort(order, (a, b) =>
            {
                int c = copy[a].CompareTo(copy[b]);
                return c != 0 ? c : a.CompareTo(b);
            });
            return order;
        }

        var bits = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            bits[i] = OrderedBits(keys[i]);
            order[i] = i;
        }

        SortByBits(bits, order);
        return order;
    }

    /// <summary>
    /// Sorts <paramref name="keys"/> ascending in place and permutes <paramref name="items"/> alongside (stable):
    /// the Cox engine's layout sorts times with their row indices this way.
    /// </summary>
    public static void Sort(double[] keys, int[] items)
    {
        int n = keys.Length;
        if (n < 2)
        {
            return;
        }

        var bits = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            bits[i] = OrderedBits(keys[i]);
        }

        SortByBits(bits, items);
        for (int i = 0; i < n; i++)
        {
            ulong b = bits[i];
            b = (b & 0x8000_0000_0000_0000UL) != 0 ? b & 0x7FFF_FFFF_FFFF_FFFFUL : ~b;
            keys[i] = BitConverter.Int64BitsToDouble((long)b);
        }
    }

    /// <summary>Sorts <paramref name="bits"/> ascending and applies the same permutation to <paramref name="items"/>.</summary>
    public static void SortByBits(ulong[] bits, int[] items)
    {
        int n = bits.Length;
        var bitsTmp = new ulong[n];
        var itemsTmp = new int[n];
        var counts = new int[Passes * Buckets];

        // One read of the data builds all the histograms.
        for (int i = 0; i < n; i++)
        {
            ulong b = bits[i];
            for (int p = 0; p < Passes; p++)
            {
                counts[(p * Buckets) + (int)((b >> (p * DigitBits)) & (Buckets - 1))]++;
            }
        }

        ulong[] srcBits = bits, dstBits = bitsTmp;
        int[] srcItems = items, dstItems = itemsTmp;
        var offsets = new int[Buckets];
        for (int p = 0; p < Passes; p++)
        {
            var hist = new ReadOnlySpan<int>(counts, p * Buckets, Buckets);
            int digitOfFirst = (int)((srcBits[0] >> (p * DigitBits)) & (Buckets - 1));
            if (hist[digitOfFirst] == n)
            {
                continue; // every key has the same digit here: the pass would not move anything
            }

            int sum = 0;
            for (int d = 0; d < Buckets; d++)
            {
                offsets[d] = sum;
                sum += hist[d];
            }

            int shift = p * DigitBits;
            for (int i = 0; i < n; i++)
            {
                ulong b = srcBits[i];
                int pos = offsets[(int)((b >> shift) & (Buckets - 1))]++;
                dstBits[pos] = b;
                dstItems[pos] = srcItems[i];
            }

            (srcBits, dstBits) = (dstBits, srcBits);
            (srcItems, dstItems) = (dstItems, srcItems);
        }

        if (!ReferenceEquals(srcBits, bits))
        {
            Array.Copy(srcBits, bits, n);
            Array.Copy(srcItems, items, n);
        }
    }
}
