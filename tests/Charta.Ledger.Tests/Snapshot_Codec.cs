using Charta.Core.Charter;
using System.Text.Json;
using CsCheck;
using Charta.Core.Ledger;

namespace Charta.Ledger.Tests;

/// <summary>
/// Issue 9 item 5: the snapshot codec writes the folded state and reads back a state that folds on exactly like the
/// original. Compared through the public read model (every public property, as JSON) and by folding the same later
/// events onto both.
/// </summary>
public sealed class Snapshot_Codec : LedgerFixture
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, IncludeFields = false };

    /// <summary>The public read model of a state as text: everything a reader of the cap table can see.</summary>
    internal static string ReadModel(CapTable t) => string.Join("\n",
        typeof(CapTable).GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.Name != nameof(CapTable.Charter))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={(Unordered.Contains(p.Name) ? RenderSorted(p.GetValue(t)) : Render(p.GetValue(t)))}"));

    // Documented "in no particular order" (a snapshot lists its instruments sorted by id, a fold in its map's order).
    private static readonly HashSet<string> Unordered =
        [nameof(CapTable.InstrumentList), nameof(CapTable.OutstandingInstruments), nameof(CapTable.LapsedInstruments)];

    private static string RenderSorted(object? v) =>
        v is System.Collections.IEnumerable e ? "[" + string.Join(",", e.Cast<object?>().Select(Render).Order(StringComparer.Ordinal)) + "]" : Render(v);

    private static string Render(object? v) => v switch
    {
        null => "null",
        System.Collections.IDictionary d => "{" + string.Join(",", d.Keys.Cast<object>().Select(k => $"{k}:{Render(d[k])}").Order(StringComparer.Ordinal)) + "}",
        string s => s,
        System.Collections.IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(Render)) + "]",
        _ => v.GetType().IsPrimitive || v is decimal || v is DateOnly ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)! : JsonSerializer.Serialize(v, v.GetType(), Json),
    };

    /// <summary>
    /// <see cref="LedgerFixture.History"/>, 1,000 Series D1 on 1997-06-01 (the charter's Original Issue Date, FOURTH
    /// §6(d)(i)(B), is D1's first issue), then 100,000 common at $0.10 (below every series' conversion price: a §6(d)(iv)
    /// adjustment, so the conversion-price history and the §6(d) issue steps are not empty), an option grant and an
    /// 11-for-10 stock dividend (exact prices and a factor in the issue steps).
    /// </summary>
    internal static List<RecordedEvent> WithAdjustments() =>
        History().Concat<LedgerEvent>(
        [
            new SharesIssued(D("1997-06-01"), "KP", "D1", 1_000, 11.03m),
            new SharesIssued(D("1998-01-01"), "Founder", "common", 100_000, 0.10m),
            new InstrumentGranted(D("1998-02-01"), "G-1", "KP", "option", "common", 20_000, 0.30m, D("2008-02-01"), 0m, null, null),
            // An 11-for-10 stock dividend: every conversion price becomes exact (price × 10/11, FOURTH §6(e)(i)), and the
            // §6(d) issue steps record the factor, so the image must carry fractions.
            new StockSplit(D("1998-03-01"), 11, 10),
        ]).Select((e, i) => new RecordedEvent(i + 1, new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), e)).ToList();

    [Fact]
    public void TheCodec_KnowsEveryFieldOfTheStateRecords()
    {
        // The hand-written sections read and write these fields; a record of the fold that gains, loses or retypes a
        // field must be taught to SnapshotCodec (its Encode refuses meanwhile, so no snapshot is taken).
        Assert.Equal(SnapshotCodec.WrittenFor, SnapshotCodec.Signature);
    }

    [Fact]
    public void AStateRestoredFromItsImage_ReadsAndFoldsOnLikeTheOriginal_AndAnUnreadHistoryIsWrittenBackAsItWasRead()
    {
        var state = Fold.Replay(WithAdjustments());
        Assert.NotEmpty(state.ConversionPriceHistory);
        Assert.True(state.ConversionPrice("A") < 1.00m); // adjusted by the $0.10 issue
        var image = LedgerSnapshots.Encode(state);
        var restored = LedgerSnapshots.Decode(image);
        // The histories are not read yet: writing the restored state again copies their bytes, and gives the same image.
        Assert.Equal(image, LedgerSnapshots.Encode(restored));
        Assert.NotSame(state, restored);
        Assert.Equal(ReadModel(state), ReadModel(restored)); // reads the histories too
        Assert.Equal(image, LedgerSnapshots.Encode(restored)); // and, read, they encode to the same bytes
        Assert.Equal(JsonSerializer.Serialize(state.Charter), JsonSerializer.Serialize(restored.Charter));

        // Fold the same later events onto both: another down-round (appends to both histories) and an exercise.
        RecordedEvent[] later =
        [
            new(100, DateTimeOffset.UnixEpoch, new SharesIssued(D("1999-01-01"), "KP", "common", 50_000, 0.20m)),
            new(101, DateTimeOffset.UnixEpoch, new InstrumentExercised(D("1999-03-01"), "G-1", 5_000)),
        ];
        var a = state;
        var b = LedgerSnapshots.Decode(image); // histories unread until the down-round appends to them
        foreach (var r in later)
        {
            a = Fold.Evolve(a, r).Value;
            b = Fold.Evolve(b, r).Value;
        }

        Assert.Equal(ReadModel(a), ReadModel(b));
        Assert.NotEqual(ReadModel(state), ReadModel(a)); // the later events did change something
        Assert.True(a.ConversionPriceHistory.Count > state.ConversionPriceHistory.Count);
    }

    [Theory]
    [InlineData("0.10")]
    [InlineData("0.1000000000")]
    [InlineData("-0.0")]
    [InlineData("0")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("18446744073709551616")] // 2^64: needs the top 32 bits
    [InlineData("1234567.8901234567890123456789")]
    public void ADecimal_IsWrittenCompactly_AndReadBackExactly_ScaleIncluded(string text)
    {
        var d = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var back = SnapshotCodec.RoundTrip(d);
        Assert.Equal(d, back);
        Assert.Equal(decimal.GetBits(d), decimal.GetBits(back)); // same scale and sign: 0.10 stays 0.10, -0.0 stays -0.0
    }

    [Fact]
    public void AStateOnTheNvcaStyleCharter_KeepsItsAccrualLotsAndPerSeriesSteps()
    {
        // nvca-2020-style: Series A cumulative (its accrual lots are in the dividend state) and full ratchet (the issue
        // steps carry per-series eligibility and the narrow base). A down round, a warrant, a conversion of part of A.
        const string id = "nvca-2020-style";
        var d0 = D("2020-01-02");
        LedgerEvent[] events =
        [
            new CompanyCreated(d0, id, CharterLoader.EmbeddedText(id), d0),
            new StakeholderAdded(d0, "Founders"), new StakeholderAdded(d0, "Fund"), new StakeholderAdded(d0, "Newco"),
            new SharesIssued(d0, "Founders", "common", 5_000_000, 0.0001m),
            new SharesIssued(D("2021-06-01"), "Fund", "Seed", 1_000_000, 1.00m),
            new SharesIssued(D("2021-06-01"), "Fund", "A", 1_000_000, 2.00m),
            new SharesIssued(D("2021-09-01"), "Fund", "A", 250_000, 2.00m),
            new SharesIssued(D("2021-10-01"), "Newco", "common", 100_000, 0.80m),
            new InstrumentGranted(D("2021-11-01"), "W-1", "Newco", "warrant", "common", 50_000, 0.50m, D("2026-11-01"), 0m, null, null),
            new PreferredConverted(D("2021-12-01"), "Fund", [new ConvertedLot("A", 300_000)], 0m),
            // Session 19: a transfer (the lots move per holder) and a redemption with one of its three instalments paid.
            new SharesTransferred(D("2022-01-03"), "Fund", "Newco", "A", 100_000),
            new RedemptionRequested(D("2026-06-01"), "RED-1", "Fund", "A", 600_000),
            new RedemptionInstalmentPaid(D("2026-07-31"), "RED-1"),
        ];
        var recorded = events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToList();
        var state = Fold.Replay(recorded);
        var restored = LedgerSnapshots.Decode(LedgerSnapshots.Encode(state));
        Assert.Equal(ReadModel(state), ReadModel(restored));
        Assert.Equal(state.Accrued("A", D("2023-01-01")), restored.Accrued("A", D("2023-01-01")));
        Assert.True(state.Accrued("A", D("2023-01-01"))!.AccruedUnpaid > 0);
        Assert.Equal(state.AccruedFor("A", "Newco", D("2027-01-01")), restored.AccruedFor("A", "Newco", D("2027-01-01")));
        Assert.Equal(200_000, restored.Redemptions["RED-1"].Redeemed);
        Assert.Equal(state.Redemptions["RED-1"], restored.Redemptions["RED-1"] with { Paid = state.Redemptions["RED-1"].Paid });
        Assert.Equal(state.Redemptions["RED-1"].Paid.Single(), restored.Redemptions["RED-1"].Paid.Single());
        // The warrant's expiry readjusts through the replay of the steps: the same on both.
        var expiry = new RecordedEvent(100, DateTimeOffset.UnixEpoch, new InstrumentExpired(D("2026-11-01"), "W-1"));
        Assert.Equal(ReadModel(Fold.Evolve(state, expiry).Value), ReadModel(Fold.Evolve(restored, expiry).Value));
    }

    [Fact]
    public void AnImageWithAnyByteFlipped_IsNeverTrusted()
    {
        var image = LedgerSnapshots.Encode(Fold.Replay(WithAdjustments()));
        Assert.Equal(ReadModel(Fold.Replay(WithAdjustments())), ReadModel(LedgerSnapshots.Decode(image)));
        // Header (magic, version, field signature, body hash) and body alike: a flipped bit anywhere is refused.
        var positions = Enumerable.Range(0, 80).Concat(Enumerable.Range(0, 200).Select(i => 80 + (int)((long)(image.Length - 81) * i / 199))).Distinct().ToArray();
        Assert.Contains(image.Length - 1, positions);
        foreach (var at in positions)
        {
            var damaged = (byte[])image.Clone();
            damaged[at] ^= 0x01;
            Assert.Throws<StaleSnapshotException>(() => LedgerSnapshots.Decode(damaged));
        }

        Assert.Throws<StaleSnapshotException>(() => LedgerSnapshots.Decode(image[..^1]));
        Assert.Throws<StaleSnapshotException>(() => LedgerSnapshots.Decode(StateCodec.Encode(Fold.Replay(WithAdjustments())))); // the old generic image
    }

    [Fact]
    public void AStateRestoredFromTheGenericCodec_ReadsAndFoldsOnLikeTheOriginal()
    {
        var events = History().Select((e, i) => new RecordedEvent(i + 1, new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), e)).ToList();
        var state = Fold.Replay(events);
        var image = StateCodec.Encode(state);
        var restored = StateCodec.Decode<CapTable>(image);
        Assert.NotSame(state, restored);
        Assert.Equal(ReadModel(state), ReadModel(restored));
        Assert.Equal(JsonSerializer.Serialize(state.Charter), JsonSerializer.Serialize(restored.Charter));

        // Fold the same later events onto both.
        RecordedEvent[] later =
        [
            new(100, DateTimeOffset.UnixEpoch, new InstrumentGranted(D("1998-01-01"), "G-9", "KP", "option", "common", 50_000, 0.20m, D("2008-01-01"), 0m, null, null)),
            new(101, DateTimeOffset.UnixEpoch, new SharesIssued(D("1998-02-01"), "Founder", "common", 1_000_000, 0.10m)),
            new(102, DateTimeOffset.UnixEpoch, new InstrumentExercised(D("1998-03-01"), "G-9", 10_000)),
        ];
        var a = state;
        var b = restored;
        foreach (var r in later)
        {
            a = Fold.Evolve(a, r).Value;
            b = Fold.Evolve(b, r).Value;
        }

        Assert.Equal(ReadModel(a), ReadModel(b));
        Assert.NotEqual(ReadModel(state), ReadModel(a)); // the later events did change something
    }

    public sealed record Persistent(
        System.Collections.Immutable.ImmutableDictionary<string, long> ByName,
        System.Collections.Immutable.ImmutableDictionary<(string Holder, string Security), long> Positions,
        System.Collections.Immutable.ImmutableList<string> Holders,
        System.Collections.Immutable.ImmutableHashSet<string> Set,
        System.Collections.Immutable.ImmutableArray<decimal> Prices);

    [Fact]
    public void PersistentCollections_AreRebuiltThroughTheirApi_AndFindTheirKeys()
    {
        // Their trees hold string hash codes, which differ between processes: a field copy would find nothing.
        var p = new Persistent(
            System.Collections.Immutable.ImmutableDictionary.Create<string, long>(StringComparer.OrdinalIgnoreCase).Add("Alice", 1).Add("bob", 2),
            System.Collections.Immutable.ImmutableDictionary<(string, string), long>.Empty.Add(("Alice", "A"), 10),
            ["x", "y"],
            System.Collections.Immutable.ImmutableHashSet.Create(StringComparer.Ordinal, "s"),
            [1.5m, 2.40m]);
        var back = StateCodec.Decode<Persistent>(StateCodec.Encode(p));
        Assert.Equal(2, back.ByName["BOB"]); // the comparer came back too
        Assert.Equal(10, back.Positions[("Alice", "A")]);
        Assert.Equal(["x", "y"], back.Holders);
        Assert.Contains("s", back.Set);
        Assert.Equal("2.40", back.Prices[1].ToString(System.Globalization.CultureInfo.InvariantCulture));
        // A collection the codec does not know is refused (no snapshot is taken), never copied field by field.
        Assert.Throws<NotSupportedException>(() => StateCodec.Encode(new SortedDictionary<string, int> { ["a"] = 1 }));
    }

    [Fact]
    public void ASnapshotOfAnotherShape_IsStale()
    {
        var image = StateCodec.Encode(new Dictionary<string, long>(StringComparer.Ordinal) { ["a"] = 1 });
        Assert.Equal(1, StateCodec.Decode<Dictionary<string, long>>(image)["a"]);
        Assert.Throws<StaleSnapshotException>(() => StateCodec.Decode<CapTable>(image));
        Assert.Throws<StaleSnapshotException>(() => StateCodec.Decode<CapTable>(image[..^3]));
        var damaged = (byte[])image.Clone();
        damaged[8] ^= 0xFF;
        Assert.Throws<StaleSnapshotException>(() => StateCodec.Decode<Dictionary<string, long>>(damaged));
    }
}

