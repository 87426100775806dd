using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Charta.Core.AntiDilution;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Money;

namespace Charta.Ledger;

/// <summary>
/// The snapshot image of a folded state (issue 9 item 5): a hand-written, versioned binary codec over the immutable
/// <see cref="LedgerState"/>, written for speed where the state is large and by the generic <see cref="StateCodec"/>
/// where it is small.
/// <list type="bullet">
/// <item>Layout: magic, <see cref="Version"/>, the SHA-256 of the state types' field signature, the SHA-256 of the table
/// of sections, then the table (each section's offset, length and SHA-256), then the sections. Nothing is decoded before
/// its hash is checked: the header's table first, then each section as it is read. A damaged header or first section
/// (one flipped byte) is refused with <see cref="StaleSnapshotException"/> and the ledger is folded from its events
/// instead; a damaged large part is replaced by the fold of the snapshot's events when it is first used. A snapshot is
/// never trusted on its own word.</item>
/// <item>The first sections (meta, charter, register, per-class totals, the small rest) are read with the header; the
/// large parts (positions, latest issues, instruments, §6(d) take-up, the conversion-price history, the §6(d) issue
/// steps) only when first used (<see cref="Deferred{T}"/>, <see cref="AppendList{T}"/>): a write that records one
/// stakeholder reads a few hundred kilobytes of a 40 MB image, and a later snapshot copies an unread part's bytes (checked
/// again) instead of encoding it.</item>
/// <item>Hand-written sections: strings are interned per section; persistent maps are rebuilt through their builders,
/// lists from arrays; decimals are written exactly, compactly (scale, sign and the 96-bit integer as varints).</item>
/// <item>Small or rarely used parts (the charter, dividends, vesting, stored outcomes, the §6(d)(iii) and §6(e)
/// records) go through <see cref="StateCodec"/>, which checks its own field signatures.</item>
/// <item>The hand-written sections know the fields of their records: <see cref="Signature"/> lists them, and if the
/// core's state types no longer have exactly the fields the codec was written for (<see cref="WrittenFor"/>),
/// <see cref="Encode"/> refuses (no snapshot is taken; every read folds the events) and a test names the change.</item>
/// </list>
/// </summary>
public static class SnapshotCodec
{
    private const int Magic = 0x34534843; // "CHS4"

    /// <summary>The image format version: an image of another version is ignored (and the ledger refolded).</summary>
    public const int Version = 9; // 4: a table of sections, each with its SHA-256; large parts read on first use; compact decimals; 5: instruments' exact exercise prices; 6: steps carry the narrow base and per-series eligibility, dividends the cumulative series' accrual lots; 7: the instruments in blocks of sorted ids, indexed (first id, place, SHA-256 of each) in a first section, so one is read by id, and their sums per holder beside them (a cap table's totals); 8: the register's deemed-liquidation closing; 9: dividends keep the redemption requests (DividendState.Redemptions)

    /// <summary>The fields of the state records this codec was written for (see <see cref="Signature"/>).</summary>
    internal const string WrittenFor = """
        LedgerState(RegisterState Register, IssuanceState Issuance, InstrumentState Instruments, ConversionBook Conversion, DividendState Dividends, VestingState Vesting, Int64 EventCount)
        RegisterState(CharterDocument Charter, String CharterId, Nullable<DateOnly> IncorporatedOn, ImmutableList<String> Holders, ImmutableDictionary<String,String> Kinds, ImmutableDictionary<String,String> CaseFolded, Nullable<DateOnly> LiquidatedOn, Int64 LiquidatedBy)
        IssuanceState(Deferred<ImmutableDictionary<ValueTuple<String,String>,Int64>> PositionsPart, SmallMap<Int64> Outstanding, SmallMap<Int64> Retired, SmallMap<DateOnly> FirstIssue, Deferred<ImmutableDictionary<ValueTuple<String,String>,LatestIssue>> LatestIssuesPart)
        InstrumentState(Deferred<ImmutableDictionary<String,Instrument>> InstrumentsPart, SmallMap<Int64> Reserved)
        ConversionBook(SmallMap<Decimal> Prices, SmallMap<ExactPrice> Exact, AppendList<ConversionPriceChange> History, AntiDilutionState AntiDilution, ImmutableDictionary<ValueTuple<Int64,String>,StoredOutcome> Outcomes)
        AntiDilutionState(Decimal SplitScale, ImmutableDictionary<ValueTuple<String,String>,DeemedAdjustment> Deemed, AppendList<IssueStep> Steps, Deferred<ImmutableDictionary<String,InstrumentTakeUp>> TakeUpPart, ImmutableHashSet<String> ShortOptions, ImmutableList<ConversionEntitlement> Entitlements, ConversionTarget Target, RegistrationFiling LastFiling, ImmutableList<AutomaticConversionRecord> AutomaticConversions)
        DividendState(ImmutableDictionary<String,DeclaredDividend> Declared, SmallMap<Decimal> UnpaidPerShare, ImmutableDictionary<String,ImmutableList<AccrualLot>> AccrualLots, ImmutableDictionary<String,RedemptionRequest> Redemptions)
        VestingState(ImmutableDictionary<String,VestingSchedule> Schedules, ImmutableDictionary<String,PlanReserve> Plans, ImmutableDictionary<String,ConvertibleNote> Convertibles)
        LatestIssue(DateOnly Date, Int64 Shares)
        Instrument(String GrantId, String Holder, String Kind, String Underlying, DateOnly GrantedOn, Nullable<DateOnly> Expires, Int64 MaxSharesAtIssue, Decimal ExercisePriceAtIssue, Decimal ConsiderationReceived, String Exclusion, String Approval, Int64 Outstanding, Decimal ExercisePrice, Int64 Exercised, Int64 Cancelled, Int64 Expired, Nullable<ExactPrice> ExactExercisePrice)
        ConversionPriceChange(DateOnly Date, String Series, Decimal From, Decimal To, String Clause, Int64 EventSequence, String Reason, AdjustmentInputs Inputs)
        AdjustmentInputs(String Rule, Nullable<Decimal> A, Nullable<Decimal> B, Nullable<Decimal> C, Nullable<Decimal> AggregateConsideration, Nullable<Decimal> ConsiderationPerShare, Nullable<Decimal> Unrounded, String GrantId, Nullable<Decimal> OriginalFactor, Nullable<Decimal> RecomputedFactor, Nullable<Decimal> Recomputed, Nullable<Decimal> CapOriginalDate, Nullable<Decimal> CapLaterIssues, Nullable<Decimal> OfferingPrice, Nullable<Decimal> PercentOfOfferingPrice, Nullable<Int32> DaysAfterOriginalIssueDate)
        IssueStep(Decimal A, Decimal C, Decimal Consideration, Decimal SplitScale, Nullable<Fraction> PriceScale, Int64 NonPreferred, Int64[] Pending, ExactPrice[] PricesBefore, Int64 CommonOutstanding, Int64[] Outstanding, Boolean[] Eligible)
        InstrumentTakeUp(Decimal ExercisedInGrantUnits, Decimal ExerciseConsideration, Decimal SplitScaleAtGrant)
        """;

