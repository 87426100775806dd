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
/// <item>Layout: magic, <see cref="Version"/>, the SHA-256 of the state types' field signature, the SHA-256 of the body,
/// then the body: sections, each a length and its bytes. The body's hash is checked before anything is decoded, so a
/// damaged image (one flipped byte) is refused with <see cref="StaleSnapshotException"/> and the ledger is folded from
/// its events instead: a snapshot is never trusted on its own word.</item>
/// <item>Hand-written sections: the register, positions, instruments, the conversion-price history, the §6(d) issue
/// steps and per-instrument take-up (the parts that grow with the ledger). Strings are interned per section; persistent
/// maps are rebuilt through their builders, lists from arrays; decimals are written as their four 32-bit parts.</item>
/// <item>The two histories (conversion-price changes, §6(d) issue steps) are restored lazily (<see cref="AppendList{T}"/>
/// reads them on first use): printing a cap table or recording a stakeholder never decodes them, and a later snapshot
/// copies an unread history's bytes as they are instead of encoding it again.</item>
/// <item>Small or rarely used parts (the charter, dividends, vesting, stored outcomes, the §6(d)(iii) and §6(e)
/// records) go through <see cref="StateCodec"/>, which checks its own field signatures.</item>
/// <item>The hand-written sections know the fields of their records: <see cref="Signature"/> lists them, and if the
/// core's state types no longer have exactly the fields the codec was written for (<see cref="WrittenFor"/>),
/// <see cref="Encode"/> refuses (no snapshot is taken; every read folds the events) and a test names the change.</item>
/// </list>
/// </summary>
public static class SnapshotCodec
{
    private const int Magic = 0x32534843; // "CHS2"

    /// <summary>The image format version: an image of another version is ignored (and the ledger refolded).</summary>
    public const int Version = 4; // 3: exact prices (fidelity): steps carry factors, the book its exact prices; 4: steps carry the narrow base and per-series eligibility; dividends carry the cumulative series' accrual lots

    /// <summary>The fields of the state records this codec was written for (see <see cref="Signature"/>).</summary>
    internal const string WrittenFor = """
        LedgerState(RegisterState Register, IssuanceState Issuance, InstrumentState Instruments, ConversionBook Conversion, DividendState Dividends, VestingState Vesting, Int64 EventCount)
        RegisterState(CharterDocument Charter, String CharterId, Nullable<DateOnly> IncorporatedOn, ImmutableList<String> Holders, ImmutableDictionary<String,String> Kinds, ImmutableDictionary<String,String> CaseFolded)
        IssuanceState(ImmutableDictionary<ValueTuple<String,String>,Int64> Positions, SmallMap<Int64> Outstanding, SmallMap<Int64> Retired, SmallMap<DateOnly> FirstIssue, ImmutableDictionary<ValueTuple<String,String>,LatestIssue> LatestIssues)
        InstrumentState(ImmutableDictionary<String,Instrument> Instruments, SmallMap<Int64> Reserved)
        ConversionBook(SmallMap<Decimal> Prices, SmallMap<ExactPrice> Exact, AppendList<ConversionPriceChange> History, AntiDilutionState AntiDilution, ImmutableDictionary<ValueTuple<Int64,String>,StoredOutcome> Outcomes)
        AntiDilutionState(Decimal SplitScale, ImmutableDictionary<ValueTuple<String,String>,DeemedAdjustment> Deemed, AppendList<IssueStep> Steps, ImmutableDictionary<String,InstrumentTakeUp> TakeUp, ImmutableHashSet<String> ShortOptions, ImmutableList<ConversionEntitlement> Entitlements, ConversionTarget Target, RegistrationFiling LastFiling, ImmutableList<AutomaticConversionRecord> AutomaticConversions)
        DividendState(ImmutableDictionary<String,DeclaredDividend> Declared, SmallMap<Decimal> UnpaidPerShare, ImmutableDictionary<String,ImmutableList<AccrualLot>> AccrualLots)
        VestingState(ImmutableDictionary<String,VestingSchedule> Schedules, ImmutableDictionary<String,PlanReserve> Plans, ImmutableDictionary<String,ConvertibleNote> Convertibles)
        Instrument(String GrantId, String Holder, String Kind, String Underlying, DateOnly GrantedOn, Nullable<DateOnly> Expires, Int64 MaxSharesAtIssue, Decimal ExercisePriceAtIssue, Decimal ConsiderationReceived, String Exclusion, String Approval, Int64 Outstanding, Decimal ExercisePrice, Int64 Exercised, Int64 Cancelled, Int64 Expired)
        ConversionPriceChange(DateOnly Date, String Series, Decimal From, Decimal To, String Clause, Int64 EventSequence, String Reason, AdjustmentInputs Inputs)
        AdjustmentInputs(String Rule, Nullable<Decimal> A, Nullable<Decimal> B, Nullable<Decimal> C, Nullable<Decimal> AggregateConsideration, Nullable<Decimal> ConsiderationPerShare, Nullable<Decimal> Unrounded, String GrantId, Nullable<Decimal> OriginalFactor, Nullable<Decimal> RecomputedFactor, Nullable<Decimal> Recomputed, Nullable<Decimal> CapOriginalDate, Nullable<Decimal> CapLaterIssues, Nullable<Decimal> OfferingPrice, Nullable<Decimal> PercentOfOfferingPrice, Nullable<Int32> DaysAfterOriginalIssueDate)
        IssueStep(Decimal A, Decimal C, Decimal Consideration, Decimal SplitScale, Nullable<Fraction> PriceScale, Int64 NonPreferred, Int64[] Pending, ExactPrice[] PricesBefore, Int64 CommonOutstanding, Int64[] Outstanding, Boolean[] Eligible)
        InstrumentTakeUp(Decimal ExercisedInGrantUnits, Decimal ExerciseConsideration, Decimal SplitScaleAtGrant)
        """;

