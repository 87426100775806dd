using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Runtime.Intrinsics;
using System.Text.Json;
using Charta.Core;
using Charta.Core.Liquidation;
using Charta.Views;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Charta.Server;

/// <summary>
/// A JSON answer serialized once per state of the ledger and per request (the query and the reader's scope), kept as
/// bytes with its compressed variants built on first demand. Its entity tag names the state (last sequence and chain
/// hash) and the request, so a client's <c>If-None-Match</c> is answered 304 before anything is computed.
/// </summary>
public sealed class CachedBody
{
    private readonly Lock _gate = new();
    private byte[]? _gzip;
    private byte[]? _brotli;

    internal CachedBody(byte[] json, string etag, BodyCompression compression = BodyCompression.Fastest)
    {
        _json = json;
        Length = json.Length;
        ETag = etag;
        Compression = compression;
    }

    /// <summary>
    /// A body kept in parts (the cap-table document: its rows in runs), written part after part and gzipped part by
    /// part (<see cref="GzipSegments"/>): <paramref name="jsonParts"/> and <paramref name="gzipParts"/> give the pieces
    /// to write in order, <paramref name="json"/> the whole on first use (for brotli and for the callers that read it).
    /// </summary>
    internal CachedBody(IReadOnlyList<ReadOnlyMemory<byte>> jsonParts, Func<IReadOnlyList<ReadOnlyMemory<byte>>> gzipParts, Func<byte[]> json, string etag)
    {
        _parts = jsonParts;
        _gzipParts = gzipParts;
        _whole = json;
        Length = jsonParts.Sum(p => (long)p.Length);
        ETag = etag;
    }

    private byte[]? _json;
    private readonly IReadOnlyList<ReadOnlyMemory<byte>>? _parts;
    private readonly Func<IReadOnlyList<ReadOnlyMemory<byte>>>? _gzipParts;
    private readonly Func<byte[]>? _whole;

    /// <summary>The uncompressed JSON: exactly what the uncached handler would have written.</summary>
    public byte[] Json => _json ??= _whole!();

    /// <summary>The length of the uncompressed JSON.</summary>
    public long Length { get; }

    /// <summary>Whether the body is kept in parts: gzip is then the cheaper answer (no part is compressed twice).</summary>
    public bool InParts => _parts is not null;

    /// <summary>The body in <paramref name="encoding"/> as the pieces to write in order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Pieces(string? encoding) =>
        _parts is null ? [In(encoding)]
        : encoding is null ? _parts
        : encoding == "gzip" ? _gzipParts!()
        : [In(encoding)];

    public string ETag { get; }

    public BodyCompression Compression { get; }

    /// <summary>The body in <paramref name="encoding"/> ("br", "gzip" or null for none), compressed once.</summary>
    public byte[] In(string? encoding)
    {
        if (encoding is null) return Json;
        lock (_gate)
            return encoding == "br" ? _brotli ??= Brotli(Json, Compression) : _gzip ??= Compress(Json, s => new GZipStream(s, CompressionLevel.Fastest));
    }

    /// <summary>
    /// Brotli at <see cref="CompressionLevel.Fastest"/> (quality 1), or for a body made per request at quality 0, in one
    /// call (no stream): on the 383 KB waterfall body quality 0 took ≈ 130 µs and 34 KB, quality 1 ≈ 300 µs and 14 KB,
    /// gzip's fastest ≈ 170 µs and 44 KB (docs/performance.md, session 21).
    /// </summary>
    private static byte[] Brotli(byte[] json, BodyCompression compression)
    {
        if (compression == BodyCompression.Fastest) return Compress(json, s => new BrotliStream(s, CompressionLevel.Fastest));
        var buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(json.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(json, buffer, out var written, quality: 0, window: 22))
                throw new InvalidOperationException("brotli wrote more than its bound");
            return buffer.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Compress(byte[] json, Func<Stream, Stream> encoder)
    {
        using var output = new MemoryStream(json.Length / 6 + 1024);
        using (var z = encoder(output)) z.Write(json);
        return output.ToArray();
    }
}

/// <summary>How hard a body is compressed: once per state and read often (the cap table), or made per request (a waterfall at a new exit).</summary>
public enum BodyCompression
{
    /// <summary>Brotli and gzip at <see cref="CompressionLevel.Fastest"/>.</summary>
    Fastest,