    private static readonly Type[] HandWritten =
    [
        typeof(LedgerState), typeof(RegisterState), typeof(IssuanceState), typeof(InstrumentState), typeof(ConversionBook),
        typeof(AntiDilutionState), typeof(DividendState), typeof(VestingState), typeof(LatestIssue), typeof(Instrument), typeof(ConversionPriceChange),
        typeof(AdjustmentInputs), typeof(IssueStep), typeof(InstrumentTakeUp),
    ];

    /// <summary>The fields (name and type, in declaration order) of every state record the hand-written sections read and write.</summary>
    public static readonly string Signature = string.Join("\n", HandWritten.Select(t =>
        $"{t.Name}({string.Join(", ", t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(f => f.MetadataToken).Select(f => $"{TypeName(f.FieldType)} {FieldName(f.Name)}"))})"));

    /// <summary>A record's backing field <c>&lt;Name&gt;k__BackingField</c> as its property name.</summary>
    private static string FieldName(string name) =>
        name.StartsWith('<') && name.IndexOf('>', StringComparison.Ordinal) is > 0 and var end ? name[1..end] : name;

    private static readonly byte[] SignatureHash = SHA256.HashData(Encoding.UTF8.GetBytes(Signature));

    private static string TypeName(Type t) =>
        t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", t.GetGenericArguments().Select(TypeName))}>"
        : t.IsArray ? TypeName(t.GetElementType()!) + "[]" : t.Name;

    /// <summary>The sections of an image, in order. The first <see cref="EagerSections"/> are read with the header; the others when first used.</summary>
    internal enum Part
    {
        Meta, Charter, Register, Totals, Rest, InstrumentIndex,
        Positions, LatestIssues, Instruments, InstrumentSums, TakeUp, History, Steps,
    }

    internal const int PartCount = 13;

    /// <summary>Meta, charter, register, per-class totals, the small rest and the instruments' index: what every read and write needs.</summary>
    internal const int EagerSections = 6;

    /// <summary>Instruments per block of the instruments section (each block is read and checked on its own for a look-up by id).</summary>
    internal const int InstrumentBlock = 512;

    private const int FixedHeader = 4 + 4 + 32 + 32 + 4; // magic, version, signature hash, table hash, section count
    private const int EntryLength = 4 + 4 + 32; // offset, length, SHA-256

    /// <summary>The length of the header and its table of sections (what a reader reads first).</summary>
    internal const int HeadLength = FixedHeader + PartCount * EntryLength;

    /// <summary>Where an image's bytes are read from: the image in memory, or a snapshot's blob in the ledger file.</summary>
    internal interface IImageSource
    {
        /// <summary><paramref name="length"/> bytes at <paramref name="offset"/>, or null when they cannot be read (the snapshot is gone).</summary>
        byte[]? Read(int offset, int length);
    }

    private sealed class InMemory(byte[] image) : IImageSource
    {
        public byte[]? Read(int offset, int length) =>
            offset >= 0 && length >= 0 && offset + (long)length <= image.Length ? image.AsSpan(offset, length).ToArray() : null;
    }

    /// <summary>One section of an image as its table names it: read again (and its SHA-256 checked) only when asked for.</summary>
    internal sealed class SectionRef(IImageSource source, int offset, int length, byte[] hash)
    {
        public byte[] Hash { get; } = hash;

        /// <summary>The section's bytes, if they can still be read and still have the SHA-256 the table gives; else null.</summary>
        public byte[]? Verified()
        {
            var bytes = source.Read(offset, length);
            return bytes is not null && bytes.Length == length && SHA256.HashData(bytes).AsSpan().SequenceEqual(Hash) ? bytes : null;
        }

        /// <summary>
        /// <paramref name="count"/> bytes at <paramref name="at"/> within the section, if they can still be read and have
        /// the SHA-256 <paramref name="hash"/> (a block the section's index names); else null.
        /// </summary>
        public byte[]? Range(int at, int count, byte[] hash)
        {
            if (at < 0 || count < 0 || at + (long)count > length) return null;
            var bytes = source.Read(offset + at, count);
            return bytes is not null && bytes.Length == count && SHA256.HashData(bytes).AsSpan().SequenceEqual(hash) ? bytes : null;
        }
    }

    /// <summary>A section's bytes and the SHA-256 written for it.</summary>
    private readonly record struct Section(byte[] Bytes, byte[] Hash);

    private static Section Sealed(byte[] bytes) => new(bytes, SHA256.HashData(bytes));