    private static readonly Type[] HandWritten =
    [
        typeof(LedgerState), typeof(RegisterState), typeof(IssuanceState), typeof(InstrumentState), typeof(ConversionBook),
        typeof(AntiDilutionState), typeof(DividendState), typeof(VestingState), typeof(Instrument), typeof(ConversionPriceChange),
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

    private const int HeaderLength = 4 + 4 + 32 + 32;

    public static byte[] Encode(CapTable table)
    {
        if (!string.Equals(Signature, WrittenFor, StringComparison.Ordinal))
            throw new NotSupportedException("the fold's state records changed since the snapshot codec was written (SnapshotCodec.WrittenFor)");
        var s = table.State;
        var body = new MemoryStream();
        var bw = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true);
        void Section(Action<W> write)
        {
            var start = body.Position;
            bw.Write(0); // length, filled in below
            write(new W(bw));
            bw.Flush();
            var end = body.Position;
            body.Position = start;
            bw.Write(checked((int)(end - start - 4)));
            bw.Flush();
            body.Position = end;
        }

        void Raw(ReadOnlySpan<byte> bytes)
        {
            bw.Write(bytes.Length);
            bw.Write(bytes);
        }

        var r = s.Register;
        var ad = s.Conversion.AntiDilution;
        Section(w =>
        {
            w.Long(s.EventCount);
            w.Str(r.CharterId);
            w.Date(r.IncorporatedOn);
        });
        Raw(StateCodec.Encode(new object?[] { r.Charter }));
        Section(w =>
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
        Section(w =>
        {
            var i = s.Issuance;
            if (!ReferenceEquals(i.Positions.KeyComparer, EqualityComparer<(string, string)>.Default)) throw new NotSupportedException("positions with another comparer");
            w.Int(i.Positions.Count);
            foreach (var ((holder, security), n) in i.Positions)
            {
                w.Str(holder);
                w.Str(security);
                w.Long(n);
            }

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
        Section(w =>
        {
            var d = s.Instruments.Instruments;
            w.Comparer(d.KeyComparer);
            w.Int(d.Count);
            foreach (var (k, i) in d)
            {
                w.Str(k);
                w.Str(i.GrantId);
                w.Str(i.Holder);
                w.Str(i.Kind);
                w.Str(i.Underlying);
                w.Date(i.GrantedOn);
                w.Date(i.Expires);
                w.Long(i.MaxSharesAtIssue);
                w.Dec(i.ExercisePriceAtIssue);
                w.Dec(i.ConsiderationReceived);
                w.Str(i.Exclusion);
                w.Str(i.Approval);
                w.Long(i.Outstanding);
                w.Dec(i.ExercisePrice);
                w.Long(i.Exercised);
                w.Long(i.Cancelled);
                w.Long(i.Expired);
            }
        });
        Section(w =>
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
        });
        // The histories: an unread one is copied as it was read.
        if (s.Conversion.History.UnloadedSource is Slice h) Raw(h.Span);
        else Section(w => WriteHistory(w, s.Conversion.History));
        if (ad.Steps.UnloadedSource is Slice st) Raw(st.Span);
        else Section(w => WriteSteps(w, ad.Steps));
        Raw(StateCodec.Encode(new object?[]
        {
            s.Conversion.Outcomes, ad.Deemed, ad.ShortOptions, ad.Entitlements, ad.Target, ad.LastFiling, ad.AutomaticConversions,
            s.Dividends, s.Vesting, s.Conversion.Exact, s.Issuance.LatestIssues,
        }));
        bw.Flush();

        var bodyBytes = body.GetBuffer().AsSpan(0, checked((int)body.Length));
        var image = new byte[HeaderLength + bodyBytes.Length];
        BitConverter.TryWriteBytes(image.AsSpan(0, 4), Magic);
        BitConverter.TryWriteBytes(image.AsSpan(4, 4), Version);
        SignatureHash.CopyTo(image.AsSpan(8, 32));
        SHA256.HashData(bodyBytes, image.AsSpan(40, 32));
        bodyBytes.CopyTo(image.AsSpan(HeaderLength));
        return image;
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

    /// <summary>
    /// The state in <paramref name="image"/>; <see cref="StaleSnapshotException"/> when the image is of another format or
    /// state shape, or damaged (its body no longer has the hash it was written with).
    /// </summary>
    public static CapTable Decode(byte[] image)
    {
        if (image.Length < HeaderLength || BitConverter.ToInt32(image, 0) != Magic) throw new StaleSnapshotException("not a snapshot image");
        if (BitConverter.ToInt32(image, 4) != Version) throw new StaleSnapshotException("a snapshot of another codec version");
        if (!image.AsSpan(8, 32).SequenceEqual(SignatureHash)) throw new StaleSnapshotException("the fold's state records changed since the snapshot was taken");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(image.AsSpan(HeaderLength), hash);
        if (!hash.SequenceEqual(image.AsSpan(40, 32))) throw new StaleSnapshotException("the snapshot image is damaged (its hash does not match)");
        try
        {
            return Read(image);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or InvalidOperationException or OverflowException or IndexOutOfRangeException
                                      or InvalidCastException or NullReferenceException)
        {
            throw new StaleSnapshotException($"the snapshot cannot be read ({e.GetType().Name})");
        }
    }

    /// <summary>A section of an image: its bytes, length prefix included.</summary>
    private sealed record Slice(byte[] Image, int Offset, int Length)
    {
        public ReadOnlySpan<byte> Span => Image.AsSpan(Offset + 4, Length);

        public R Reader() => new(new BinaryReader(new MemoryStream(Image, Offset + 4, Length, writable: false), Encoding.UTF8), Length);
    }

    private static CapTable Read(byte[] image)
    {
        var sections = new List<Slice>();
        for (var at = HeaderLength; at < image.Length;)
        {
            var length = BitConverter.ToInt32(image, at);
            if (length < 0 || at + 4 + length > image.Length) throw new StaleSnapshotException("a snapshot section runs past the image");
            sections.Add(new Slice(image, at, length));
            at += 4 + length;
        }

        if (sections.Count != 9) throw new StaleSnapshotException("the snapshot has the wrong number of sections");

        // The two largest maps are rebuilt on the other core while this one reads the rest.
        var instruments = Task.Run(() => ReadInstruments(sections[4].Reader()));
        var takeUp = Task.Run(() => ReadTakeUp(sections[5].Reader()));

        var meta = sections[0].Reader();
        var eventCount = meta.Long();
        var charterId = meta.Str()!;
        var incorporatedOn = meta.DateN();
        var charter = (CharterDocument?)StateCodec.Decode<object?[]>(sections[1].Span.ToArray())[0];

        var reg = sections[2].Reader();
        var holders = new string[reg.Count()];
        for (var i = 0; i < holders.Length; i++) holders[i] = reg.Str()!;
        var kinds = ImmutableDictionary.CreateBuilder<string, string?>(reg.Comparer());
        for (int i = 0, n = reg.Count(); i < n; i++) kinds.Add(reg.Str()!, reg.Str());
        var folded = ImmutableDictionary.CreateBuilder<string, string>(reg.Comparer());
        for (int i = 0, n = reg.Count(); i < n; i++) folded.Add(reg.Str()!, reg.Str()!);
        var register = new RegisterState(charter, charterId, incorporatedOn, ImmutableList.CreateRange(holders), kinds.ToImmutable(), folded.ToImmutable());

        var iss = sections[3].Reader();
        var positions = ImmutableDictionary.CreateBuilder<(string, string), long>();
        for (int i = 0, n = iss.Count(); i < n; i++) positions.Add((iss.Str()!, iss.Str()!), iss.Long());
        var outstanding = iss.Longs();
        var retired = iss.Longs();
        var firstIssue = new List<KeyValuePair<string, DateOnly>>();
        for (int i = 0, n = iss.Count(); i < n; i++) firstIssue.Add(new(iss.Str()!, iss.Date()));
        var reserved = iss.Longs();
        var prices = iss.Decimals();
        var splitScale = iss.Dec();

        var historySlice = sections[6];
        var history = AppendList<ConversionPriceChange>.Lazy(historySlice.Reader().Count(), () => ReadHistory(historySlice.Reader()), historySlice);
        var stepsSlice = sections[7];
        var steps = AppendList<IssueStep>.Lazy(stepsSlice.Reader().Count(), () => ReadSteps(stepsSlice.Reader()), stepsSlice);

        var rest = StateCodec.Decode<object?[]>(sections[8].Span.ToArray());
        if (rest.Length != 11) throw new StaleSnapshotException("the snapshot's last section has the wrong shape");
        var ad = new AntiDilutionState(splitScale,
            (ImmutableDictionary<(string, string), DeemedAdjustment>)rest[1]!, steps, takeUp.GetAwaiter().GetResult(),
            (ImmutableHashSet<string>)rest[2]!, (ImmutableList<ConversionEntitlement>)rest[3]!, (ConversionTarget?)rest[4], (RegistrationFiling?)rest[5],
            (ImmutableList<AutomaticConversionRecord>)rest[6]!);
        var state = new LedgerState(
            register,
            new IssuanceState(positions.ToImmutable(), outstanding, retired, SmallMap<DateOnly>.From(firstIssue),
                (ImmutableDictionary<(string, string), LatestIssue>)rest[10]!),
            new InstrumentState(instruments.GetAwaiter().GetResult(), reserved),
            new ConversionBook(prices, (SmallMap<ExactPrice>)rest[9]!, history, ad, (ImmutableDictionary<(long, string), StoredOutcome>)rest[0]!),
            (DividendState)rest[7]!,
            (VestingState)rest[8]!,
            eventCount);
        return new CapTable(state, null);
    }

    private static ImmutableDictionary<string, Instrument> ReadInstruments(R r)
    {
        var comparer = r.Comparer();
        var n = r.Count();
        var keys = new string[n];
        var values = new Instrument[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = r.Str()!;
            values[i] = new Instrument(r.Str()!, r.Str()!, r.Str()!, r.Str()!, r.Date(), r.DateN(), r.Long(), r.Dec(), r.Dec(), r.Str(), r.Str(), r.Long(), r.Dec(),
                r.Long(), r.Long(), r.Long());
        }

        return Map(comparer, keys, values);
    }

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

    /// <summary>A section writer: strings interned (first use inline, then by number), decimals as four ints.</summary>
    private sealed class W(BinaryWriter w)
    {
        private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);

        public void Byte(byte b) => w.Write(b);

        public void Int(int i) => w.Write7BitEncodedInt(i);

        public void Long(long n) => w.Write7BitEncodedInt64(n);

        public void Dec(decimal d) => w.Write(d);

        public void Dec(decimal? d)
        {
            w.Write(d.HasValue);
            if (d is { } v) w.Write(v);
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
    private sealed class R(BinaryReader r, int length)
    {
        private readonly List<string> _strings = [];

        public byte Byte() => r.ReadByte();

        public int Int() => r.Read7BitEncodedInt();

        /// <summary>A count: never more than the bytes left (a damaged count cannot ask for gigabytes).</summary>
        public int Count() => Check(Int());

        public int Check(int n) => n >= 0 && n <= length ? n : throw new StaleSnapshotException("a count in the snapshot is out of range");

        public long Long() => r.Read7BitEncodedInt64();

        public decimal Dec() => r.ReadDecimal();

        public decimal? DecN() => r.ReadBoolean() ? r.ReadDecimal() : null;

        public Charta.Core.Money.Fraction? FractionN()
        {
            if (!r.ReadBoolean()) return null;
            var numerator = r.ReadInt64();
            var denominator = r.ReadInt64();
            return denominator > 0 ? new Charta.Core.Money.Fraction(numerator, denominator) : throw new StaleSnapshotException("a factor in the snapshot has no positive denominator");
        }

        public DateOnly Date() => DateOnly.FromDayNumber(r.ReadInt32());

        public DateOnly? DateN() => r.ReadInt32() is var n && n == 0 ? null : DateOnly.FromDayNumber(n - 1);

        public string? Str()
        {
            var tag = r.Read7BitEncodedInt();
            if (tag == 0) return null;
            if (tag > 1) return _strings[tag - 2];
            var s = r.ReadString();
            _strings.Add(s);
            return s;
        }

        public StringComparer? Comparer() => r.ReadByte() switch
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