/// <summary>
/// Issue 9 item 5: the cap table read from the newest usable snapshot and the events after it equals the full fold,
/// whatever happened after the snapshot (later events, back-dated events, reads as of an earlier date), and a snapshot
/// that no longer matches the chain or the state type is ignored.
/// </summary>
public sealed class Snapshot_Fold : LedgerFixture
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private (string Path, SqliteEventStore Store, CompanyLedger Ledger) Fresh()
    {
        var path = PathOf($"snap-{Guid.NewGuid():N}.db");
        var store = SqliteEventStore.Open(path, create: true);
        return (path, store, new CompanyLedger(store, Clock, "Test"));
    }

    private static CapTable Read(SqliteEventStore store, DateOnly? asOf, out LedgerSnapshots.Use use) =>
        LedgerSnapshots.CapTable(store, asOf, out use).Value;

    private static string Full(SqliteEventStore store, DateOnly? asOf = null) => Snapshot_Codec.ReadModel(Fold.TryReplay(store.ReadAll(), asOf).Value);

    private static void Snapshot(SqliteEventStore store, CompanyLedger ledger)
    {
        var state = Fold.TryReplay(store.ReadAll()).Value;
        Assert.True(LedgerSnapshots.MaybeSave(store, state, LedgerSnapshots.LatestDate(store.ReadAll()), force: true));
    }

    [Fact]
    public void LaterEvents_FoldOntoTheSnapshot_AndGiveTheFullFold()
    {
        var (_, store, ledger) = Fresh();
        using var _ = store;
        foreach (var e in History()) Assert.True(ledger.Append(e).IsOk);
        Snapshot(store, ledger);
        Assert.True(ledger.Append(new StakeholderAdded(D("2026-11-25"), "Newco")).IsOk);
        Assert.True(ledger.Append(new SharesIssued(D("1998-01-01"), "Newco", "common", 500_000, 0.25m)).IsOk);
        var table = Read(store, null, out var use);
        Assert.Equal(new LedgerSnapshots.Use(History().Count, 2), use);
        Assert.Equal(Full(store), Snapshot_Codec.ReadModel(table));
    }

    [Fact]
    public void ABackDatedEvent_FoldsFromAnEarlierSnapshot_OrFromTheStart()
    {
        var (_, store, ledger) = Fresh();
        using var _ = store;
        foreach (var e in History().Take(5)) Assert.True(ledger.Append(e).IsOk); // through 1996-03-01
        Snapshot(store, ledger);
        foreach (var e in History().Skip(5)) Assert.True(ledger.Append(e).IsOk); // through 1997-04-01
        Snapshot(store, ledger);
        // Dated between the two snapshots: the newer one folded events after it; the older one did not.
        Assert.True(ledger.Append(new SharesIssued(D("1996-06-01"), "Founder", "common", 7, 0.05m)).IsOk);
        var table = Read(store, null, out var use);
        Assert.Equal(new LedgerSnapshots.Use(5, History().Count - 5 + 1), use);
        Assert.Equal(Full(store), Snapshot_Codec.ReadModel(table));
        // Dated before both: from the start.
        Assert.True(ledger.Append(new SharesIssued(D("1996-02-07"), "Founder", "common", 3, 0.05m)).IsOk);
        table = Read(store, null, out use);
        Assert.Equal(0, use.FromSnapshot);
        Assert.Equal(Full(store), Snapshot_Codec.ReadModel(table));
    }

    [Fact]
    public void AReadAsOfAnEarlierDate_DoesNotUseALaterSnapshot()
    {
        var (_, store, ledger) = Fresh();
        using var _ = store;
        foreach (var e in History()) Assert.True(ledger.Append(e).IsOk);
        Snapshot(store, ledger);
        var asOf = D("1996-12-31");
        var table = Read(store, asOf, out var use);
        Assert.Equal(0, use.FromSnapshot);
        Assert.Equal(Full(store, asOf), Snapshot_Codec.ReadModel(table));
        // On or after the snapshot's latest date it is used.
        table = Read(store, D("1999-01-01"), out use);
        Assert.Equal(History().Count, use.FromSnapshot);
        Assert.Equal(Full(store, D("1999-01-01")), Snapshot_Codec.ReadModel(table));
    }

    [Fact]
    public void ASnapshotOffTheChain_OrOfAnotherShape_IsIgnored()
    {
        var (path, store, ledger) = Fresh();
        foreach (var e in History()) Assert.True(ledger.Append(e).IsOk);
        Snapshot(store, ledger);
        store.Dispose();
        using (var c = Raw(path)) Exec(c, "UPDATE snapshots SET state = x'00010203'");
        using (var s = SqliteEventStore.Open(path, create: false))
        {
            Assert.Equal(Full(s), Snapshot_Codec.ReadModel(Read(s, null, out var use)));
            Assert.Equal(0, use.FromSnapshot);
        }

        using (var c = Raw(path)) Exec(c, "UPDATE snapshots SET hash = 'not-the-chain'");
        using (var s = SqliteEventStore.Open(path, create: false))
        {
            Assert.Empty(s.Snapshots(LedgerSnapshots.Codec));
            Assert.Equal(Full(s), Snapshot_Codec.ReadModel(Read(s, null, out var use)));
            Assert.Equal(0, use.FromSnapshot);
        }
    }

    [Fact]
    public void ASnapshotWithAByteFlipped_IsIgnored_AndTheCapTableIsStillRight()
    {
        var (path, store, ledger) = Fresh();
        foreach (var e in Snapshot_Codec.WithAdjustments()) Assert.True(ledger.Append(e.Event).IsOk);
        Snapshot(store, ledger);
        var good = Full(store);
        Assert.Equal(good, Snapshot_Codec.ReadModel(Read(store, null, out var used)));
        Assert.Equal(Snapshot_Codec.WithAdjustments().Count, used.FromSnapshot);
        store.Dispose();
        var image = (byte[])Scalar(Raw(path), "SELECT state FROM snapshots")!;
        // The header, its table and the first sections are checked when the snapshot is opened: damaged, it is not
        // used at all. A large part (positions, instruments, histories…) is checked when first read: damaged, that part
        // is taken from the fold of the snapshot's events instead. Either way the cap table is the full fold's.
        var lazyFrom = SnapshotCodec.Head(new InMemoryImage(image)).Offsets[SnapshotCodec.EagerSections];
        var lazyParts = Enumerable.Range(SnapshotCodec.EagerSections, SnapshotCodec.PartCount - SnapshotCodec.EagerSections)
            .Select(k => SnapshotCodec.Head(new InMemoryImage(image)).Offsets[k]).ToArray();
        foreach (var at in new[] { 3, 50, 100, lazyFrom - 1 }.Concat(lazyParts.Select(o => o + 2)).Append(image.Length - 1))
        {
            var damaged = (byte[])image.Clone();
            damaged[at] ^= 0x10;
            using (var c = Raw(path))
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = "UPDATE snapshots SET state = $s";
                cmd.Parameters.AddWithValue("$s", damaged);
                cmd.ExecuteNonQuery();
            }

            using var s = SqliteEventStore.Open(path, create: false);
            var table = Read(s, null, out var use);
            Assert.Equal(good, Snapshot_Codec.ReadModel(table));
            Assert.Equal(at < lazyFrom ? 0 : Snapshot_Codec.WithAdjustments().Count, use.FromSnapshot); // else refolded part by part
        }
    }

    [Fact]
    public void ALargePartReadAfterItsSnapshotIsGone_IsTheFoldOfTheSnapshotsEvents()
    {
        // The large parts are read from the file when first used, after the reading transaction: if the snapshot was
        // replaced or pruned meanwhile, they are refolded from the events through the snapshot's event, never guessed.
        var (path, store, ledger) = Fresh();
        foreach (var e in Snapshot_Codec.WithAdjustments()) Assert.True(ledger.Append(e.Event).IsOk);
        Snapshot(store, ledger);
        var good = Full(store);
        var table = Read(store, null, out var used);
        Assert.Equal(Snapshot_Codec.WithAdjustments().Count, used.FromSnapshot);
        using (var c = Raw(path)) Exec(c, "DELETE FROM snapshots");
        Assert.Equal(good, Snapshot_Codec.ReadModel(table)); // reads positions, instruments, histories: all refolded
        store.Dispose();
    }

    private sealed class InMemoryImage(byte[] image) : SnapshotCodec.IImageSource
    {
        public byte[]? Read(int offset, int length) => offset + length <= image.Length ? image.AsSpan(offset, length).ToArray() : null;
    }

    /// <summary>Shares outstanding under instruments per holder and class, as a cap table's totals sum them.</summary>
    private static string InstrumentTotals(CapTable t) => string.Join(",", t.InstrumentOutstanding()
        .GroupBy(x => (x.Holder, x.Underlying)).Select(g => $"{g.Key.Holder}/{g.Key.Underlying}:{g.Sum(x => x.Outstanding)}").Order(StringComparer.Ordinal));

    [Fact]
    public void InstrumentsChangedByIdAfterASnapshot_GiveTheFullFold_AndTheTotalsFromTheSnapshotsSumsAreTheFullFolds()
    {
        // FOURTH §6(d)(i)(A) options over common: 1,100 grants (three blocks of the snapshot's instruments, 512 ids each),
        // every tenth expiring 1999-12-31; after the snapshot, by id: the next free id granted, an exercise, a
        // cancellation, an expiry recorded, and a grant of an id that exists (refused).
        var (path, store, ledger) = Fresh();
        using var owned = store;
        Assert.True(ledger.Append(History().ToArray()).IsOk);
        var grants = Enumerable.Range(1, 1_100).Select(n => (LedgerEvent)new InstrumentGranted(D("1997-05-01"), $"G-{n}", n % 2 == 0 ? "KP" : "Founder", "option",
            "common", 100, 0.50m, n % 10 == 0 ? D("1999-12-31") : null, 0m, null, null)).ToArray();
        Assert.True(ledger.Append(grants).IsOk);
        Snapshot(store, ledger);
        var snapshotAt = History().Count + grants.Length;
        Assert.Equal("G-1101", Read(store, null, out _).NextFreeInstrumentId());
        Assert.True(ledger.Append(new InstrumentGranted(D("1998-01-01"), "G-1101", "KP", "option", "common", 250, 0.50m, D("2001-06-30"), 0m, null, null)).IsOk);
        Assert.True(ledger.Append(new InstrumentExercised(D("1998-02-01"), "G-7", 40)).IsOk);
        Assert.True(ledger.Append(new InstrumentCancelled(D("1998-03-01"), "G-601", 100, "forfeited")).IsOk);
        // Recorded on the expiry date itself: the other multiples of ten have not lapsed yet, so the write records no
        // other expiry with it (docs/interpretations.md, "Expired instruments").
        Assert.True(ledger.Append(new InstrumentExpired(D("1999-12-31"), "G-10")).IsOk);
        var duplicate = ledger.Append(new InstrumentGranted(D("2000-02-01"), "G-512", "KP", "option", "common", 1, 0.50m, null, 0m, null, null));
        Assert.False(duplicate.IsOk);
        Assert.Equal("an instrument with this id already exists", duplicate.Refusal!.Reason);

        // Independently: KP holds the even ids (550 × 100), of which the 110 multiples of ten expire 1999-12-31 (G-10's
        // expiry recorded: 0 left), plus G-1101's 250 until 2001-06-30; Founder the odd ids (550 × 100) less G-7's 40
        // exercised and G-601's 100 cancelled = 54,860.
        (DateOnly? AsOf, string Totals)[] expected =
        [
            (null, "Founder/common:54860,KP/common:55150"),                 // no date: nothing lapses; 55,000 − 100 + 250
            (D("1999-06-01"), "Founder/common:54860,KP/common:55250"),     // G-10's expiry not yet recorded, nor past: 55,000 + 250
            (D("2000-06-01"), "Founder/common:54860,KP/common:44250"),     // 440 × 100 + 250
            (D("2002-01-01"), "Founder/common:54860,KP/common:44000"),     // G-1101 lapsed too
        ];
        foreach (var (asOf, totals) in expected)
        {
            var fromSnapshot = Read(store, asOf, out var use);
            Assert.Equal(new LedgerSnapshots.Use(snapshotAt, 4), use);
            Assert.Equal(totals, InstrumentTotals(fromSnapshot)); // from the snapshot's sums, moved by the four changes
            var full = Fold.TryReplay(store.ReadAll(), asOf).Value;
            Assert.Equal(totals, InstrumentTotals(full));         // from the list of every instrument
            Assert.Equal(Snapshot_Codec.ReadModel(full), Snapshot_Codec.ReadModel(fromSnapshot));
        }

        // The sums damaged: taken from the fold of the snapshot's events instead, never from the damaged bytes.
        var image = (byte[])Scalar(Raw(path), "SELECT state FROM snapshots")!;
        var head = SnapshotCodec.Head(new InMemoryImage(image));
        image[head.Offsets[(int)SnapshotCodec.Part.InstrumentSums] + 3] ^= 0x10;
        using (var c = Raw(path))
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE snapshots SET state = $s";
            cmd.Parameters.AddWithValue("$s", image);
            cmd.ExecuteNonQuery();
        }

        using var again = SqliteEventStore.Open(path, create: false);
        Assert.Equal(expected[2].Totals, InstrumentTotals(Read(again, D("2000-06-01"), out var used)));
        Assert.Equal(snapshotAt, used.FromSnapshot);
    }

    [Fact]
    public void RandomLedgers_ReadFromSnapshotsEqualTheFullFold()
    {
        // Appends of issues, transfers and grants at random dates (some back-dated), with snapshots taken at random
        // points: the read from snapshots always equals the full fold, as of the end and as of a random date.
        var step = CsCheck.Gen.Select(CsCheck.Gen.Int[0, 3], CsCheck.Gen.Int[0, 400], CsCheck.Gen.Bool, CsCheck.Gen.Int[1, 1000]);
        CsCheck.Gen.Select(step.Array[5, 25], CsCheck.Gen.Int[0, 800]).Sample((steps, asOfDays) =>
        {
            var (_, store, ledger) = Fresh();
            using var owned = store;
            Assert.True(ledger.Append(History().Take(4).ToArray()).IsOk);
            var grants = 0;
            foreach (var (kind, days, snapshot, n) in steps)
            {
                var day = D("1996-03-01").AddDays(days);
                LedgerEvent e = kind switch
                {
                    0 => new SharesIssued(day, "KP", "common", n, 0.30m),
                    1 => new SharesTransferred(day, "Founder", "KP", "common", n),
                    2 => new InstrumentGranted(day, $"G-{++grants}", "KP", "option", "common", n, 0.20m, null, 0m, null, null),
                    _ => new StakeholderAdded(D("2026-11-25"), $"H-{Guid.NewGuid():N}"),
                };
                ledger.Append(e); // a refusal (e.g. a back-dated transfer) writes nothing; fine
                if (snapshot) Snapshot(store, ledger);
            }

            Assert.Equal(Full(store), Snapshot_Codec.ReadModel(Read(store, null, out _)));
            var asOf = D("1996-03-01").AddDays(asOfDays);
            Assert.Equal(Full(store, asOf), Snapshot_Codec.ReadModel(Read(store, asOf, out _)));
        }, iter: 8, threads: 1);
    }
}

