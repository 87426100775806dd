using System.Text;
using Charta.Core;
using Charta.Core.Charter;
using Charta.Core.Covenants;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Ocf.Tests;

/// <summary>
/// Charta → OCF → Charta with <c>--charter</c> is lossless for every event kind of the catalog (issue #11 defect 7):
/// the imported ledger records the same events (exclusions, approvals, stored outcomes, repricings, dividends,
/// corrections, voids, charter amendments), folds to the same state, and exports the same package again. OCF fields
/// state the holdings; what OCF cannot say travels in the Charta extension (docs/ocf.md).
/// </summary>
public class Ocf_LosslessRoundTrip
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly string CharterJson = CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId);
    private static readonly CharterDocument Charter = CharterLoader.Load(CharterJson, CharterLoader.DefaultCharterId).Value;
    private static readonly OcfImportOptions OnTheCharter = new() { Charter = (CharterLoader.DefaultCharterId, CharterJson) };
    private static readonly DateOnly Oid = new(2000, 3, 1);

    /// <summary>A small Juniper company (the Core tests' fixture): 2,707,000 common, A–D1 issued, D1 on 2000-03-01.</summary>
    private static List<(LedgerEvent Event, bool Restate)> Base()
    {
        var d0 = new DateOnly(2000, 1, 1);
        var l = new List<LedgerEvent> { new CompanyCreated(d0, CharterLoader.DefaultCharterId, CharterJson, d0) };
        foreach (var h in new[] { "Founders", "A holders", "B holders", "C holders", "D holders", "D1 holders", "Newco", "Optionee" })
            l.Add(new StakeholderAdded(d0, h, h == "Founders" ? "founder" : h == "Optionee" ? "employee" : "institution"));
        l.Add(new SharesIssued(new DateOnly(2000, 1, 2), "Founders", "common", 2_707_000, 0.01m));
        l.Add(new SharesIssued(new DateOnly(2000, 1, 3), "A holders", "A", 1_100_000, 1.00m));
        l.Add(new SharesIssued(new DateOnly(2000, 1, 3), "B holders", "B", 1_070_000, 2.40m));
        l.Add(new SharesIssued(new DateOnly(2000, 1, 3), "C holders", "C", 397_000, 8.93m));
        l.Add(new SharesIssued(new DateOnly(2000, 1, 3), "D holders", "D", 500_000, 11.03m));
        l.Add(new SharesIssued(Oid, "D1 holders", "D1", 1_000_000, 11.03m));
        return l.Select(e => (e, false)).ToList();
    }

    private static string PlanExclusion => Charter.AntiDilution!.FindExclusion("employee-plan")!.Id;

    /// <summary>The events of everyday cap-table keeping, and the charter's own events.</summary>
    private static List<(LedgerEvent, bool)> Everyday()
    {
        var l = Base();
        void Add(LedgerEvent e) => l.Add((e, false));
        Add(new PlanReserveSet(new DateOnly(2000, 3, 2), "plan-2000", "2000 Stock Plan", "common", 1_000_000));
        Add(new InstrumentGranted(new DateOnly(2000, 3, 5), "OPT-1", "Optionee", "option", "common", 200_000, 0.50m, new DateOnly(2010, 3, 5), 0m,
            PlanExclusion, "Board resolution 2000-03-04 (2000 Stock Plan)"));
        Add(new VestingScheduled(new DateOnly(2000, 3, 5), "OPT-1", [new VestingTranche(new DateOnly(2001, 3, 5), 50_000), new VestingTranche(new DateOnly(2002, 3, 5), 150_000)], "1-year cliff"));
        Add(new VestingAccelerated(new DateOnly(2000, 6, 1), "OPT-1", 10_000, "performance milestone"));
        Add(new InstrumentExercised(new DateOnly(2000, 7, 1), "OPT-1", 20_000));
        Add(new InstrumentCancelled(new DateOnly(2000, 8, 1), "OPT-1", 30_000, "forfeited on leaving"));
        Add(new InstrumentGranted(new DateOnly(2000, 8, 15), "W-1", "Newco", "warrant", "common", 100_000, 12.00m, new DateOnly(2003, 1, 1), 1_000m));
        // A repricing (FOURTH §6(d)(iii)(B)) to a price above every conversion price: no adjustment, but the fact stays.
        Add(new InstrumentRepriced(new DateOnly(2000, 9, 1), "W-1", 11.50m, 80_000));
        Add(new SharesIssued(new DateOnly(2000, 10, 1), "Optionee", "common", 5_000, 0.05m, "cash", PlanExclusion, "Board resolution 2000-09-28"));
        Add(new SharesTransferred(new DateOnly(2000, 10, 2), "Founders", "Newco", "common", 7_000));
        Add(new SharesCancelled(new DateOnly(2000, 10, 3), "Founders", "common", 1_000, "repurchased on leaving"));
        Add(new SharesReissued(new DateOnly(2000, 10, 4), "Founders", "common", 500_000, "lost certificate"));
        Add(new PreferredConverted(new DateOnly(2000, 11, 1), "A holders", [new ConvertedLot("A", 100_000)], 5.00m));
        Add(new ConversionPriceSet(new DateOnly(2000, 11, 15), "C", 3.58m, "FOURTH §6(d)(iv)", "recorded from the 2000 audit"));
        Add(new AuthorizedSharesChanged(new DateOnly(2000, 12, 1), "common", Charter.Authorized.Common.Value + 5_000_000, "stockholders 2000-11-30"));
        Add(new StockSplit(new DateOnly(2001, 1, 1), 3, 2));
        Add(new DividendDeclared(new DateOnly(2001, 2, 1), "DIV-1", "cash", 100_000m, new DateOnly(2001, 3, 1), new DateOnly(2001, 1, 20)));
        Add(new DividendPaid(new DateOnly(2001, 3, 1), "DIV-1"));
        Add(new DividendDeclared(new DateOnly(2001, 4, 1), "DIV-2", "common-stock", 1m, StockPerShares: 10));
        Add(new ConvertibleIssued(new DateOnly(2001, 5, 1), "SAFE-1", "Newco", 250_000m, "safe", new ConvertibleTerms("safe", Cap: 10_000_000m, DiscountPercent: 20m)));
        Add(new ConvertibleClosed(new DateOnly(2001, 6, 1), "SAFE-1", "cancelled"));
        Add(new SharesIssuedForMixedConsideration(new DateOnly(2001, 7, 1), "Newco", 10_000, 150_000m, 100_000m, "warrants", "Board resolution 2001-06-28"));
        Add(new OtherSecuritiesDistributed(new DateOnly(2001, 8, 1), "Spinco warrants", 0.1m));
        Add(new RegistrationFiled(new DateOnly(2001, 9, 1), "employee-plan", "S-8 333-0001"));
        Add(new InstrumentExpired(new DateOnly(2003, 1, 2), "W-1"));
        Add(new CommonReclassified(new DateOnly(2003, 6, 1), "Class B Common", 2m));
        return l;
    }

    /// <summary>
    /// Corrections (issue #9): a conversion, then a back-dated cheap issue recorded with --restate (FOURTH §6(d)(iv)
    /// moves A's price, so the conversion is owed more common: a conversion-corrected event), a dividend correction,
    /// and an issue voided.
    /// </summary>
    private static List<(LedgerEvent, bool)> Corrections()
    {
        var l = Base();
        l.Add((new PreferredConverted(new DateOnly(2000, 6, 1), "A holders", [new ConvertedLot("A", 100_000)], 5.00m), false));
        l.Add((new SharesIssued(new DateOnly(2000, 4, 1), "Newco", "common", 1_000_000, 0.22m), true));
        l.Add((new SharesIssued(new DateOnly(2000, 8, 1), "Optionee", "common", 1_000, 20m), false));
        l.Add((new EventVoided(new DateOnly(2026, 11, 25), 0, "entered twice"), false)); // event set below
        return l;
    }

    /// <summary>
    /// A dividend correction. Core records one only with --restate, when a back-dated event raises a payee's cents
    /// and lowers nobody's; a dividend's total is fixed, so the fold refuses every such restatement (someone else's
    /// cents would be clawed back). The event is therefore written to the store as it stands (see the report), and
    /// the round trip is of the event and its fold, not of a decision.
    /// </summary>
    private static List<(LedgerEvent, bool)> DividendCorrection()
    {
        var l = Base();
        l.Add((new DividendDeclared(new DateOnly(2000, 9, 1), "DIV-1", "cash", 95_000m), false));
        l.Add((new DividendCorrected(new DateOnly(2000, 9, 1), 0, "", 12.34m, "omitted from the first payment"), false)); // event and payee set below
        return l;
    }

    private static List<(LedgerEvent, bool)> Ipo()
    {
        var l = Base();
        l.Add((new RegistrationFiled(new DateOnly(2000, 4, 1), "underwritten-ipo", "S-1 333-0002"), false));
        l.Add((new StakeholderAdded(new DateOnly(2000, 6, 1), PublicOfferingClosed.DefaultPublicHolder, "public"), false));
        l.Add((new PublicOfferingClosed(new DateOnly(2000, 6, 1), 34m, 68_000_000m, SharesSold: 2_000_000), false));
        return l;
    }

    private static List<(LedgerEvent, bool)> Vote()
    {
        var l = Base();
        // FOURTH §6(a)(ii)(b): 2,711,334 of the 4,067,000 preferred (2/3) vote to convert.
        l.Add((new PreferredConversionVoted(new DateOnly(2000, 6, 1), 2_711_334, "Written consent 2000-05-30", 5m), false));
        return l;
    }

    /// <summary>Issue #13: a charter amendment creates Series E (what `model round --commit` records), then E is issued.</summary>
    private static List<(LedgerEvent, bool)> Amended()
    {
        var l = Base();
        var d = Charter.FindSeries("D1")!;
        var e = d with { Id = "E", Name = "Series E Preferred", FixedShares = new Term<long>(2_000_000, "Amendment 2001-01-15") };
        var amended = Charter with
        {
            Series = [.. Charter.Series, e],
            Authorized = Charter.Authorized with
            {
                Total = new Term<long>(Charter.Authorized.Total.Value + 2_000_000, "Amendment 2001-01-15"),
                Preferred = new Term<long>(Charter.Authorized.Preferred.Value + 2_000_000, "Amendment 2001-01-15"),
            },
        };
        l.Add((new StakeholderAdded(new DateOnly(2001, 1, 15), "E holders", "institution"), false));
        l.Add((new CharterAmended(new DateOnly(2001, 1, 15), CharterLoader.ToJson(amended), "creates Series E Preferred", "stockholders 2001-01-10"), false));
        l.Add((new SharesIssued(new DateOnly(2001, 1, 16), "E holders", "E", 2_000_000, 11.03m), false));
        l.Add((new PreferredConverted(new DateOnly(2001, 6, 1), "E holders", [new ConvertedLot("E", 500_000)], 5m), false));
        return l;
    }

    /// <summary>
    /// Issue #13: what `charta model round --commit` records: Series E created by a charter amendment at a $50M
    /// pre-money with $10M from Fund E, the round's events, and the amendment extending the anti-dilution to E.
    /// </summary>
    private static List<(LedgerEvent, bool)> ModelRoundCommitted()
    {
        var l = Base();
        var round = Charta.Core.Model.RoundModel.Solve(Record(l).Events().ToList(), new Charta.Core.Model.RoundScenario
        {
            Series = "E", Closing = new DateOnly(2001, 1, 1), PreMoney = 50_000_000m, Investors = [new Charta.Core.Model.Investment("Fund E", 10_000_000m)],
            AntiDilutionReading = Charta.Core.Model.AntiDilutionReading.PreferredStock,
            Consenting = ["A holders", "B holders", "C holders", "D holders", "D1 holders"],
        }, new Charta.Core.Model.ModelOutputs([], null));
        Assert.True(round.IsOk, round.Refusal?.ToString());
        var events = Charta.Core.Model.RoundCommit.Events(round.Value, "Board and stockholders 2000-12-20");
        Assert.True(events.IsOk, events.Refusal?.ToString());
        l.AddRange(events.Value.Select(e => (e, false)));
        return l;
    }

    /// <summary>
    /// Issue #11: a negotiated repurchase of preferred with the §8(a) consent (A and B: 2,170,000 of 4,067,000 preferred,
    /// more than 1/2), and an amendment adding preferred with the §8(b) consent (A, B and D1: 3,170,000 ≥ 2/3 × 4,067,000 =
    /// 2,711,333.3). Both travel as TX_STOCK_REPURCHASE / authorized-shares adjustments plus their charta-event comments.
    /// </summary>
    private static List<(LedgerEvent, bool)> Governance()
    {
        var l = Base();
        var majority = new ConsentRecord("Written consent 2000-05-01", [new("A holders"), new("B holders")]);
        l.Add((new PreferredRepurchased(new DateOnly(2000, 5, 2), "C holders", "C", 97_000, 9.50m, "Board resolution 2000-04-28", majority), false));
        var twoThirds = new ConsentRecord("Written consent 2000-06-01", [new("A holders"), new("B holders"), new("D1 holders")]);
        l.Add((new AuthorizedSharesAmended(new DateOnly(2000, 6, 2), Charter.Authorized.Common.Value + 10_000_000, Charter.Authorized.Preferred.Value + 1_000_000, null,
            "Stockholders 2000-06-01; filed 2000-06-02", twoThirds), false));
        return l;
    }

    /// <summary>
    /// A merger deemed a liquidation, closed with the preferred's consent (all five series' holders): the payouts are the
    /// stored outcome; OCF has no object for the closing, so it travels in its charta-event comment only.
    /// </summary>
    private static List<(LedgerEvent, bool)> Merger()
    {
        var l = Base();
        var all = new ConsentRecord("Written consent 2000-11-20", [new("A holders"), new("B holders"), new("C holders"), new("D holders"), new("D1 holders")]);
        l.Add((new DeemedLiquidationClosed(new DateOnly(2000, 12, 1), 250_000_000m, "Board 2000-11-01; stockholders 2000-11-20", null, all), false));
        return l;
    }

    /// <summary>
    /// Issue 12: redemption at the holder's option on nvca-2020-style (Part B §6): Fund A requires 900,000 A redeemed on
    /// the fifth anniversary of A's Original Issue Date; two of the three instalments are paid (300,000 shares each,
    /// restated in OCF as the cancellations they are; the request and the instalments travel in the extension).
    /// </summary>
    private static List<(LedgerEvent, bool)> Redemption()
    {
        var d0 = new DateOnly(2020, 1, 1);
        var json = CharterLoader.EmbeddedText("nvca-2020-style");
        var l = new List<LedgerEvent>
        {
            new CompanyCreated(d0, "nvca-2020-style", json, d0),
            new StakeholderAdded(d0, "Founders", "founder"), new StakeholderAdded(d0, "Fund A", "institution"),
            new SharesIssued(d0, "Founders", "common", 5_000_000, 0.0001m),
            new SharesIssued(new DateOnly(2020, 3, 1), "Fund A", "A", 1_000_000, 2.00m),
            new RedemptionRequested(new DateOnly(2025, 3, 1), "RED-1", "Fund A", "A", 900_000),
            new RedemptionInstalmentPaid(new DateOnly(2025, 4, 30), "RED-1"),
            new RedemptionInstalmentPaid(new DateOnly(2026, 5, 4), "RED-1"),
        };
        return l.Select(e => (e, false)).ToList();
    }

    /// <summary>
    /// Session 20: nvca-2020-style with the Series A dividends paid in kind (the fraction in cash): on 2022-03-01 each
    /// holder of A receives its accrued and unpaid dividends in A shares (restated in OCF as the issuances they are; the
    /// payment travels in the extension).
    /// </summary>
    private static List<(LedgerEvent, bool)> PaidInKind()
    {
        var d0 = new DateOnly(2020, 1, 1);
        var doc = System.Text.Json.Nodes.JsonNode.Parse(CharterLoader.EmbeddedText("nvca-2020-style"))!.AsObject();
        doc["id"] = "nvca-pik";
        doc["series"]![1]!["dividend"]!["inKind"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "fractions": "round-down-pay-cash", "clause": "Article Fourth, Part B §1.1" }""");
        var l = new List<LedgerEvent>
        {
            new CompanyCreated(d0, "nvca-pik", doc.ToJsonString(), d0),
            new StakeholderAdded(d0, "Founders", "founder"), new StakeholderAdded(d0, "Fund A", "institution"), new StakeholderAdded(d0, "Angel", "individual"),
            new SharesIssued(d0, "Founders", "common", 5_000_000, 0.0001m),
            new SharesIssued(new DateOnly(2020, 3, 1), "Fund A", "A", 1_000_000, 2.00m),
            new SharesIssued(new DateOnly(2020, 3, 1), "Angel", "A", 777, 2.00m),
            new DividendPaidInKind(new DateOnly(2022, 3, 1), "A"),
        };
        return l.Select(e => (e, false)).ToList();
    }

    /// <summary>
    /// Session 19: a charter amendment adds pay-to-play (Series A) and a vote of Series B alone to convert it; the A holders
    /// do not buy their pro rata share of a Qualified Financing and convert; the B holders vote to convert Series B.
    /// </summary>
    private static List<(LedgerEvent, bool)> PayToPlayAndSeriesVote()
    {
        var l = Base();
        var amended = Charter with
        {
            PayToPlay = new PayToPlayTerms
            {
                AppliesTo = ["A"], Into = Charter.Common.Id,
                QualifiedFinancing = new QualifiedFinancingTerms { Clause = "Amendment 2000-04-01 §1" }, Clause = "Amendment 2000-04-01",
            },
            AutomaticConversion = Charter.AutomaticConversion! with
            {
                SeriesVotes = [new SeriesVoteConversion { Series = "B", Fraction = "1/2", Comparison = "more-than", Clause = "Amendment 2000-04-01 §2" }],
            },
        };
        l.Add((new CharterAmended(new DateOnly(2000, 4, 1), CharterLoader.ToJson(amended), "adds pay-to-play and a Series B vote to convert", "stockholders 2000-03-30"), false));
        l.Add((new QualifiedFinancingClosed(new DateOnly(2000, 5, 1), "Series E", "Board resolution 2000-04-20", [new ProRataTakeup("A holders", 100_000, 40_000)], 5m), false));
        l.Add((new SeriesConversionVoted(new DateOnly(2000, 6, 1), "B", 1_070_000, "Written consent 2000-05-30", 5m), false));
        return l;
    }

    /// <summary>
    /// Session 20: a charter amendment adds a Shadow Series A (A1: Series A without anti-dilution, 1,100,000 shares) and
    /// pay-to-play on Series A into it; the A holders do not play and their 1,100,000 A become 1,100,000 A1.
    /// </summary>
    private static List<(LedgerEvent, bool)> PayToPlayIntoAShadowSeries()
    {
        var l = Base();
        var a = Charter.FindSeries("A")!;
        var a1 = a with { Id = "A1", Name = "Shadow Series A Preferred Stock", FixedShares = new Term<long>(1_100_000, "Amendment 2000-04-01 §3"), AntiDilution = null };
        var auth = Charter.Authorized;
        var amended = Charter with
        {
            Series = [.. Charter.Series, a1],
            Authorized = auth with
            {
                Preferred = new Term<long>(auth.Preferred.Value + 1_100_000, "Amendment 2000-04-01 §3"),
                Total = new Term<long>(auth.Total.Value + 1_100_000, "Amendment 2000-04-01 §3"),
            },
            PayToPlay = new PayToPlayTerms
            {
                AppliesTo = ["A"], Into = Charter.Common.Id,
                ShadowSeries = [new ShadowSeriesTerm { Series = "A", Shadow = "A1", Clause = "Amendment 2000-04-01 §2" }],
                QualifiedFinancing = new QualifiedFinancingTerms { Clause = "Amendment 2000-04-01 §1" }, Clause = "Amendment 2000-04-01",
            },
        };
        l.Add((new CharterAmended(new DateOnly(2000, 4, 1), CharterLoader.ToJson(amended), "adds a shadow Series A and pay-to-play into it", "stockholders 2000-03-30"), false));
        l.Add((new QualifiedFinancingClosed(new DateOnly(2000, 5, 1), "Series E", "Board resolution 2000-04-20", [new ProRataTakeup("A holders", 100_000, 40_000)], 5m), false));
        return l;
    }

    [Fact]
    public void APayToPlayIntoAShadowSeries_ExportThenImport_GivesTheSameEvents_TheSameFold_AndTheSamePackage()
    {
        var trip = Run(PayToPlayIntoAShadowSeries());
        Assert.Equal(1_100_000, trip.Table.SharesHeld("A holders", "A1"));
        var stored = trip.Events.Select(r => r.Event).OfType<QualifiedFinancingClosed>().Single();
        Assert.Equal(new ShadowConversion("A holders", "A", "A1", 1_100_000), Assert.Single(stored.Shadows!));
        Assert.Equal(trip.Events.Select(Json), trip.BackEvents.Select(Json));
        Assert.Equal(StateCodec.Encode(trip.Table), StateCodec.Encode(trip.BackTable));
        Assert.Equal(trip.Export.Files.Keys, trip.ReExport.Files.Keys);
        foreach (var f in trip.Export.Files.Keys)
            Assert.True(trip.Export.Files[f].AsSpan().SequenceEqual(trip.ReExport.Files[f]), $"{f} differs after the round trip");
    }

    private static readonly Dictionary<string, Func<List<(LedgerEvent, bool)>>> Builders = new()
    {
        ["pay-to-play"] = PayToPlayAndSeriesVote,
        ["merger"] = Merger,
        ["redemption"] = Redemption,
        ["paid-in-kind"] = PaidInKind,
        ["governance"] = Governance,
        ["model-round"] = ModelRoundCommitted,
        ["everyday"] = Everyday,
        ["corrections"] = Corrections,
        ["dividend-correction"] = DividendCorrection,
        ["ipo"] = Ipo,
        ["vote"] = Vote,
        ["amended"] = Amended,
    };

    private sealed record Trip(IReadOnlyList<RecordedEvent> Events, CapTable Table, OcfExport Export, OcfImportResult Back,
        IReadOnlyList<RecordedEvent> BackEvents, CapTable BackTable, OcfExport ReExport);

    private static readonly Dictionary<string, Lazy<Trip>> Trips = Builders.ToDictionary(kv => kv.Key, kv => new Lazy<Trip>(() => Run(kv.Value())));

    private static CompanyLedger Record(List<(LedgerEvent Event, bool Restate)> events)
    {
        var ledger = new CompanyLedger(new InMemoryEventStore(), TimeProvider.System);
        foreach (var (e0, restate) in events)
        {
            var e = e0;
            var recorded = ledger.Events();
            // The events that name another event: the dividend corrected and the issue voided are the latest of their kind.
            if (e is DividendCorrected dc)
            {
                var declared = recorded.Last(r => r.Event is DividendDeclared);
                e = dc with { Event = declared.Sequence, Holder = ((DividendDeclared)declared.Event).Payees![0].Holder };
            }

            if (e is EventVoided v) e = v with { Event = recorded.Last(r => r.Event is SharesIssued).Sequence };
            if (e is DividendCorrected)
            {
                WriteAsIs(ledger, [e]);
                continue;
            }

            var r = ledger.Record([e], new RecordOptions(Restate: restate));
            Assert.True(r.IsOk, $"{EventCatalog.NameOf(e).Name}: {r.Refusal}");
        }

        return ledger;
    }

    private static void WriteAsIs(CompanyLedger ledger, IEnumerable<LedgerEvent> events) =>
        Assert.True(ledger.Store.Write<int>((_, next) =>
            Result<(IReadOnlyList<RecordedEvent>, int)>.Ok((events.Select((e, i) => new RecordedEvent(next + i, At, e)).ToArray(), 0))).IsOk);

    private static Trip Run(List<(LedgerEvent, bool)> scenario)
    {
        var ledger = Record(scenario);
        var events = ledger.Events();
        var table = ledger.CapTable().Value;
        var export = OcfExporter.Export(events, table, At);
        Assert.Empty(OcfExporter.Validate(export));
        // Imported on the charter the scenario's company was created on (Juniper unless it says otherwise).
        var created = events.Select(r => r.Event).OfType<CompanyCreated>().First();
        var options = created.CharterId == CharterLoader.DefaultCharterId ? OnTheCharter : new OcfImportOptions { Charter = (created.CharterId, created.CharterJson) };
        var back = OcfImporter.Import(export.Files, options);
        Assert.True(back.Ok, string.Join("\n", back.Errors));
        // Recorded as `charta import ocf` records it: one append of every event.
        var again = new CompanyLedger(new InMemoryEventStore(), TimeProvider.System);
        var asIs = back.Events.ToList().FindIndex(e => e is DividendCorrected);
        var appended = again.Append(asIs < 0 ? back.Events : back.Events.Take(asIs).ToArray());
        Assert.True(appended.IsOk, appended.Refusal?.ToString());
        if (asIs >= 0) WriteAsIs(again, back.Events.Skip(asIs));
        var backEvents = again.Events();
        var backTable = again.CapTable().Value;
        var reExport = OcfExporter.Export(backEvents, backTable, At);
        return new Trip(events, table, export, back, backEvents, backTable, reExport);
    }

    /// <summary>Every event kind the catalog knows (a new kind without a scenario here fails its test).</summary>
    public static TheoryData<string> EventKinds => new(EventCatalog.All.Select(x => x.Name).Distinct().Order(StringComparer.Ordinal));

    private static string Json(RecordedEvent r) => OcfExtension.Encode(r.Sequence, r.Event);

    [Theory]
    [MemberData(nameof(EventKinds))]
    public void EveryEventKind_ExportThenImportWithTheCharter_GivesTheSameEvents_TheSameFold_AndTheSamePackage(string kind)
    {
        // A scenario that records the kind itself, or whose recording adds it (a --restate adds its corrections).
        var name = Builders.Keys.FirstOrDefault(k => Builders[k]().Any(x => EventCatalog.NameOf(x.Item1).Name == kind))
                   ?? Builders.Keys.FirstOrDefault(k => Record(Builders[k]()).Events().Any(r => EventCatalog.NameOf(r.Event).Name == kind));
        Assert.True(name is not null, $"no round-trip scenario records a '{kind}' event: add one to Ocf_LosslessRoundTrip (issue #11 defect 7)");
        var trip = Trips[name!].Value;

        // The same events, field for field (sequence numbers included), in the same recording order.
        Assert.Contains(trip.Events, r => EventCatalog.NameOf(r.Event).Name == kind);
        Assert.Equal(trip.Events.Select(Json), trip.BackEvents.Select(Json));
        // The same fold: every position, price, history entry (with its clause and event), stored outcome, dividend,
        // instrument and vesting figure, as the snapshot codec sees the whole state.
        Assert.Equal(StateCodec.Encode(trip.Table), StateCodec.Encode(trip.BackTable));
        // And the same package again (only the manifest's generated_at comes from the clock, and it is the same here).
        Assert.Equal(trip.Export.Files.Keys, trip.ReExport.Files.Keys);
        foreach (var f in trip.Export.Files.Keys)
            Assert.True(trip.Export.Files[f].AsSpan().SequenceEqual(trip.ReExport.Files[f]), $"{f} differs after the round trip");
    }

    [Fact]
    public void TheIssueCase_ExclusionsRepricingAndStockDividend_KeepTheConversionPrices()
    {
        // Issue #11: the plan exclusion (FOURTH §6(d)(i)(D)(2)), the repricing and the stock dividend came back as
        // plain issues and moved C and D. They now come back as themselves.
        var trip = Trips["everyday"].Value;
        foreach (var s in trip.Table.Charter.Series)
            Assert.Equal(trip.Table.ConversionPrice(s.Id), trip.BackTable.ConversionPrice(s.Id));
        var grant = trip.BackEvents.Select(r => r.Event).OfType<InstrumentGranted>().Single(g => g.GrantId == "OPT-1");
        Assert.Equal((PlanExclusion, "Board resolution 2000-03-04 (2000 Stock Plan)"), (grant.Exclusion, grant.Approval));
        Assert.Single(trip.BackEvents.Select(r => r.Event).OfType<InstrumentRepriced>());
        var stock = trip.BackEvents.Select(r => r.Event).OfType<DividendDeclared>().Single(d => d.Kind == "common-stock");
        Assert.Equal(10, stock.StockPerShares);
        // No issuance at $0.00 comes back: the OCF issuances written for the stock dividend are read as the dividend.
        Assert.DoesNotContain(trip.BackEvents.Select(r => r.Event).OfType<SharesIssued>(), i => i.PricePerShare == 0m);
    }

    [Fact]
    public void AReclassificationOfTheCommon_IsWrittenAsASplitOfTheCommon_TheOptionBalancesFollow()
    {
        // FOURTH §6(e)(iii): the reclassification into 2 Class B Common per share scales the common and the options
        // over it in the same event. OPT-1: 200,000 granted − 20,000 exercised − 30,000 cancelled = 150,000; the 3:2
        // split → 225,000; the reclassification ×2 → 450,000. OCF states it as a TX_STOCK_CLASS_SPLIT 2:1 of the
        // common, so the OCF objects alone (no --charter) leave the same 450,000 the fold does.
        var trip = Trips["everyday"].Value;
        Assert.Equal(450_000, trip.Table.Instruments["OPT-1"].Outstanding);
        var txs = Encoding.UTF8.GetString(trip.Export.Files[OcfExporter.TransactionsFile]);
        Assert.Contains("common reclassified into 2 Class B Common per share", txs);
        var ocfOnly = OcfImporter.Import(trip.Export.Files, new OcfImportOptions());
        Assert.True(ocfOnly.Ok, string.Join("\n", ocfOnly.Errors));
        Assert.Equal(450_000, ocfOnly.CapTable!.Instruments["OPT-1"].Outstanding);
        foreach (var h in trip.Table.Holders)
            Assert.Equal(trip.Table.SharesHeld(h, "common"), ocfOnly.CapTable.SharesHeld(h, "common"));
    }

    [Fact]
    public void ACorrectedConversion_IsExportedOnce_TheOcfHoldingsMatchTheLedger()
    {
        // Issue #9: 100,000 A converted at 0.44 → 227,272 common (stored); the back-dated issue at 0.22 moves A to 0.42
        // → 238,095: the correction adds 10,823. OCF states 227,272 + 10,823 = 238,095 common, not the re-derived
        // 238,095 plus the correction again; and the voided issue is not an OCF issuance.
        var trip = Trips["corrections"].Value;
        Assert.Equal(238_095, trip.Table.SharesHeld("A holders", "common"));
        var ocfOnly = OcfImporter.Import(trip.Export.Files, new OcfImportOptions());   // without --charter: the OCF objects alone
        Assert.True(ocfOnly.Ok, string.Join("\n", ocfOnly.Errors));
        Assert.Equal(238_095, ocfOnly.CapTable!.SharesHeld("A holders", "common"));
        Assert.Equal(0, ocfOnly.CapTable.SharesHeld("Optionee", "common"));
        foreach (var h in trip.Table.Holders)
        foreach (var c in trip.Table.Charter.ClassIds)
            Assert.Equal(trip.Table.SharesHeld(h, c), ocfOnly.CapTable.SharesHeld(h, c));
        Assert.Equal(238_095, trip.BackTable.SharesHeld("A holders", "common"));
        Assert.Contains(trip.BackEvents, r => r.Event is ConversionCorrected { AdditionalCommon: 10_823 });
    }

    [Fact]
    public void ANewSeriesFromACharterAmendment_IsAStockClassOfTheExport_AndComesBack()
    {
        // Issue #13: the amended charter's Series E is exported as a stock class (2,000,000 authorized, $11.03) and
        // the import on the original charter takes the amendment from the ledger's own event.
        var trip = Trips["amended"].Value;
        var classes = Encoding.UTF8.GetString(trip.Export.Files[OcfExporter.StockClassesFile]);
        Assert.Contains("\"id\": \"E\"", classes);
        Assert.Contains("\"name\": \"Series E Preferred\"", classes);
        Assert.Equal(1_500_000, trip.BackTable.SharesHeld("E holders", "E"));
        Assert.NotNull(trip.BackTable.Charter.FindSeries("E"));
        // 500,000 E × 11.03 ÷ 11.03 = 500,000 common.
        Assert.Equal(500_000, trip.BackTable.SharesHeld("E holders", "common"));
    }

    [Fact]
    public void AModelRoundCommitted_ExportsItsNewSeries_AndTheImportOnTheOriginalCharterFoldsTheSame()
    {
        var trip = Trips["model-round"].Value;
        Assert.NotNull(trip.Table.Charter.FindSeries("E"));
        Assert.Contains("\"id\": \"E\"", Encoding.UTF8.GetString(trip.Export.Files[OcfExporter.StockClassesFile]));
        Assert.True(trip.Table.Outstanding("E") > 0);
        Assert.Equal(trip.Table.Outstanding("E"), trip.BackTable.Outstanding("E"));
        Assert.Equal(trip.Table.ConversionPrice("E"), trip.BackTable.ConversionPrice("E"));
        Assert.Equal(2, trip.BackEvents.Count(r => r.Event is CharterAmended));
    }

    [Fact]
    public void WithoutTheCharter_TheExtensionIsNotRead_AndAWarningSaysSo()
    {
        var trip = Trips["vote"].Value;
        var ocfOnly = OcfImporter.Import(trip.Export.Files, new OcfImportOptions());
        Assert.True(ocfOnly.Ok, string.Join("\n", ocfOnly.Errors));
        Assert.Contains(ocfOnly.Warnings, w => w.Message.Contains("read only with --charter", StringComparison.Ordinal));
        // The vote's stored outcomes are not read: the generic charter's ledger has no preferred-conversion-voted.
        Assert.DoesNotContain(ocfOnly.Events, e => e is PreferredConversionVoted);
        Assert.Contains(trip.BackEvents, r => r.Event is PreferredConversionVoted);
    }

    [Fact]
    public void AnUnreadableExtensionComment_IsAnErrorNamingWhereItIs()
    {
        var trip = Trips["vote"].Value;
        var files = trip.Export.Files.ToDictionary(kv => kv.Key, kv => kv.Value);
        var manifest = Encoding.UTF8.GetString(files[OcfPackageReader.ManifestName]);
        // The first extension comment of the manifest is the issuer's (company-created): a broken one goes before it.
        var at = manifest.IndexOf("\"charta-event/1 {", StringComparison.Ordinal);
        Assert.True(at > 0);
        files[OcfPackageReader.ManifestName] = Encoding.UTF8.GetBytes(manifest[..at] + "\"charta-event/1 {\\\"seq\\\": 1}\", " + manifest[at..]);
        OcfTestPackages.RefreshMd5(files);
        var back = OcfImporter.Import(files, OnTheCharter);
        Assert.False(back.Ok);
        Assert.Contains(back.Errors, e => e.Path == "/issuer/comments/0" && e.Message.Contains("is not a charta-event/1 comment", StringComparison.Ordinal));
    }

    [Fact]
    public void APackageEditedAfterTheExport_DisagreesWithTheExtension_AndIsRefused()
    {
        // The OCF quantity of the first common issuance is changed from 2,707,000 to 2,706,000: the OCF objects and the
        // extension's events no longer agree, and the import says where rather than choosing one.
        var trip = Trips["vote"].Value;
        var files = trip.Export.Files.ToDictionary(kv => kv.Key, kv => kv.Value);
        var txs = Encoding.UTF8.GetString(files[OcfExporter.TransactionsFile]);
        Assert.Contains("\"quantity\": \"2707000\"", txs);
        files[OcfExporter.TransactionsFile] = Encoding.UTF8.GetBytes(txs.Replace("\"quantity\": \"2707000\"", "\"quantity\": \"2706000\""));
        OcfTestPackages.RefreshMd5(files);
        var back = OcfImporter.Import(files, OnTheCharter);
        Assert.False(back.Ok);
        Assert.Contains(back.Errors, e => e.Message.Contains("the OCF transactions leave Founders", StringComparison.Ordinal) && e.Message.Contains("changed after Charta exported it", StringComparison.Ordinal));
    }
}
