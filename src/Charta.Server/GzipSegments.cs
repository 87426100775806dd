using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Charta.Server;

/// <summary>
/// One gzip member (RFC 1952) made of parts compressed apart: each part is raw DEFLATE (RFC 1951) from a fresh
/// compressor, ended by a sync flush (an empty stored block: byte-aligned, not final), so a part refers to nothing
/// before it and the parts can be laid end to end; one final empty block closes the stream, and the trailer holds the
/// CRC-32 of the whole, combined from the parts' (<see cref="Combine"/>), and its length. A body kept as parts (the cap
/// table's rows in runs) is compressed again only where a part changed.
/// </summary>
public static class GzipSegments
{
    /// <summary>The member header: magic, DEFLATE, no flags, no time, no extra flags, OS unknown.</summary>
    public static ReadOnlyMemory<byte> Header { get; } = new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255 };

    /// <summary>An empty final block with fixed codes (BFINAL 1, BTYPE 01, end of block): what a compressor ends with.</summary>
    public static ReadOnlyMemory<byte> FinalBlock { get; } = new byte[] { 3, 0 };

    /// <summary>A part: its raw DEFLATE (sync-flushed, not final) and the CRC-32 and length of its bytes.</summary>
    public readonly record struct Part(byte[] Deflated, uint Crc, long Length);

    /// <summary>
    /// Compresses <paramref name="bytes"/> as a part, at <see cref="CompressionLevel.Optimal"/>: a part is compressed
    /// once and sent many times (the 1.5 MB cap table of 10,000 holders: about 76 KB, where zlib-ng's Fastest gives 181 KB).
    /// </summary>
    public static Part Compress(ReadOnlySpan<byte> bytes)
    {
        using var output = new MemoryStream(bytes.Length / 4 + 64);
        var z = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true);
        z.Write(bytes);
        // Flush is a sync flush: everything so far out, ending on a byte boundary, the stream not ended. What Dispose
        // adds after it (the final block) is not taken: the member's one final block is FinalBlock.
        z.Flush();
        var deflated = output.ToArray();
        z.Dispose();
        return new Part(deflated, Crc32.HashToUInt32(bytes), bytes.Length);
    }

    /// <summary>The trailer: the CRC-32 of the uncompressed whole and its length modulo 2³², little-endian.</summary>
    public static byte[] Trailer(uint crc, long length)
    {
        var t = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(t, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), unchecked((uint)length));
        return t;
    }

    /// <summary>The whole member over <paramref name="parts"/>, as the pieces to write in order (nothing copied).</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> Member(IReadOnlyList<Part> parts)
    {
        var pieces = new List<ReadOnlyMemory<byte>>(parts.Count + 3) { Header };
        uint crc = 0;
        long length = 0;
        foreach (var p in parts)
        {
            pieces.Add(p.Deflated);
            crc = Combine(crc, p.Crc, p.Length);
            length += p.Length;
        }

        pieces.Add(FinalBlock);
        pieces.Add(Trailer(crc, length));
        return pieces;
    }

    // ---- CRC-32 of a concatenation from the parts' (zlib's crc32_combine: multiplication modulo the polynomial) ----

    private const uint Polynomial = 0xedb88320; // reflected x³² + x²⁶ + … + 1, as System.IO.Hashing.Crc32

    /// <summary>x^(2^k) modulo the polynomial, k = 0…31.</summary>
    private static readonly uint[] PowersOfTwo = MakePowers();

    private static uint[] MakePowers()
    {
        var table = new uint[32];
        var p = 1u << 30; // x¹
        table[0] = p;
        for (var n = 1; n < 32; n++) table[n] = p = MultiplyModP(p, p);
        return table;
    }

    /// <summary>a × b modulo the polynomial (bit-reflected: the top bit is x⁰).</summary>
    private static uint MultiplyModP(uint a, uint b)
    {
        var m = 1u << 31;
        var p = 0u;
        while (true)
        {
            if ((a & m) != 0)
            {
                p ^= b;
                if ((a & (m - 1)) == 0) break;
            }

            m >>= 1;
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }

        return p;
    }

    /// <summary>x^(n × 2^k) modulo the polynomial.</summary>
    private static uint PowerModP(long n, int k)
    {
        var p = 1u << 31; // x⁰
        while (n != 0)
        {
            if ((n & 1) != 0) p = MultiplyModP(PowersOfTwo[k & 31], p);
            n >>= 1;
            k++;
        }

        return p;
    }

    /// <summary>The CRC-32 of A followed by B, from A's CRC, B's CRC and B's length.</summary>
    public static uint Combine(uint crcA, uint crcB, long lengthB) => MultiplyModP(PowerModP(lengthB, 3), crcA) ^ crcB;
}