/// <summary>Writes decide against the newest usable snapshot and the events after it, with the same refusals as a full fold.</summary>
public sealed class Snapshot_Writes : LedgerFixture
{
    [Fact]
    public void AWriteAfterASnapshot_IsDecidedFromIt_WithTheSameRefusals()
    {
        var path = PathOf("w.db");
        using var store = SqliteEventStore.Open(path, create: true);
        var ledger = new CompanyLedger(store, Clock, "Test");
        foreach (var e in History()) Assert.True(ledger.Append(e).IsOk);
        Assert.True(LedgerSnapshots.MaybeSave(store, ledger.CapTable().Value, D("1997-04-01"), force: true));

        // FOURTH §2: Series B is fully issued (3,915,308), so one more share is refused, from the snapshot as from the start.
        var refused = ledger.Append(new SharesIssued(D("1998-01-01"), "KP", "B", 1, 2.40m));
        Assert.Equal("FOURTH §2", refused.Refusal!.Clause!.Value.Citation);
        // A back-dated transfer of more common than Founder held then: refused (the snapshot is not used: it is later).
        Assert.False(ledger.Append(new SharesTransferred(D("1996-01-01"), "Founder", "KP", "common", 1)).IsOk);
        var ok = ledger.Append(new SharesIssued(D("1998-01-01"), "KP", "common", 5, 1m));
        Assert.True(ok.IsOk);
        Assert.Equal(Snapshot_Codec.ReadModel(Fold.TryReplay(store.ReadAll()).Value), Snapshot_Codec.ReadModel(ok.Value));
        Assert.True(store.VerifyChain().IsOk);
    }

