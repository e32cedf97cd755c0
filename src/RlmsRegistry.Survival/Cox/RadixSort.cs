using System.Runtime.CompilerServices;

namespace RlmsRegistry.Survival;

/// <summary>
/// Stable LSD radix sort of doubles with a payload of row indices, O(n) per 11-bit digit. Doubles are
/// mapped to order-preserving unsigned keys (sign bit flipped for non-negatives, all bits for
/// negatives); digits on which every key agrees are skipped, so times on a narrow range (a few
/// distinct exponents) need 3 or 4 passes. Input: finite keys (no NaN). Output: keys ascending, the
/// payload permuted alongside, rows with equal keys in input order.
/// </summary>
internal static class RadixSort
{
    private const int Bits = 11;
    private const int Buckets = 1 << Bits;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sort(double[] keys, int[] items)
    {
        var n = keys.Length;
        if (n < 2)
        {
            return;
        }

        var k = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            var bits = (ulong)BitConverter.DoubleToInt64Bits(keys[i] == 0 ? 0.0 : keys[i]);   // -0 sorts as 0
            k[i] = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
        }

        var kDst = new ulong[n];
        var iSrc = items;
        var iDst = new int[n];
        var counts = new int[Buckets];
        for (var shift = 0; shift < 64; shift += Bits)
        {
            Array.Clear(counts);
            for (var i = 0; i < n; i++)
            {
                counts[(int)((k[i] >> shift) & (Buckets - 1))]++;
            }

            if (counts[(int)((k[0] >> shift) & (Buckets - 1))] == n)
            {
                continue;   // every key has the same digit here
            }

            var total = 0;
            for (var b = 0; b < Buckets; b++)
            {
                var c = counts[b];
                counts[b] = total;
                total += c;
            }

            for (var i = 0; i < n; i++)
            {
                var pos = counts[(int)((k[i] >> shift) & (Buckets - 1))]++;
                kDst[pos] = k[i];
                iDst[pos] = iSrc[i];
            }

            (k, kDst) = (kDst, k);
            (iSrc, iDst) = (iDst, iSrc);
        }

        if (!ReferenceEquals(iSrc, items))
        {
            iSrc.AsSpan().CopyTo(items);
        }

        for (var i = 0; i < n; i++)
        {
            var bits = k[i];
            bits = (bits & 0x8000_0000_0000_0000UL) != 0 ? bits & 0x7FFF_FFFF_FFFF_FFFFUL : ~bits;
            keys[i] = BitConverter.Int64BitsToDouble((long)bits);
        }
    }
}