    private static Section Write(Action<W> write)
    {
        var ms = new MemoryStream();
        using (var bw = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true)) write(new W(bw));
        return Sealed(ms.ToArray());
    }

    /// <summary>An unread part copied as it was read (checked against its hash), else written from its value.</summary>
    private static Section CopyOr(object? unloaded, Func<Section> write) =>
        unloaded is SectionRef r && r.Verified() is { } bytes ? new Section(bytes, r.Hash) : write();

    public static byte[] Encode(CapTable table)
    {
        if (!string.Equals(Signature, WrittenFor, StringComparison.Ordinal))
            throw new NotSupportedException("the fold's state records changed since the snapshot codec was written (SnapshotCodec.WrittenFor)");
        var s = table.State;
        var r = s.Register;
        var ad = s.Conversion.AntiDilution;
        var i = s.Issuance;
        var parts = new Section[PartCount];
        parts[(int)Part.Meta] = Write(w =>
        {
            w.Long(s.EventCount);
            w.Str(r.CharterId);
            w.Date(r.IncorporatedOn);
            w.Int(s.Conversion.History.Count); // the histories' lengths, so they can be restored unread
            w.Int(ad.Steps.Count);
            w.Date(r.LiquidatedOn);
            w.Long(r.LiquidatedBy);
        });
        parts[(int)Part.Charter] = Sealed(StateCodec.Encode(new object?[] { r.Charter }));
        parts[(int)Part.Register] = Write(w =>
        {
            w.Int(r.Holders.Count);
            foreach (var h in r.Holders) w.Str(h);
            w.Comparer(r.Kinds.KeyComparer);
            w.Int(r.Kinds.Count);
            foreach (var (k, v) in r.Kinds)
            {
                w.Str(k);
                w.Str(v);
            }

            w.Comparer(r.CaseFolded.KeyComparer);
            w.Int(r.CaseFolded.Count);
            foreach (var (k, v) in r.CaseFolded)
            {
                w.Str(k);
                w.Str(v);
            }
        });
        parts[(int)Part.Totals] = Write(w =>
        {
            w.Longs(i.Outstanding);
            w.Longs(i.Retired);
            w.Int(i.FirstIssue.Count);
            foreach (var (k, v) in i.FirstIssue)
            {
                w.Str(k);
                w.Date(v);
            }

            w.Longs(s.Instruments.Reserved);
            w.Decimals(s.Conversion.Prices);
            w.Dec(ad.SplitScale);
        });
        parts[(int)Part.Rest] = Sealed(StateCodec.Encode(new object?[]
        {
            s.Conversion.Outcomes, ad.Deemed, ad.ShortOptions, ad.Entitlements, ad.Target, ad.LastFiling, ad.AutomaticConversions,
            s.Dividends, s.Vesting, s.Conversion.Exact,
        }));
        parts[(int)Part.Positions] = CopyOr(i.PositionsPart.UnloadedSource, () => Write(w =>
        {
            var d = i.Positions;
            if (!ReferenceEquals(d.KeyComparer, EqualityComparer<(string, string)>.Default)) throw new NotSupportedException("positions with another comparer");
            w.Int(d.Count);
            foreach (var ((holder, security), n) in d)
            {
                w.Str(holder);
                w.Str(security);
                w.Long(n);
            }
        }));
        parts[(int)Part.LatestIssues] = CopyOr(i.LatestIssuesPart.UnloadedSource, () => Write(w =>
        {
            var d = i.LatestIssues;
            if (!ReferenceEquals(d.KeyComparer, EqualityComparer<(string, string)>.Default)) throw new NotSupportedException("latest issues with another comparer");
            w.Int(d.Count);
            foreach (var ((holder, security), l) in d)
            {
                w.Str(holder);
                w.Str(security);
                w.Date(l.Date);
                w.Long(l.Shares);
            }
        }));
        if (s.Instruments.InstrumentsPart.UnloadedSource is InstrumentParts unread && unread.Data.Verified() is { } instrumentBytes
            && unread.Sums.Verified() is { } sumBytes)
        {
            parts[(int)Part.InstrumentIndex] = new Section(unread.Index, unread.IndexHash);
            parts[(int)Part.Instruments] = new Section(instrumentBytes, unread.Data.Hash);
            parts[(int)Part.InstrumentSums] = new Section(sumBytes, unread.Sums.Hash);
        }
        else
        {
            var all = s.Instruments.Instruments;
            (parts[(int)Part.InstrumentIndex], parts[(int)Part.Instruments]) = WriteInstruments(all);
            parts[(int)Part.InstrumentSums] = Write(w => WriteSums(w, r.Charter is { } c ? InstrumentSums.Of(c.Common.Id, all.Values) : null));
        }

        parts[(int)Part.TakeUp] = CopyOr(ad.TakeUpPart.UnloadedSource, () => Write(w =>
        {
            var t = ad.TakeUp;
            w.Comparer(t.KeyComparer);
            w.Int(t.Count);
            foreach (var (k, v) in t)
            {
                w.Str(k);
                w.Dec(v.ExercisedInGrantUnits);
                w.Dec(v.ExerciseConsideration);
                w.Dec(v.SplitScaleAtGrant);
            }
        }));
        // The histories: an unread one is copied as it was read.
        parts[(int)Part.History] = CopyOr(s.Conversion.History.UnloadedSource, () => Write(w => WriteHistory(w, s.Conversion.History)));
        parts[(int)Part.Steps] = CopyOr(ad.Steps.UnloadedSource, () => Write(w => WriteSteps(w, ad.Steps)));

        var length = (long)HeadLength;
        foreach (var p in parts) length += p.Bytes.Length;
        var image = new byte[checked((int)length)];
        BitConverter.TryWriteBytes(image.AsSpan(0, 4), Magic);
        BitConverter.TryWriteBytes(image.AsSpan(4, 4), Version);
        SignatureHash.CopyTo(image.AsSpan(8, 32));
        BitConverter.TryWriteBytes(image.AsSpan(72, 4), PartCount);
        var at = HeadLength;
        for (var k = 0; k < PartCount; k++)
        {
            var entry = image.AsSpan(FixedHeader + k * EntryLength, EntryLength);
            BitConverter.TryWriteBytes(entry[..4], at);
            BitConverter.TryWriteBytes(entry.Slice(4, 4), parts[k].Bytes.Length);
            parts[k].Hash.CopyTo(entry[8..]);
            parts[k].Bytes.CopyTo(image.AsSpan(at));
            at += parts[k].Bytes.Length;
        }

        SHA256.HashData(image.AsSpan(FixedHeader - 4, 4 + PartCount * EntryLength), image.AsSpan(40, 32));
        return image;
    }

    /// <summary>Where an unread instruments part came from: its section, and its index as read (so both are copied back together).</summary>
    private sealed record InstrumentParts(SectionRef Data, byte[] Index, byte[] IndexHash, SectionRef Sums);

    /// <summary>The instruments' sums (<see cref="InstrumentSums"/>): the common class (null: none kept), per holder, then the others whole.</summary>
    private static void WriteSums(W w, InstrumentSums? sums)
    {
        w.Str(sums?.Common);
        if (sums is null) return;
        var undated = sums.Undated.OrderBy(x => x.Key, StringComparer.Ordinal).ToArray();
        w.Int(undated.Length);
        foreach (var (holder, n) in undated)
        {
            w.Str(holder);
            w.Long(n);
        }

        var listed = sums.Listed.OrderBy(x => x.Key, StringComparer.Ordinal).ToArray();
        w.Int(listed.Length);
        foreach (var (id, i) in listed) WriteInstrument(w, id, i);
    }

    private static InstrumentSums? ReadSums(R r)
    {
        if (r.Str() is not { } common) return null;
        var undated = new KeyValuePair<string, long>[r.Count()];
        for (var i = 0; i < undated.Length; i++) undated[i] = new(r.Str()!, r.Long());
        var listed = new Instrument[r.Count()];
        for (var i = 0; i < listed.Length; i++) listed[i] = ReadInstrument(r).Value;
        return InstrumentSums.From(common, undated, listed);
    }

    /// <summary>
    /// The instruments, sorted by id (ordinal), in blocks of <see cref="InstrumentBlock"/>, each written on its own (its
    /// own strings) so it can be read alone; and their index: comparer, whether the blocks can be searched by id (an
    /// ordinal map), the count, then each block's first id, place, length and SHA-256.
    /// </summary>
    private static (Section Index, Section Data) WriteInstruments(ImmutableDictionary<string, Instrument> d)
    {
        var pairs = d.ToArray();
        Array.Sort(pairs, (x, y) => string.CompareOrdinal(x.Key, y.Key));
        var data = new MemoryStream();
        var blocks = new List<(string First, int At, int Length, byte[] Hash)>();
        for (var b = 0; b < pairs.Length; b += InstrumentBlock)
        {
            var n = Math.Min(InstrumentBlock, pairs.Length - b);
            var block = Write(w =>
            {
                w.Int(n);
                for (var j = b; j < b + n; j++) WriteInstrument(w, pairs[j].Key, pairs[j].Value);
            });
            blocks.Add((pairs[b].Key, (int)data.Position, block.Bytes.Length, block.Hash));
            data.Write(block.Bytes);
        }

        var index = Write(w =>
        {
            w.Comparer(d.KeyComparer);
            w.Byte(ReferenceEquals(d.KeyComparer, StringComparer.Ordinal) ? (byte)1 : (byte)0);
            w.Int(pairs.Length);
            w.Int(blocks.Count);
            foreach (var (first, at, length, hash) in blocks)
            {
                w.Str(first);
                w.Int(at);
                w.Int(length);
                w.Raw(hash);
            }
        });
        return (index, Sealed(data.ToArray()));
    }

    private static void WriteInstrument(W w, string k, Instrument x)
    {
        w.Str(k);
        w.Str(x.GrantId);
        w.Str(x.Holder);
        w.Str(x.Kind);
        w.Str(x.Underlying);
        w.Date(x.GrantedOn);
        w.Date(x.Expires);
        w.Long(x.MaxSharesAtIssue);
        w.Dec(x.ExercisePriceAtIssue);
        w.Dec(x.ConsiderationReceived);
        w.Str(x.Exclusion);
        w.Str(x.Approval);
        w.Long(x.Outstanding);
        w.Dec(x.ExercisePrice);
        w.Long(x.Exercised);
        w.Long(x.Cancelled);
        w.Long(x.Expired);
        // The exact exercise price after a split: its base and factor, or nothing when the price is exact.
        w.Dec(x.ExactExercisePrice?.Base);
        if (x.ExactExercisePrice is { } exact) w.Fraction(exact.Factor);
    }

    /// <summary>The instruments' index as read from its (checked) section.</summary>
    private sealed record InstrumentIndex(StringComparer? Comparer, bool Searchable, int Count, string[] First, int[] At, int[] Length, byte[][] Hash)
    {
        public static InstrumentIndex Read(R r)
        {
            var comparer = r.Comparer();
            var searchable = r.Byte() == 1;
            var count = r.Int();
            var blocks = r.Count();
            if (count < 0 || count > (long)blocks * InstrumentBlock) throw new StaleSnapshotException("the instruments' index is out of range");
            var first = new string[blocks];
            var at = new int[blocks];
            var length = new int[blocks];
            var hash = new byte[blocks][];
            for (var b = 0; b < blocks; b++)
            {
                first[b] = r.Str()!;
                at[b] = r.Int();
                length[b] = r.Int();
                hash[b] = r.Raw(32);
                if (at[b] != (b == 0 ? 0 : at[b - 1] + length[b - 1]) || length[b] < 0) throw new StaleSnapshotException("the instruments' index is out of place");
            }

            return new InstrumentIndex(comparer, searchable && ReferenceEquals(comparer, StringComparer.Ordinal), count, first, at, length, hash);
        }

        /// <summary>The block that would hold <paramref name="id"/> (the last whose first id is not after it), or -1.</summary>
        public int BlockOf(string id)
        {
            int lo = 0, hi = First.Length - 1, found = -1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                if (string.CompareOrdinal(First[mid], id) <= 0)
                {
                    found = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return found;
        }
    }

    private static (string Key, Instrument Value) ReadInstrument(R r)
    {
        var key = r.Str()!;
        var value = new Instrument(r.Str()!, r.Str()!, r.Str()!, r.Str()!, r.Date(), r.DateN(), r.Long(), r.Dec(), r.Dec(), r.Str(), r.Str(), r.Long(), r.Dec(),
            r.Long(), r.Long(), r.Long());
        if (r.DecN() is { } b)
            value = value with { ExactExercisePrice = new ExactPrice(b, r.FractionN() ?? throw new StaleSnapshotException("an exercise price without its factor")) };
        return (key, value);
    }

    /// <summary>Every instrument of the (checked) section, block by block.</summary>
    private static MapEntries<Instrument> ReadInstrumentEntries(byte[] bytes, InstrumentIndex index)
    {
        var keys = new string[index.Count];
        var values = new Instrument[index.Count];
        var at = 0;
        for (var b = 0; b < index.First.Length; b++)
        {
            var r = Reader(bytes, index.At[b], index.Length[b]);
            var n = r.Count();
            if (at + n > keys.Length) throw new StaleSnapshotException("an instruments block holds more than the index counts");
            for (var i = at; i < at + n; i++) (keys[i], values[i]) = ReadInstrument(r);
            at += n;
        }

        if (at != keys.Length) throw new StaleSnapshotException("the instruments blocks hold fewer than the index counts");
        return new MapEntries<Instrument>(keys, values) { Comparer = index.Comparer };
    }

    /// <summary>
    /// The state in <paramref name="image"/>; <see cref="StaleSnapshotException"/> when the image is of another format or
    /// state shape, or damaged: the header's table and every section are checked against their SHA-256 first.
    /// </summary>
    public static CapTable Decode(byte[] image)
    {
        var source = new InMemory(image);
        var head = Head(source);
        // In memory every section is checked now (a test or a benchmark holds the image); from a file, the large
        // parts are checked when first read (Decode(source, refold)).
        for (var k = EagerSections; k < PartCount; k++)
            if (head.Refs[k].Verified() is null) throw new StaleSnapshotException("the snapshot image is damaged (a section does not match its hash)");
        if (image.Length != head.End) throw new StaleSnapshotException("the snapshot image has bytes after its last section");
        return Decode(source, head, refold: null);
    }

    /// <summary>A decimal written and read back as the sections hold it (for tests).</summary>
    internal static decimal RoundTrip(decimal d)
    {
        var ms = new MemoryStream();
        using (var bw = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true)) new W(bw).Dec(d);
        var bytes = ms.ToArray();
        return Reader(bytes, 0, bytes.Length).Dec();
    }

    /// <summary>Each section's name and length in bytes (for the benchmarks' profile).</summary>
    public static IReadOnlyList<(string Section, int Bytes)> SectionLengths(byte[] image)
    {
        var head = Head(new InMemory(image));
        return [.. head.Lengths.Select((n, k) => (((Part)k).ToString(), n))];
    }

    /// <summary>The header of an image: its table of sections, checked.</summary>
    internal sealed record HeadTable(SectionRef[] Refs, int[] Offsets, int[] Lengths, long End);

    internal static HeadTable Head(IImageSource source)
    {
        var head = source.Read(0, HeadLength) ?? throw new StaleSnapshotException("not a snapshot image");
        if (head.Length < HeadLength || BitConverter.ToInt32(head, 0) != Magic) throw new StaleSnapshotException("not a snapshot image");
        if (BitConverter.ToInt32(head, 4) != Version) throw new StaleSnapshotException("a snapshot of another codec version");
        if (!head.AsSpan(8, 32).SequenceEqual(SignatureHash)) throw new StaleSnapshotException("the fold's state records changed since the snapshot was taken");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(head.AsSpan(FixedHeader - 4, 4 + PartCount * EntryLength), hash);
        if (!hash.SequenceEqual(head.AsSpan(40, 32))) throw new StaleSnapshotException("the snapshot image is damaged (its table of sections does not match its hash)");
        if (BitConverter.ToInt32(head, 72) != PartCount) throw new StaleSnapshotException("the snapshot has the wrong number of sections");
        var refs = new SectionRef[PartCount];
        var offsets = new int[PartCount];
        var lengths = new int[PartCount];
        long at = HeadLength;
        for (var k = 0; k < PartCount; k++)
        {
            var e = FixedHeader + k * EntryLength;
            offsets[k] = BitConverter.ToInt32(head, e);
            lengths[k] = BitConverter.ToInt32(head, e + 4);
            if (offsets[k] != at || lengths[k] < 0) throw new StaleSnapshotException("a snapshot section is out of place");
            at += lengths[k];
            refs[k] = new SectionRef(source, offsets[k], lengths[k], head.AsSpan(e + 8, 32).ToArray());
        }

        return new HeadTable(refs, offsets, lengths, at);
    }

    /// <summary>
    /// The state of an image read from <paramref name="source"/>: the header and the first sections now (each checked
    /// against its SHA-256; <see cref="StaleSnapshotException"/> if any does not match), the large parts when first
    /// used, each checked against its SHA-256 then. A large part that cannot be read or does not match is taken from
    /// <paramref name="refold"/> (the fold of the events the snapshot holds) instead: never from unchecked bytes.
    /// </summary>
    internal static CapTable Decode(IImageSource source, Func<CapTable>? refold = null) => Decode(source, Head(source), refold);

    private static CapTable Decode(IImageSource source, HeadTable head, Func<CapTable>? refold)
    {
        var eagerLength = head.Offsets[EagerSections] - HeadLength;
        var eager = source.Read(HeadLength, eagerLength) ?? throw new StaleSnapshotException("the snapshot is gone");
        if (eager.Length != eagerLength) throw new StaleSnapshotException("the snapshot is shorter than its table");
        for (var k = 0; k < EagerSections; k++)
            if (!SHA256.HashData(eager.AsSpan(head.Offsets[k] - HeadLength, head.Lengths[k])).AsSpan().SequenceEqual(head.Refs[k].Hash))
                throw new StaleSnapshotException("the snapshot image is damaged (a section does not match its hash)");
        try
        {
            return Read(eager, head, refold);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new StaleSnapshotException($"the snapshot cannot be read ({e.GetType().Name})");
        }
    }

    private static bool IsDecodeFailure(Exception e) =>
        e is EndOfStreamException or IOException or ArgumentException or InvalidOperationException or OverflowException or IndexOutOfRangeException
            or InvalidCastException or NullReferenceException;

    private static R Reader(byte[] bytes, int offset, int length) => new(bytes, offset, length);

    private static CapTable Read(byte[] eager, HeadTable head, Func<CapTable>? refold)
    {
        R Eager(Part p) => Reader(eager, head.Offsets[(int)p] - HeadLength, head.Lengths[(int)p]);
        byte[] EagerBytes(Part p) => eager.AsSpan(head.Offsets[(int)p] - HeadLength, head.Lengths[(int)p]).ToArray();

        // A large part: its bytes read and checked on first use; if they cannot be, the fold of the snapshot's events.
        CapTable? refolded = null;
        var gate = new object();
        T Lazily<T>(Part p, Func<R, T> decode, Func<CapTable, T> fromFold) => LazilyBytes(p, b => decode(Reader(b, 0, b.Length)), fromFold);

        T LazilyBytes<T>(Part p, Func<byte[], T> decode, Func<CapTable, T> fromFold)
        {
            var bytes = head.Refs[(int)p].Verified();
            if (bytes is not null)
            {
                try
                {
                    return decode(bytes);
                }
                catch (Exception e) when (IsDecodeFailure(e))
                {
                    // a codec fault on checked bytes: fall through to the fold
                }
            }

            if (refold is null) throw new StaleSnapshotException($"the snapshot's {p} section cannot be read");
            lock (gate) refolded ??= refold();
            return fromFold(refolded);
        }

        var meta = Eager(Part.Meta);
        var eventCount = meta.Long();
        var charterId = meta.Str()!;
        var incorporatedOn = meta.DateN();
        var historyCount = meta.Int();
        var stepCount = meta.Int();
        var liquidatedOn = meta.DateN();
        var liquidatedBy = meta.Long();
        if (historyCount < 0 || stepCount < 0) throw new StaleSnapshotException("a history length in the snapshot is out of range");
        var charter = (CharterDocument?)StateCodec.Decode<object?[]>(EagerBytes(Part.Charter))[0];

        var reg = Eager(Part.Register);
        var holders = new string[reg.Count()];
        for (var i = 0; i < holders.Length; i++) holders[i] = reg.Str()!;
        var kindsComparer = reg.Comparer();
        var kindKeys = new string[reg.Count()];
        var kindValues = new string?[kindKeys.Length];
        for (var i = 0; i < kindKeys.Length; i++)
        {
            kindKeys[i] = reg.Str()!;
            kindValues[i] = reg.Str();
        }

        var foldedComparer = reg.Comparer();
        var foldedKeys = new string[reg.Count()];
        var foldedValues = new string[foldedKeys.Length];
        for (var i = 0; i < foldedKeys.Length; i++)
        {
            foldedKeys[i] = reg.Str()!;
            foldedValues[i] = reg.Str()!;
        }

        var register = new RegisterState(charter, charterId, incorporatedOn, ImmutableList.CreateRange(holders), Map(kindsComparer, kindKeys, kindValues),
            Map(foldedComparer, foldedKeys, foldedValues), liquidatedOn, liquidatedBy);

        var tot = Eager(Part.Totals);
        var outstanding = tot.Longs();
        var retired = tot.Longs();
        var firstIssue = new List<KeyValuePair<string, DateOnly>>();
        for (int i = 0, n = tot.Count(); i < n; i++) firstIssue.Add(new(tot.Str()!, tot.Date()));
        var reserved = tot.Longs();
        var prices = tot.Decimals();
        var splitScale = tot.Dec();

        var rest = StateCodec.Decode<object?[]>(EagerBytes(Part.Rest));
        if (rest.Length != 10) throw new StaleSnapshotException("the snapshot's last section has the wrong shape");

        var positions = Deferred<ImmutableDictionary<(string, string), long>>.Lazy(
            () => Lazily(Part.Positions, ReadPositions, t => t.State.Issuance.Positions), head.Refs[(int)Part.Positions]);
        var latest = Deferred<ImmutableDictionary<(string, string), LatestIssue>>.Lazy(
            () => Lazily(Part.LatestIssues, ReadLatestIssues, t => t.State.Issuance.LatestIssues), head.Refs[(int)Part.LatestIssues]);
        // In two steps: the entries (enough to list the instruments, as a cap table does), then the map; and, before
        // either, one instrument by id: its block alone, read and checked (else the whole part, or the fold, answers).
        var index = InstrumentIndex.Read(Eager(Part.InstrumentIndex));
        var instrumentsRef = head.Refs[(int)Part.Instruments];
        var blocks = new Dictionary<int, (string[] Keys, Instrument[] Values)>();
        Deferred<ImmutableDictionary<string, Instrument>>? instruments = null;
        object? FindInstrument(object key)
        {
            var id = (string)key;
            var b = index.BlockOf(id);
            if (b < 0) return null;
            (string[] Keys, Instrument[] Values) block;
            lock (blocks)
            {
                if (!blocks.TryGetValue(b, out block))
                {
                    var bytes = instrumentsRef.Range(index.At[b], index.Length[b], index.Hash[b]);
                    if (bytes is null) return instruments!.Value.GetValueOrDefault(id); // damaged or gone: the whole part (or the fold)
                    try
                    {
                        var r = Reader(bytes, 0, bytes.Length);
                        var n = r.Count();
                        block = (new string[n], new Instrument[n]);
                        for (var i = 0; i < n; i++) (block.Keys[i], block.Values[i]) = ReadInstrument(r);
                    }
                    catch (Exception e) when (IsDecodeFailure(e))
                    {
                        return instruments!.Value.GetValueOrDefault(id);
                    }

                    blocks[b] = block;
                }
            }

            var at = Array.BinarySearch(block.Keys, id, StringComparer.Ordinal);
            return at >= 0 ? block.Values[at] : null;
        }

        var instrumentSource = new InstrumentParts(instrumentsRef, EagerBytes(Part.InstrumentIndex), head.Refs[(int)Part.InstrumentIndex].Hash, head.Refs[(int)Part.InstrumentSums]);
        Func<MapEntries<Instrument>> readInstruments = () => LazilyBytes(Part.Instruments, b => ReadInstrumentEntries(b, index), t => Entries(t.State.Instruments.Instruments));
        Func<MapEntries<Instrument>, ImmutableDictionary<string, Instrument>> buildInstruments = e => Map(e.Comparer, e.Keys, e.Values);
        instruments = index.Searchable
            ? Deferred<ImmutableDictionary<string, Instrument>>.Keyed(readInstruments, buildInstruments, FindInstrument, index.Count, instrumentSource)
            : Deferred<ImmutableDictionary<string, Instrument>>.Lazy(readInstruments, buildInstruments, instrumentSource);
        // Their sums (a cap table's totals): checked on first use; damaged or gone, the fold's instruments summed instead.
        instruments.Summarized(() => Lazily(Part.InstrumentSums, ReadSums,
            t => t.State.Register.Charter is { } c ? InstrumentSums.Of(c.Common.Id, t.State.Instruments.Instruments.Values) : null));
        var takeUp = Deferred<ImmutableDictionary<string, InstrumentTakeUp>>.Lazy(
            () => Lazily(Part.TakeUp, ReadTakeUp, t => t.State.Conversion.AntiDilution.TakeUp), head.Refs[(int)Part.TakeUp]);
        var history = AppendList<ConversionPriceChange>.Lazy(historyCount,
            () => Lazily(Part.History, ReadHistory, t => t.State.Conversion.History.ToArray()), head.Refs[(int)Part.History]);
        var steps = AppendList<IssueStep>.Lazy(stepCount,
            () => Lazily(Part.Steps, ReadSteps, t => t.State.Conversion.AntiDilution.Steps.ToArray()), head.Refs[(int)Part.Steps]);

        var ad = new AntiDilutionState(splitScale,
            (ImmutableDictionary<(string, string), DeemedAdjustment>)rest[1]!, steps, takeUp,
            (ImmutableHashSet<string>)rest[2]!, (ImmutableList<ConversionEntitlement>)rest[3]!, (ConversionTarget?)rest[4], (RegistrationFiling?)rest[5],
            (ImmutableList<AutomaticConversionRecord>)rest[6]!);
        var state = new LedgerState(
            register,
            new IssuanceState(positions, outstanding, retired, SmallMap<DateOnly>.From(firstIssue), latest),
            new InstrumentState(instruments, reserved),
            new ConversionBook(prices, (SmallMap<ExactPrice>)rest[9]!, history, ad, (ImmutableDictionary<(long, string), StoredOutcome>)rest[0]!),
            (DividendState)rest[7]!,
            (VestingState)rest[8]!,
            eventCount);
        return new CapTable(state, null);
    }

    private static ImmutableDictionary<(string, string), long> ReadPositions(R r)
    {
        var n = r.Count();
        var d = ImmutableDictionary.CreateBuilder<(string, string), long>();
        for (var i = 0; i < n; i++) d.Add((r.Str()!, r.Str()!), r.Long());
        return d.ToImmutable();
    }

    private static ImmutableDictionary<(string, string), LatestIssue> ReadLatestIssues(R r)
    {
        var n = r.Count();
        var d = ImmutableDictionary.CreateBuilder<(string, string), LatestIssue>();
        for (var i = 0; i < n; i++) d.Add((r.Str()!, r.Str()!), new LatestIssue(r.Date(), r.Long()));
        return d.ToImmutable();
    }

    private static MapEntries<T> Entries<T>(ImmutableDictionary<string, T> map) =>
        new([.. map.Keys], [.. map.Values]) { Comparer = map.KeyComparer as StringComparer };

    private static ImmutableDictionary<string, InstrumentTakeUp> ReadTakeUp(R r)
    {
        var comparer = r.Comparer();
        var n = r.Count();
        var keys = new string[n];
        var values = new InstrumentTakeUp[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = r.Str()!;
            values[i] = new InstrumentTakeUp(r.Dec(), r.Dec(), r.Dec());
        }

        return Map(comparer, keys, values);
    }

    /// <summary>
    /// A persistent map of the pairs, inserted in the order of their keys' hash codes (the map's own tree order), so
    /// each insertion walks the tree's right edge instead of a random path.
    /// </summary>
    private static ImmutableDictionary<string, T> Map<T>(StringComparer? comparer, string[] keys, T[] values)
    {
        var c = (IEqualityComparer<string>?)comparer ?? EqualityComparer<string>.Default;
        var hashes = new int[keys.Length];
        var order = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            hashes[i] = c.GetHashCode(keys[i]);
            order[i] = i;
        }

        Array.Sort(hashes, order);
        var d = ImmutableDictionary.CreateBuilder<string, T>(comparer);
        foreach (var i in order) d.Add(keys[i], values[i]);
        return d.ToImmutable();
    }

    private static void WriteHistory(W w, AppendList<ConversionPriceChange> history)
    {
        w.Int(history.Count);
        foreach (var c in history)
        {
            w.Date(c.Date);
            w.Str(c.Series);
            w.Dec(c.From);
            w.Dec(c.To);
            w.Str(c.Clause);
            w.Long(c.EventSequence);
            w.Str(c.Reason);
            if (c.Inputs is not { } x)
            {
                w.Byte(0);
                continue;
            }

            w.Byte(1);
            w.Str(x.Rule);
            w.Dec(x.A);
            w.Dec(x.B);
            w.Dec(x.C);
            w.Dec(x.AggregateConsideration);
            w.Dec(x.ConsiderationPerShare);
            w.Dec(x.Unrounded);
            w.Str(x.GrantId);
            w.Dec(x.OriginalFactor);
            w.Dec(x.RecomputedFactor);
            w.Dec(x.Recomputed);
            w.Dec(x.CapOriginalDate);
            w.Dec(x.CapLaterIssues);
            w.Dec(x.OfferingPrice);
            w.Dec(x.PercentOfOfferingPrice);
            w.Byte(x.DaysAfterOriginalIssueDate is null ? (byte)0 : (byte)1);
            if (x.DaysAfterOriginalIssueDate is { } days) w.Int(days);
        }
    }

    private static ConversionPriceChange[] ReadHistory(R r)
    {
        var n = r.Count();
        var items = new ConversionPriceChange[n];
        for (var i = 0; i < n; i++)
        {
            var date = r.Date();
            var series = r.Str()!;
            var from = r.Dec();
            var to = r.Dec();
            var clause = r.Str()!;
            var seq = r.Long();
            var reason = r.Str()!;
            AdjustmentInputs? inputs = null;
            if (r.Byte() == 1)
                inputs = new AdjustmentInputs(r.Str()!, r.DecN(), r.DecN(), r.DecN(), r.DecN(), r.DecN(), r.DecN(), r.Str(), r.DecN(), r.DecN(), r.DecN(), r.DecN(),
                    r.DecN(), r.DecN(), r.DecN(), r.Byte() == 1 ? r.Int() : null);
            items[i] = new ConversionPriceChange(date, series, from, to, clause, seq, reason, inputs);
        }

        return items;
    }

    private static void WriteSteps(W w, AppendList<IssueStep> steps)
    {
        w.Int(steps.Count);
        foreach (var x in steps)
        {
            w.Dec(x.A);
            w.Dec(x.C);
            w.Dec(x.Consideration);
            w.Dec(x.SplitScale);
            w.Fraction(x.PriceScale);
            w.Long(x.NonPreferred);
            if (x.Pending is { } p)
            {
                w.Int(p.Length);
                foreach (var v in p) w.Long(v);
            }
            else
            {
                w.Int(-1);
            }

            if (x.PricesBefore is { } pb)
            {
                w.Int(pb.Length);
                foreach (var v in pb)
                {
                    w.Dec(v.Base);
                    w.Fraction(v.Factor);
                }
            }
            else
            {
                w.Int(-1);
            }

            w.Long(x.CommonOutstanding);
            if (x.Outstanding is { } o)
            {
                w.Int(o.Length);
                foreach (var v in o) w.Long(v);
            }
            else
            {
                w.Int(-1);
            }

            if (x.Eligible is { } el)
            {
                w.Int(el.Length);
                foreach (var v in el) w.Byte(v ? (byte)1 : (byte)0);
            }
            else
            {
                w.Int(-1);
            }
        }
    }

    private static IssueStep[] ReadSteps(R r)
    {
        var n = r.Count();
        var items = new IssueStep[n];
        for (var i = 0; i < n; i++)
        {
            var a = r.Dec();
            var c = r.Dec();
            var consideration = r.Dec();
            var split = r.Dec();
            var priceScale = r.FractionN();
            var nonPreferred = r.Long();
            long[]? pending = null;
            var np = r.Int();
            if (np >= 0)
            {
                pending = new long[r.Check(np)];
                for (var j = 0; j < np; j++) pending[j] = r.Long();
            }

            ExactPrice[]? prices = null;
            var nb = r.Int();
            if (nb >= 0)
            {
                prices = new ExactPrice[r.Check(nb)];
                for (var j = 0; j < nb; j++) prices[j] = new ExactPrice(r.Dec(), r.FractionN() ?? throw new StaleSnapshotException("a price without its factor"));
            }

            var commonOutstanding = r.Long();
            long[]? outstanding = null;
            var no = r.Int();
            if (no >= 0)
            {
                outstanding = new long[r.Check(no)];
                for (var j = 0; j < no; j++) outstanding[j] = r.Long();
            }

            bool[]? eligible = null;
            var ne = r.Int();
            if (ne >= 0)
            {
                eligible = new bool[r.Check(ne)];
                for (var j = 0; j < ne; j++) eligible[j] = r.Byte() != 0;
            }

            items[i] = new IssueStep(a, c, consideration, split, priceScale, nonPreferred, pending, prices, commonOutstanding, outstanding, eligible);
        }

        return items;
    }

    /// <summary>A section writer: strings interned (first use inline, then by number), decimals as four ints.</summary>
    private sealed class W(BinaryWriter w)
    {
        private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);

        public void Byte(byte b) => w.Write(b);

        public void Raw(byte[] bytes) => w.Write(bytes);

        public void Int(int i) => w.Write7BitEncodedInt(i);

        public void Long(long n) => w.Write7BitEncodedInt64(n);

        /// <summary>
        /// A decimal exactly, compactly: a byte with its scale (bits 0–4), whether the 96-bit integer needs its top 32
        /// bits (bit 6) and its sign (bit 7), then the low 64 bits (and the top 32) as varints. 0.10m stays 0.10m.
        /// </summary>
        public void Dec(decimal d)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(d, bits);
            var flags = bits[3];
            var scale = (flags >> 16) & 0xFF;
            var negative = flags < 0;
            var hi = unchecked((uint)bits[2]);
            w.Write((byte)(scale | (hi != 0 ? 0x40 : 0) | (negative ? 0x80 : 0)));
            w.Write7BitEncodedInt64(unchecked((long)(((ulong)(uint)bits[1] << 32) | (uint)bits[0])));
            if (hi != 0) w.Write7BitEncodedInt(unchecked((int)hi));
        }

        public void Dec(decimal? d)
        {
            w.Write(d.HasValue);
            if (d is { } v) Dec(v);
        }

        public void Fraction(Charta.Core.Money.Fraction? f)
        {
            w.Write(f.HasValue);
            if (f is not { } v) return;
            w.Write(v.Numerator);
            w.Write(v.Denominator);
        }

        public void Date(DateOnly d) => w.Write(d.DayNumber);

        public void Date(DateOnly? d) => w.Write(d is { } v ? v.DayNumber + 1 : 0);

        public void Str(string? s)
        {
            if (s is null)
            {
                w.Write7BitEncodedInt(0);
                return;
            }

            if (_strings.TryGetValue(s, out var id))
            {
                w.Write7BitEncodedInt(id + 2);
                return;
            }

            _strings[s] = _strings.Count;
            w.Write7BitEncodedInt(1);
            w.Write(s);
        }

        public void Comparer(object comparer) => w.Write(
            ReferenceEquals(comparer, StringComparer.Ordinal) ? (byte)1
            : ReferenceEquals(comparer, StringComparer.OrdinalIgnoreCase) ? (byte)2
            : ReferenceEquals(comparer, EqualityComparer<string>.Default) ? (byte)0
            : throw new NotSupportedException($"a snapshot cannot hold a map with comparer {comparer.GetType()}"));

        public void Longs(SmallMap<long> m)
        {
            Int(m.Count);
            foreach (var (k, v) in m)
            {
                Str(k);
                Long(v);
            }
        }

        public void Decimals(SmallMap<decimal> m)
        {
            Int(m.Count);
            foreach (var (k, v) in m)
            {
                Str(k);
                Dec(v);
            }
        }
    }

    /// <summary>The reader of a <see cref="W"/> section.</summary>
    private sealed class R(byte[] bytes, int offset, int length)
    {
        private readonly List<string> _strings = [];
        private readonly int _end = offset + length;
        private int _at = offset;

        private int Take(int n)
        {
            var at = _at;
            if (n < 0 || n > _end - at) throw new StaleSnapshotException("a snapshot section ends early");
            _at = at + n;
            return at;
        }

        public byte Byte() => _at < _end ? bytes[_at++] : throw new StaleSnapshotException("a snapshot section ends early");

        private bool Bool() => Byte() != 0;

        public byte[] Raw(int n) => bytes.AsSpan(Take(n), n).ToArray();

        /// <summary>A 7-bit varint as <see cref="BinaryWriter.Write7BitEncodedInt"/> writes it.</summary>
        public int Int()
        {
            uint result = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var b = Byte();
                if (shift == 28 && b > 0x0F) throw new StaleSnapshotException("a number in the snapshot is too large");
                result |= unchecked((uint)(b & 0x7F) << shift);
                if (b < 0x80) return unchecked((int)result);
            }

            throw new StaleSnapshotException("a number in the snapshot is too large");
        }

        /// <summary>A 7-bit varint as <see cref="BinaryWriter.Write7BitEncodedInt64"/> writes it.</summary>
        public long Long()
        {
            ulong result = 0;
            for (var shift = 0; shift < 70; shift += 7)
            {
                var b = Byte();
                if (shift == 63 && b > 0x01) throw new StaleSnapshotException("a number in the snapshot is too large");
                result |= unchecked((ulong)(b & 0x7F) << shift);
                if (b < 0x80) return unchecked((long)result);
            }

            throw new StaleSnapshotException("a number in the snapshot is too large");
        }

        private int Int32() => System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Take(4), 4));

        private long Int64() => System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(Take(8), 8));

        /// <summary>A string as <see cref="BinaryWriter.Write(string)"/> writes it: its UTF-8 length as a varint, then the bytes.</summary>
        private string String()
        {
            var n = Int();
            return Encoding.UTF8.GetString(bytes, Take(n), n);
        }

        /// <summary>A count: never more than the bytes left (a damaged count cannot ask for gigabytes).</summary>
        public int Count() => Check(Int());

        public int Check(int n) => n >= 0 && n <= length ? n : throw new StaleSnapshotException("a count in the snapshot is out of range");

        /// <summary>A decimal as <see cref="W.Dec(decimal)"/> writes it.</summary>
        public decimal Dec()
        {
            var flags = Byte();
            var scale = flags & 0x1F;
            if (scale > 28 || (flags & 0x20) != 0) throw new StaleSnapshotException("a decimal in the snapshot has an impossible scale");
            var low = unchecked((ulong)Long());
            var hi = (flags & 0x40) != 0 ? unchecked((uint)Int()) : 0u;
            return unchecked(new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)hi, (flags & 0x80) != 0, (byte)scale));
        }

        public decimal? DecN() => Bool() ? Dec() : null;

        public Charta.Core.Money.Fraction? FractionN()
        {
            if (!Bool()) return null;
            var numerator = Int64();
            var denominator = Int64();
            return denominator > 0 ? new Charta.Core.Money.Fraction(numerator, denominator) : throw new StaleSnapshotException("a factor in the snapshot has no positive denominator");
        }

        public DateOnly Date() => DateOnly.FromDayNumber(Int32());

        public DateOnly? DateN() => Int32() is var n && n == 0 ? null : DateOnly.FromDayNumber(n - 1);

        public string? Str()
        {
            var tag = Int();
            if (tag == 0) return null;
            if (tag > 1) return _strings[tag - 2];
            var s = String();
            _strings.Add(s);
            return s;
        }

        public StringComparer? Comparer() => Byte() switch
        {
            0 => null,
            1 => StringComparer.Ordinal,
            2 => StringComparer.OrdinalIgnoreCase,
            _ => throw new StaleSnapshotException("a map comparer the codec does not know"),
        };

        public SmallMap<long> Longs()
        {
            var n = Count();
            var pairs = new KeyValuePair<string, long>[n];
            for (var i = 0; i < n; i++) pairs[i] = new(Str()!, Long());
            return SmallMap<long>.From(pairs);
        }

        public SmallMap<decimal> Decimals()
        {
            var n = Count();
            var pairs = new KeyValuePair<string, decimal>[n];
            for (var i = 0; i < n; i++) pairs[i] = new(Str()!, Dec());
            return SmallMap<decimal>.From(pairs);
        }
    }
}