    [Fact]
    public void ABackDatedWrite_RefoldsFromTheLastSnapshotBeforeItsDate_AndEqualsTheFullFold()
    {
        var path = PathOf("b.db");
        using var store = SqliteEventStore.Open(path, create: true);
        var ledger = new CompanyLedger(store, Clock, "Test");
        foreach (var e in History().Take(5)) Assert.True(ledger.Append(e).IsOk); // through 1996-03-01 (Series A issued)
        Assert.True(LedgerSnapshots.MaybeSave(store, ledger.CapTable().Value, D("1996-03-01"), force: true));
        foreach (var e in History().Skip(5)) Assert.True(ledger.Append(e).IsOk); // 1997-01-15 (B), 1997-04-01 (transfer)
        Assert.True(LedgerSnapshots.MaybeSave(store, ledger.CapTable().Value, D("1997-04-01"), force: true));

        // Dated 1996-06-01: after the first snapshot, before the second; events 6 and 7 are folded again after it.
        var backDated = new SharesIssued(D("1996-06-01"), "Founder", "common", 7, 0.05m);
        var before = store.ReadAll();
        var expected = Fold.TryDecide(before, [new RecordedEvent(before.Count + 1, Clock.GetUtcNow(), backDated)]).Value.State;
        var ok = ledger.Append(backDated);
        Assert.True(ok.IsOk);
        Assert.Equal(new LedgerSnapshots.Use(5, 2), ledger.LastUse); // from the snapshot after event 5, events 6 and 7 folded on
        Assert.Equal(Snapshot_Codec.ReadModel(expected), Snapshot_Codec.ReadModel(ok.Value));
        Assert.Equal(Snapshot_Codec.ReadModel(Fold.TryReplay(store.ReadAll()).Value), Snapshot_Codec.ReadModel(ok.Value));
        Assert.Equal(4_000_000 + 7 - 10_000, ok.Value.SharesHeld("Founder", "common")); // issued, back-dated issue, transferred

        // A back-dated transfer of all of Founder's common on 1996-06-02 would leave nothing for the transfer of 10,000
        // on 1997-04-01 (event 7): refused from the snapshot with the same refusal as from the start.
        var all = store.ReadAll();
        var transfer = new SharesTransferred(D("1996-06-02"), "Founder", "KP", "common", 4_000_007);
        var fromStart = Fold.TryDecide(all, [new RecordedEvent(all.Count + 1, Clock.GetUtcNow(), transfer)]);
        var refused = ledger.Append(transfer);
        Assert.False(refused.IsOk);
        Assert.Equal(5, ledger.LastUse!.FromSnapshot);
        Assert.Equal(fromStart.Refusal!.ToString(), refused.Refusal!.ToString());
        Assert.Contains("event 7", refused.Refusal.ToString(), StringComparison.Ordinal);

        // Dated before every snapshot: from the start.
        Assert.True(ledger.Append(new SharesIssued(D("1996-02-07"), "Founder", "common", 3, 0.01m)).IsOk);
        Assert.Equal(0, ledger.LastUse!.FromSnapshot);
    }
}
