using System.IO.Compression;
using System.IO.Hashing;

namespace Charta.Server.Tests;

/// <summary>
/// A gzip member laid out of parts compressed apart (<see cref="GzipSegments"/>) is a valid member of the whole: .NET's
/// decoder and the system's gzip give back the parts' bytes end to end, and the CRC-32 combined from the parts' is the
/// CRC-32 of the whole.
/// </summary>
public sealed class GzipSegmentsTests
{
    private static byte[] Bytes(Random rng, int n, bool repetitive)
    {
        var b = new byte[n];
        if (!repetitive) rng.NextBytes(b);
        else
        {
            var row = "{\"name\":\"Holder 0001\",\"shares\":100},"u8;
            for (var i = 0; i < n; i++) b[i] = row[(i + rng.Next(3)) % row.Length];
        }

        return b;
    }

    private static byte[] Concat(IEnumerable<ReadOnlyMemory<byte>> pieces)
    {
        using var m = new MemoryStream();
        foreach (var p in pieces) m.Write(p.Span);
        return m.ToArray();
    }

    [Fact]
    public void The_combined_crc_is_the_crc_of_the_whole()
    {
        // Seeded: the same cases every run. Lengths from 0 to 70,000 (past 2^16, where the powers of x matter).
        var rng = new Random(20261203);
        for (var k = 0; k < 200; k++)
        {
            var a = Bytes(rng, rng.Next(0, 70_000), rng.Next(2) == 0);
            var b = Bytes(rng, rng.Next(0, 70_000), rng.Next(2) == 0);
            Assert.Equal(Crc32.HashToUInt32([.. a, .. b]), GzipSegments.Combine(Crc32.HashToUInt32(a), Crc32.HashToUInt32(b), b.Length));
        }

        // "123456789" is the check string of CRC-32: 0xCBF43926, whatever the split.
        var check = "123456789"u8.ToArray();
        for (var at = 0; at <= check.Length; at++)
            Assert.Equal(0xCBF43926u, GzipSegments.Combine(Crc32.HashToUInt32(check[..at]), Crc32.HashToUInt32(check[at..]), check.Length - at));
    }

    [Fact]
    public void A_member_of_parts_decompresses_to_the_parts_end_to_end()
    {
        var rng = new Random(7);
        for (var k = 0; k < 30; k++)
        {
            var parts = Enumerable.Range(0, rng.Next(0, 12)).Select(_ => Bytes(rng, rng.Next(0, 50_000), rng.Next(3) > 0)).ToArray();
            var member = Concat(GzipSegments.Member([.. parts.Select(p => GzipSegments.Compress(p))]));
            using var z = new GZipStream(new MemoryStream(member), CompressionMode.Decompress);
            using var back = new MemoryStream();
            z.CopyTo(back);
            Assert.Equal(parts.SelectMany(p => p).ToArray(), back.ToArray());
        }
    }

    [Fact]
    public void The_system_gzip_reads_a_member_of_parts_and_checks_its_trailer()
    {
        if (!File.Exists("/usr/bin/gzip") && !File.Exists("/bin/gzip")) Assert.Fail("gzip is not installed (it is part of every Linux base image)");
        var rng = new Random(11);
        var parts = Enumerable.Range(0, 5).Select(i => Bytes(rng, 10_000 * (i + 1), true)).ToArray();
        var file = Path.Combine(Path.GetTempPath(), "charta-gzip-" + Guid.NewGuid().ToString("N") + ".gz");
        try
        {
            File.WriteAllBytes(file, Concat(GzipSegments.Member([.. parts.Select(p => GzipSegments.Compress(p))])));
            var psi = new System.Diagnostics.ProcessStartInfo("gzip", ["-t", "-v", file]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var p = System.Diagnostics.Process.Start(psi)!;
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err); // -t checks the CRC and the length in the trailer
        }
        finally
        {
            File.Delete(file);
        }
    }
}