    /// <summary>Brotli at quality 0 (cheaper than either at Fastest on a large body, larger than brotli's Fastest); gzip at Fastest.</summary>
    Cheapest,
}

/// <summary>
/// The per-state response cache: <see cref="Respond"/> answers a read from the bytes kept for (state, request key)
/// or makes them once. Keys must name everything the body depends on besides the state, the reader's scope included
/// (a stockholder's answer is keyed by its holder). The cache of a state goes with the state: a write makes a new one.
/// </summary>
public static class CachedResponses
{
    /// <summary>At most this many bytes of bodies are kept per state (beyond it, answers are made and not kept).</summary>
    public const long MaxBytesPerState = 128L * 1024 * 1024;

    /// <summary>The scope part of a key: one body for every role that sees everything, one per stockholder.</summary>
    public static string Scope(User u) => u.Role == Role.Stockholder ? "holder:" + u.Holder : "all";

    /// <summary>The weak entity tag of (state, key): the state's last sequence and chain hash, and a digest of the key.</summary>
    public static string ETag(LedgerService.Snapshot s, string key)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{s.LastSequence}\n{s.Hash}\n{key}"), digest);
        return $"W/\"{s.LastSequence}-{Convert.ToHexStringLower(digest[..12])}\"";
    }

    /// <summary>
    /// 304 when the request's <c>If-None-Match</c> names this (state, key); else the kept body (made by
    /// <paramref name="make"/> on first use), compressed when the client accepts br or gzip. A refusal is answered as
    /// a problem and not kept.
    /// </summary>
    public static IResult Respond(HttpContext http, LedgerService.Snapshot s, string key, Func<Result<byte[]>> make,
        BodyCompression compression = BodyCompression.Fastest) =>
        Respond(http, s, key, etag => make().Map(json => new CachedBody(json, etag, compression)));

    /// <summary>As <see cref="Respond(HttpContext, LedgerService.Snapshot, string, Func{Result{byte[]}}, BodyCompression)"/> for a cap-table document (made on first use), kept in parts.</summary>
    public static IResult RespondInParts(HttpContext http, LedgerService.Snapshot s, string key, Func<CapTableDocument> make) =>
        Respond(http, s, key, etag =>
        {
            var document = make();
            return new CachedBody(document.JsonParts, () => document.GzipParts, () => document.Json, etag);
        });

    private static IResult Respond(HttpContext http, LedgerService.Snapshot s, string key, Func<string, Result<CachedBody>> make)
    {
        var etag = ETag(s, key);
        // The tag was given with a 200 for this very state and request: the answer is the same bytes, not made again.
        if (Matches(http.Request.Headers.IfNoneMatch, etag)) return new NotModified(etag);
        if (s.KeptBody(key) is { } kept) return new CachedJsonResult(kept);
        var made = make(etag);
        return made.IsOk ? new CachedJsonResult(s.Keep(key, made.Value)) : Problems.Refused(made.Refusal!);
    }

    /// <summary>Whether an <c>If-None-Match</c> header lists <paramref name="etag"/> (weak comparison, RFC 9110 §13.1.2) </summary>
    internal static bool Matches(Microsoft.Extensions.Primitives.StringValues header, string etag)
    {
        if (header.Count == 0) return false;
        var mine = Opaque(etag);
        foreach (var value in header)
        {
            if (value is null) continue;
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (Opaque(part) == mine) return true;
        }

        return false;
    }

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;

    /// <summary>The encoding to answer in: br, then gzip, when the client lists it with a non-zero quality; else none.</summary>
    internal static string? Negotiate(Microsoft.Extensions.Primitives.StringValues acceptEncoding) => Negotiate(acceptEncoding, gzipFirst: false);

    /// <summary>As <see cref="Negotiate(Microsoft.Extensions.Primitives.StringValues)"/>; with <paramref name="gzipFirst"/>, gzip before br (a body kept in parts: its gzip is made part by part, once).</summary>
    internal static string? Negotiate(Microsoft.Extensions.Primitives.StringValues acceptEncoding, bool gzipFirst)
    {
        if (acceptEncoding.Count == 0) return null;
        bool br = false, gzip = false;
        foreach (var value in acceptEncoding)
        {
            if (value is null) continue;
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!StringWithQualityHeaderValue.TryParse(part, out var v) || v.Quality is 0) continue;
                if (v.Value.Equals("br", StringComparison.OrdinalIgnoreCase)) br = true;
                else if (v.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase)) gzip = true;
            }
        }

        return gzipFirst && gzip ? "gzip" : br ? "br" : gzip ? "gzip" : null;
    }

    private static void Headers(HttpResponse r, string etag)
    {
        r.Headers.ETag = etag;
        r.Headers.Vary = "Accept-Encoding";
        // Every answer depends on who asks: kept by the client only, and revalidated before reuse.
        r.Headers.CacheControl = "private, no-cache";
    }

    private sealed class NotModified(string etag) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            Headers(http.Response, etag);
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
    }

    /// <summary>The kept body, in the encoding the client accepts.</summary>
    public sealed class CachedJsonResult(CachedBody body) : IResult
    {
        public CachedBody Body { get; } = body;

        public async Task ExecuteAsync(HttpContext http)
        {
            var encoding = Negotiate(http.Request.Headers.AcceptEncoding, gzipFirst: Body.InParts);
            var pieces = Body.Pieces(encoding);
            var r = http.Response;
            Headers(r, Body.ETag);
            if (encoding is not null) r.Headers.ContentEncoding = encoding;
            r.StatusCode = StatusCodes.Status200OK;
            r.ContentType = "application/json; charset=utf-8";
            r.ContentLength = pieces.Sum(p => (long)p.Length);
            foreach (var p in pieces) await r.Body.WriteAsync(p, http.RequestAborted);
        }
    }

    // ---- the waterfall's body -----------------------------------------------------------------------------------

    private static readonly JsonEncodedText NameProperty = JsonEncodedText.Encode("name", Apis.Json.Encoder);
    private static readonly JsonEncodedText TotalProperty = JsonEncodedText.Encode("total", Apis.Json.Encoder);

    /// <summary>
    /// Exactly the bytes of <c>JsonSerializer.Serialize(LedgerViews.Waterfall(r, explain))</c> with the API's settings,
    /// written faster: the view (the one shape, in <see cref="LedgerViews"/>) is serialized without its per-holder list,
    /// and the list (a name and a total per holder: 10,000 rows on a large ledger) is written row by row into its place.
    /// </summary>
    public static byte[] WaterfallJson(WaterfallResult r, bool explain) =>
        r.Holders is HolderPayouts cents ? WaterfallJsonCents(r, cents, explain) : WithHolderRows(r, explain, WriteHolderRows);

    /// <summary>
    /// <see cref="WaterfallJson"/> of a distribution whose holder totals are kept in cents (every
    /// <see cref="Waterfall.Solve"/>): each row is its payee's text, made once per model (<see cref="HolderRowPrefixes"/>,
    /// kept for the model's list of payees), then its total written from the cents.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static byte[] WaterfallJsonCents(WaterfallResult r, HolderPayouts holders, bool explain)
    {
        var shell = JsonSerializer.SerializeToUtf8Bytes(LedgerViews.Waterfall(r with { Holders = [] }, explain), Apis.Json);
        var marker = ",\"holders\":[]"u8;
        var at = shell.AsSpan().IndexOf(marker);
        if (at < 0) return JsonSerializer.SerializeToUtf8Bytes(LedgerViews.Waterfall(r, explain), Apis.Json);
        var prefixes = HolderRowPrefixes.For(holders.Names);
        var cents = holders.Cents;
        // At most: the shell with its empty list (the brackets are kept), and per row its prefix, a comma, "}" and a
        // total of at most 24 bytes (a sign, 18 digits of whole units, a point and two digits). Written into a rented
        // buffer (no counting pass), then copied once at its length.
        var most = (long)shell.Length + prefixes.Bytes.Length + cents.Length * (2L + MaxCentsLength);
        var rented = ArrayPool<byte>.Shared.Rent(checked((int)most));
        try
        {
            var span = rented.AsSpan();
            shell.AsSpan(0, at).CopyTo(span);
            var n = at;
            ",\"holders\":["u8.CopyTo(span[n..]);
            n += ",\"holders\":["u8.Length;
            var bytes = prefixes.Bytes;
            var offsets = prefixes.Offsets;
            for (var i = 0; i < cents.Length; i++)
            {
                if (i > 0) span[n++] = (byte)',';
                var from = offsets[i];
                var count = offsets[i + 1] - from;
                CopyRow(bytes.AsSpan(from, count), span.Slice(n, count));
                n += count;
                n += WriteCents(cents[i], span[n..]);
                span[n++] = (byte)'}';
            }

            span[n++] = (byte)']';
            shell.AsSpan(at + marker.Length).CopyTo(span[n..]);
            n += shell.Length - at - marker.Length;
            return span[..n].ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The most bytes <see cref="WriteCents"/> writes: a sign, 18 digits of whole units (2^63 cents), a point and two digits.</summary>
    private const int MaxCentsLength = 1 + 18 + 3;

    /// <summary>
    /// A row's prefix into its place, the same length: 16 to 64 bytes (a name of up to about 40 bytes) as two
    /// overlapping vector copies (no call), anything else by <see cref="Span{T}.CopyTo"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void CopyRow(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var length = source.Length;
        if (length is >= 16 and <= 32)
        {
            Vector128.Create(source).CopyTo(destination);
            Vector128.Create(source[(length - 16)..]).CopyTo(destination[(length - 16)..]);
        }
        else if (length is > 32 and <= 64 && Vector256.IsHardwareAccelerated)
        {
            Vector256.Create(source).CopyTo(destination);
            Vector256.Create(source[(length - 32)..]).CopyTo(destination[(length - 32)..]);
        }
        else source.CopyTo(destination);
    }

    /// <summary>
    /// Each payee's row up to its total, <c>{"name":"…","total":</c>, as the writer writes it (the same encoder), for one
    /// list of payees: one list per liquidation model, i.e. per state of the ledger and date, shared by every exit. Kept
    /// as long as the list is (a weak table keyed by the list itself: no key to get wrong, nothing to evict).
    /// </summary>
    internal sealed class HolderRowPrefixes
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string>, HolderRowPrefixes> Kept = new();

        private HolderRowPrefixes(byte[] bytes, int[] offsets)
        {
            Bytes = bytes;
            Offsets = offsets;
        }

        /// <summary>Every prefix, one after the other.</summary>
        public byte[] Bytes { get; }

        /// <summary>Payee i's prefix is Bytes[Offsets[i] .. Offsets[i + 1]].</summary>
        public int[] Offsets { get; }

        public static HolderRowPrefixes For(IReadOnlyList<string> names) => Kept.GetValue(names, Make);

        internal static HolderRowPrefixes Make(IReadOnlyList<string> names)
        {
            var encoder = Apis.Json.Encoder!;
            var buffer = new ArrayBufferWriter<byte>(names.Count * 32 + 16);
            var offsets = new int[names.Count + 1];
            for (var i = 0; i < names.Count; i++)
            {
                buffer.Write(RowOpen);
                WriteName(buffer, names[i], encoder);
                buffer.Write(RowMiddle);
                offsets[i + 1] = buffer.WrittenCount;
            }

            return new HolderRowPrefixes(buffer.WrittenSpan.ToArray(), offsets);
        }

        /// <summary>A name as the writer writes a string's content: as UTF-8 when the encoder leaves it as it is, else escaped by the writer.</summary>
        private static void WriteName(ArrayBufferWriter<byte> buffer, string name, System.Text.Encodings.Web.JavaScriptEncoder encoder)
        {
            var span = buffer.GetSpan(name.Length * 3);
            if (System.Text.Unicode.Utf8.FromUtf16(name, span, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
                && encoder.FindFirstCharacterToEncodeUtf8(span[..written]) < 0)
                buffer.Advance(written);
            else buffer.Write(Escaped(name, encoder));
        }
    }

    /// <summary>The bytes of <see cref="WriteCents"/>: a sign, the whole units (at least one digit), a point and two digits.</summary>
    internal static int CentsLength(long cents)
    {
        var magnitude = cents < 0 ? unchecked(0UL - (ulong)cents) : (ulong)cents;
        return (cents < 0 ? 1 : 0) + DigitCount(magnitude / 100) + 3;
    }

    /// <summary>
    /// Whole cents as the serializer writes <see cref="Distribution.FromCents"/> of them (a decimal of scale 2, "G"):
    /// 0.00, 0.05, 1.50, 1234567.89, −0.05; returns the bytes written (<see cref="CentsLength"/>; the caller makes room).
    /// From the right: the cents, then the whole units four digits at a time (two pairs from one division), then the
    /// last one to four.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static int WriteCents(long cents, Span<byte> destination)
    {
        unchecked // every step below is in range by construction (quotients and remainders of a 64-bit magnitude)
        {
            var sign = cents < 0 ? 1 : 0;
            var magnitude = cents < 0 ? 0UL - (ulong)cents : (ulong)cents;
            var whole = magnitude / 100;
            var n = sign + DigitCount(whole) + 3;
            var d = destination[..n];
            var pairs = DigitPairs;
            System.Runtime.InteropServices.MemoryMarshal.Write(d[(n - 2)..], in pairs[(int)(magnitude - whole * 100)]);
            var at = n - 3;
            d[at] = (byte)'.';
            while (whole >= 10_000)
            {
                var q = whole / 10_000;
                var r = (uint)(whole - q * 10_000);
                var hi = r / 100;
                at -= 4;
                System.Runtime.InteropServices.MemoryMarshal.Write(d[at..], in pairs[(int)hi]);
                System.Runtime.InteropServices.MemoryMarshal.Write(d[(at + 2)..], in pairs[(int)(r - hi * 100)]);
                whole = q;
            }

            var w = (uint)whole; // below 10^4
            if (w >= 100)
            {
                var hi = w / 100;
                at -= 2;
                System.Runtime.InteropServices.MemoryMarshal.Write(d[at..], in pairs[(int)(w - hi * 100)]);
                w = hi;
            }

            if (w >= 10)
            {
                at -= 2;
                System.Runtime.InteropServices.MemoryMarshal.Write(d[at..], in pairs[(int)w]);
            }
            else d[--at] = (byte)('0' + w);

            if (sign == 1) d[0] = (byte)'-';
            return n;
        }
    }

    /// <summary>"00", "01", … "99", each as the two bytes of a 16-bit value in memory order.</summary>
    private static readonly ushort[] DigitPairs = [.. Enumerable.Range(0, 100).Select(i =>
        BitConverter.IsLittleEndian ? (ushort)('0' + i / 10 | ('0' + i % 10) << 8) : (ushort)(('0' + i / 10) << 8 | '0' + i % 10))];

    /// <summary>10^0 … 10^19.</summary>
    private static ReadOnlySpan<ulong> PowersOfTen =>
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL, 1_000_000_000UL,
        10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL, 100_000_000_000_000UL,
        1_000_000_000_000_000UL, 10_000_000_000_000_000UL, 100_000_000_000_000_000UL, 1_000_000_000_000_000_000UL,
        10_000_000_000_000_000_000UL,
    ];

    /// <summary>The decimal digits of <paramref name="value"/> (1 for 0): from its bit length (× log10 2 ≈ 1233/4096), corrected by one comparison.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static int DigitCount(ulong value)
    {
        value |= 1; // the same count (an odd number is never a power of ten above 1), and 0 counts as 1 digit
        var guess = (System.Numerics.BitOperations.Log2(value) + 1) * 1233 >> 12;
        return guess + (value >= PowersOfTen[guess] ? 1 : 0);
    }

    /// <summary>
    /// The waterfall view serialized without its per-holder list, and <paramref name="writeHolders"/> writing the list
    /// (the value of "holders") into its place; the serializer's own answer when the view has no such place.
    /// </summary>
    private static byte[] WithHolderRows(WaterfallResult r, bool explain, Action<ArrayBufferWriter<byte>, WaterfallResult> writeHolders)
    {
        var shell = JsonSerializer.SerializeToUtf8Bytes(LedgerViews.Waterfall(r with { Holders = [] }, explain), Apis.Json);
        // The view's top-level "holders" property, empty; a name inside a string cannot match (its quotes are escaped).
        var marker = ",\"holders\":[]"u8;
        var at = shell.AsSpan().IndexOf(marker);
        if (at < 0) return JsonSerializer.SerializeToUtf8Bytes(LedgerViews.Waterfall(r, explain), Apis.Json);
        var buffer = new ArrayBufferWriter<byte>(shell.Length + r.Holders.Count * 48 + 64);
        buffer.Write(shell.AsSpan(0, at));
        buffer.Write(",\"holders\":"u8);
        writeHolders(buffer, r);
        buffer.Write(shell.AsSpan(at + marker.Length));
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteHolderRows(ArrayBufferWriter<byte> buffer, WaterfallResult r)
    {
        buffer.Write("["u8);
        // Each row as the writer would write it, {"name":"…","total":…}, straight into the buffer: a name that the
        // encoder leaves as it is copied as UTF-8, any other written by the writer itself (the same encoder); a total
        // as its invariant text (TryFormatDecimal), else formatted as the writer formats a decimal (Utf8Formatter).
        var encoder = Apis.Json.Encoder!;
        for (var i = 0; i < r.Holders.Count; i++)
        {
            var h = r.Holders[i];
            var name = h.Holder;
            // The most a row takes: the separator and the fixed text, the name at 3 bytes a char, the number.
            var span = buffer.GetSpan(1 + RowOpen.Length + RowMiddle.Length + 1 + name.Length * 3 + MoneyDigits);
            var n = 0;
            if (i > 0) span[n++] = (byte)',';
            RowOpen.CopyTo(span[n..]);
            n += RowOpen.Length;
            if (System.Text.Unicode.Utf8.FromUtf16(name, span[n..], out _, out var nameBytes, replaceInvalidSequences: false) == OperationStatus.Done
                && encoder.FindFirstCharacterToEncodeUtf8(span.Slice(n, nameBytes)) < 0)
                n += nameBytes;
            else
            {
                var escaped = Escaped(name, encoder);
                span = EnsureRow(buffer, span, n, escaped.Length + RowMiddle.Length + 1 + MoneyDigits);
                escaped.CopyTo(span[n..]);
                n += escaped.Length;
            }

            RowMiddle.CopyTo(span[n..]);
            n += RowMiddle.Length;
            if (TryFormatDecimal(h.Total, span[n..], out var digits) || System.Buffers.Text.Utf8Formatter.TryFormat(h.Total, span[n..], out digits))
                n += digits;
            else throw new InvalidOperationException("a decimal longer than its longest text");

            span[n++] = (byte)'}';
            buffer.Advance(n);
        }

        buffer.Write("]"u8);
    }

    /// <summary>
    /// The reference of <see cref="WaterfallJson"/>'s holder rows: each total written by
    /// <see cref="Utf8JsonWriter.WriteNumber(JsonEncodedText, decimal)"/> (for the byte-equality test and the benchmark's
    /// baseline).
    /// </summary>
    public static byte[] WaterfallJsonReference(WaterfallResult r, bool explain) => WithHolderRows(r, explain, static (buffer, r) =>
    {
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Apis.Json.Encoder, Indented = false, SkipValidation = true }))
        {
            w.WriteStartArray();
            foreach (var h in r.Holders)
            {
                w.WriteStartObject();
                w.WriteString(NameProperty, h.Holder);
                w.WriteNumber(TotalProperty, h.Total);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    });

    private static ReadOnlySpan<byte> RowOpen => "{\"name\":\""u8;
    private static ReadOnlySpan<byte> RowMiddle => "\",\"total\":"u8;

    /// <summary>A name as the writer writes a string value (between its quotes), with the same encoder.</summary>
    private static byte[] Escaped(string name, System.Text.Encodings.Web.JavaScriptEncoder encoder)
    {
        var b = new ArrayBufferWriter<byte>(name.Length * 6 + 2);
        using (var w = new Utf8JsonWriter(b, new JsonWriterOptions { Encoder = encoder, Indented = false, SkipValidation = true }))
            w.WriteStringValue(name);
        return b.WrittenSpan[1..^1].ToArray();
    }

    /// <summary>A span of the buffer holding the row's first <paramref name="written"/> bytes and <paramref name="more"/> after.</summary>
    private static Span<byte> EnsureRow(ArrayBufferWriter<byte> buffer, Span<byte> span, int written, int more)
    {
        if (span.Length >= written + more) return span;
        var copy = span[..written].ToArray();
        var bigger = buffer.GetSpan(written + more);
        copy.CopyTo(bigger);
        return bigger;
    }

    /// <summary>Room for any decimal's text: at most 29 digits, a sign, a point and "0." with zeros (31 bytes).</summary>
    private const int MoneyDigits = 48;

    /// <summary>
    /// A non-negative decimal whose digits fit in 64 bits (every amount of money in cents does), as the invariant
    /// culture writes it ("G": every digit of its scale kept, 1.50 stays 1.50, zero at scale 2 is 0.00; never an
    /// exponent): the digits with the point <c>scale</c> places from the right. False otherwise (negative, or more than
    /// 64 bits of digits): the caller writes it the ordinary way.
    /// </summary>
    internal static bool TryFormatDecimal(decimal value, Span<byte> destination, out int written)
    {
        written = 0;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[3] < 0 || bits[2] != 0) return false;
        var scale = (bits[3] >> 16) & 0xFF;
        var digits = unchecked((ulong)(uint)bits[1] << 32 | (uint)bits[0]);
        Span<byte> text = stackalloc byte[20];
        if (!System.Buffers.Text.Utf8Formatter.TryFormat(digits, text, out var n)) return false;
        if (scale == 0)
        {
            if (destination.Length < n) return false;
            text[..n].CopyTo(destination);
            written = n;
            return true;
        }

        if (n > scale)
        {
            // 1234 at scale 2: 12.34
            if (destination.Length < n + 1) return false;
            text[..(n - scale)].CopyTo(destination);
            destination[n - scale] = (byte)'.';
            text[(n - scale)..n].CopyTo(destination[(n - scale + 1)..]);
            written = n + 1;
            return true;
        }

        // 5 at scale 2: 0.05; 0 at scale 2: 0.00
        var zeros = scale - n;
        if (destination.Length < 2 + zeros + n) return false;
        destination[0] = (byte)'0';
        destination[1] = (byte)'.';
        destination.Slice(2, zeros).Fill((byte)'0');
        text[..n].CopyTo(destination[(2 + zeros)..]);
        written = 2 + zeros + n;
        return true;
    }
}
