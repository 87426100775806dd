using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using Charta.Core.Voting;
using Charta.Core.Tests.Valuation;

namespace Charta.Core.Tests.Charter;

/// <summary>
/// Issue 12, item 1: a term the format can state but the engine does not implement is refused when the charter loads,
/// naming the field, never ignored. Each case flips one term of the embedded charter away from the value the engine
/// implements and expects the refusal to point at that term and cite the charter's own clause for it.
/// </summary>
public sealed class Charter_EveryTermHonouredOrRefused
{
    public static TheoryData<string, string, string> Unimplemented() => new()
    {
        // pointer to set, JSON value, the field the refusal names
        { "/series/0/dividend/kind", "\"cumulative\"", "/series/0/dividend/accrual" },
        { "/dividends/preferredBeforeCommon", "false", "/dividends/preferredBeforeCommon" },
        { "/dividends/exceptCommonPaidInCommon", "false", "/dividends/exceptCommonPaidInCommon" },
        { "/conversion/convertedSharesReissuable/value", "true", "/conversion/convertedSharesReissuable/value" },
        { "/conversion/fractionalShares/aggregatePerHolder", "false", "/conversion/fractionalShares/aggregatePerHolder" },
        // A right to redeem is honoured (nvca-2020-style grants one) only with the terms that say how: Juniper's clause alone is refused.
        { "/redemption/redeemable", "true", "/redemption/series" },
        // Session 20: votingTogether false is honoured (each series separately, base preferred-shares); see
        // Charter_HonouredTermsChangeAResult.Terms and VotingTogetherFalse_OnAnotherBase_IsRefusedAtLoad_NamingIt.
        // Pay-to-play into a shadow series is honoured since session 20 (Charter_HonouredTermsChangeAResult).
    };

    /// <summary>
    /// Session 20: terms absent from Juniper, added where the engine does not implement them: arrears on a charter with no
    /// cumulative series, a catch-up ahead of a series that ranks with others, a payment in kind of a non-cumulative
    /// dividend, and a dividend seniority stated on one series only (pointer to add, JSON, the field the refusal names).
    /// </summary>
    public static TheoryData<string, string, string> UnimplementedWhenAdded() => new()
    {
        { "/dividends/arrears", """{ "order": "before-current-period", "clause": "FOURTH §3 (arrears)" }""", "/dividends/arrears" },
        { "/series/0/liquidation/commonCatchUp", """{ "perShare": 0.25, "clause": "FOURTH §4(a) (catch-up)" }""", "/series/0/liquidation/commonCatchUp" },
        { "/series/1/dividend/inKind", """{ "fractions": "round-down-pay-cash", "clause": "FOURTH §3 (in kind)" }""", "/series/1/dividend/inKind" },
        { "/series/1/dividend/seniority", """{ "value": 2, "clause": "FOURTH §3 (seniority)" }""", "/series/0/dividend/seniority" },
    };

    [Theory]
    [MemberData(nameof(UnimplementedWhenAdded))]
    public void ATermAddedWhereTheEngineDoesNotImplementIt_IsRefusedAtLoad_NamingIt(string pointer, string json, string field)
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();
        var (parent, key) = Locate(doc, pointer);
        Assert.Null(parent[key]);
        parent[key] = JsonNode.Parse(json);
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk, $"{pointer} = {json} was accepted");
        Assert.Equal("c" + field, r.Refusal!.Field);
        Assert.NotNull(r.Refusal.Clause);
    }

    [Fact]
    public void PayToPlay_IntoAShadowSeriesItCannotConvertInto_IsRefusedAtLoad_NamingIt()
    {
        // Series A ($2.00) into the Seed ($1.00): a share converts into one share of its shadow, so the Original Issue
        // Prices must be equal (a shadow series that can be honoured is, below).
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("nvca-2020-style"))!.AsObject();
        doc["payToPlay"]!["into"] = "Seed";
        doc["payToPlay"]!["appliesTo"] = JsonNode.Parse("""["A"]""");
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/payToPlay/into", r.Refusal!.Field);
        Assert.Contains("Original Issue Price", r.Refusal.Reason);
        Assert.Equal("Article Fourth, Part B §5.4", r.Refusal.Clause!.Value.Citation);
    }

    [Fact]
    public void VotingTogetherFalse_OnAnotherBase_IsRefusedAtLoad_NamingIt()
    {
        // Each series voting separately is counted on its own shares; on all votes or voting power it is not implemented.
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();
        doc["protectiveProvisions"]![0]!["votingTogether"] = false;
        doc["protectiveProvisions"]![0]!["base"] = "preferred-voting-power";
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/protectiveProvisions/0/base", r.Refusal!.Field);
        Assert.Contains("not implemented", r.Refusal.Reason);
        Assert.Equal("FOURTH §8(a)(i)", r.Refusal.Clause!.Value.Citation);
    }

    [Theory]
    [MemberData(nameof(Unimplemented))]
    public void ATermTheEngineDoesNotImplement_IsRefusedAtLoad_NamingIt(string pointer, string json, string field)
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();
        var (parent, key) = Locate(doc, pointer);
        Assert.NotNull(parent[key]); // the embedded charter states the term: the test flips a real value
        parent[key] = JsonNode.Parse(json);
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk, $"{pointer} = {json} was accepted");
        Assert.Equal("c" + field, r.Refusal!.Field);
        Assert.Contains("not implemented", r.Refusal.Reason);
        Assert.NotNull(r.Refusal.Clause); // cited from the charter in use, not a built-in clause
    }

    [Fact]
    public void TheEmbeddedCharters_StateOnlyImplementedTerms()
    {
        foreach (var id in CharterLoader.EmbeddedIds)
            Assert.True(CharterLoader.Load(CharterLoader.EmbeddedText(id), id).IsOk, id);
    }

    private static (JsonNode Parent, string Key) Locate(JsonNode root, string pointer)
    {
        var parts = pointer.Trim('/').Split('/');
        var node = root;
        foreach (var p in parts[..^1])
            node = int.TryParse(p, out var i) ? node[i]! : node[p] ?? throw new InvalidOperationException($"no {p} in {pointer}");
        return (node, parts[^1]);
    }
}

/// <summary>
/// Issue 12, item 1 (the honoured side, for the terms of FOURTH §4 and §7): each term below, changed on the embedded
/// charter, changes a figure the engine computes from the same ledger — a class's payout at one of five exits, or the
/// votes. A term the engine read and then ignored would leave every figure as it was, and the case would fail.
/// </summary>
public sealed class Charter_HonouredTermsChangeAResult
{
    private static readonly DateOnly Day = new(1999, 1, 1);
    private static readonly decimal[] Exits = [5_000_000m, 20_000_000m, 40_000_000m, 150_000_000m, 1_000_000_000m];

    /// <summary>The session-19 terms, absent from juniper-1999: added one at a time, each changes a figure.</summary>
    private const string PayToPlay = """{ "appliesTo": ["A"], "into": "common", "qualifiedFinancing": { "designation": "board-designation", "clause": "P2P §1" }, "clause": "P2P" }""";
    private const string SeriesVotes = """[ { "series": "A", "converts": "series", "fraction": "1/2", "comparison": "more-than", "clause": "SV" } ]""";
    private const string SeriesProvision = """{ "id": "series-a-adverse", "matter": "adverse to Series A", "series": "A", "action": "adverse-amendment", "base": "preferred-shares", "fraction": "1/2", "comparison": "more-than", "clause": "SP" }""";

    public static TheoryData<string, string> AddedTerms() => new()
    {
        { "/payToPlay", PayToPlay },
        { "/automaticConversion/seriesVotes", SeriesVotes },
        { "/protectiveProvisions/-", SeriesProvision },
    };

    [Theory]
    [MemberData(nameof(AddedTerms))]
    public void AddingTheTerm_ChangesAFigure(string pointer, string json)
    {
        var baseline = Fingerprint(CharterLoader.EmbeddedText("juniper-1999"));
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();
        Set(doc, pointer, json);
        Assert.NotEqual(baseline, Fingerprint(doc.ToJsonString()));
    }

    /// <summary>Juniper with every session-19 term added: the baseline the rows of <see cref="Session19Terms"/> change.</summary>
    private static JsonObject WithSession19Terms()
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();
        foreach (var row in AddedTerms()) Set(doc, (string)row[0], (string)row[1]);
        return doc;
    }

    public static TheoryData<string, string> Session19Terms() => new()
    {
        { "/payToPlay/appliesTo", """["B"]""" },
        { "/automaticConversion/seriesVotes/0/converts", "\"all-preferred\"" },
        { "/automaticConversion/seriesVotes/0/fraction", "\"3/4\"" },
        { "/automaticConversion/seriesVotes/0/series", "\"B\"" },
        { "/protectiveProvisions/3/series", "\"B\"" },
        { "/protectiveProvisions/3/fraction", "\"3/4\"" },
        { "/protectiveProvisions/3/action", "\"merger\"" },
    };

    /// <summary>
    /// Session 20: pay-to-play into a shadow series. Juniper with pay-to-play on Series D, its holders not playing
    /// converting into the common, then (payToPlay.shadowSeries) into D1 share for share (D and D1 have the same Original
    /// Issue Price, $11.03): Angel 4's 150,003 D become common in one, D1 in the other, and the figures differ.
    /// </summary>
    [Fact]
    public void PayToPlay_IntoAShadowSeries_ChangesAFigure()
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();
        Set(doc, "/payToPlay", PayToPlay.Replace("""["A"]""", """["D"]"""));
        var common = Fingerprint(doc.ToJsonString());
        Set(doc, "/payToPlay/shadowSeries", """[ { "series": "D", "shadow": "D1", "clause": "P2P §2" } ]""");
        var shadow = Fingerprint(doc.ToJsonString());
        Assert.NotEqual(common, shadow);
        // Into common: 150,003 × 11.03 ÷ 11.03 = 150,003 common more, D1 unchanged; into D1: no common, D1 450,006 + 150,003.
        Assert.Contains("pay-to-play common=10150003,450004,450004,450004,300001,450004", common);
        Assert.Contains("pay-to-play common=10000000,450004,450004,450004,300001,600007", shadow);
    }

    [Theory]
    [MemberData(nameof(Session19Terms))]
    public void ChangingASession19Term_ChangesAFigure(string pointer, string json)
    {
        var baseline = Fingerprint(WithSession19Terms().ToJsonString());
        var doc = WithSession19Terms();
        Set(doc, pointer, json);
        Assert.NotEqual(baseline, Fingerprint(doc.ToJsonString()));
    }

    private static void Set(JsonObject doc, string pointer, string json)
    {
        var parts = pointer.Trim('/').Split('/');
        JsonNode node = doc;
        foreach (var p in parts[..^1]) node = int.TryParse(p, out var i) ? node[i]! : node[p]!;
        if (parts[^1] == "-") node.AsArray().Add(JsonNode.Parse(json));
        else node[parts[^1]] = JsonNode.Parse(json);
    }

    public static TheoryData<string, string> Terms() => new()
    {
        { "/series/0/liquidation/multiple", "2" },
        { "/series/4/liquidation/seniority", "2" },
        { "/series/0/liquidation/participation", """{ "kind": "full" }""" },
        { "/series/2/liquidation/participation", """{ "kind": "capped", "capMultiple": 2 }""" },
        { "/series/1/initialConversionPrice/value", "1.2" },
        { "/series/1/originalIssuePrice/value", "4.8" },
        { "/voting/commonVotesPerShare", "2" },
        // Session 20: each series voting separately (the approvals list one vote per series).
        { "/protectiveProvisions/0/votingTogether", "false" },
        // Not listed: liquidation/shortfallBasis and voting/midpoint cannot change a figure on this charter's own terms
        // (equal multiples and no declared dividends make both shortfall bases proportional; every conversion ratio
        // here has an odd denominator, so no holder's votes ever end in exactly one half). Their own tests cover them.
    };

    [Theory]
    [MemberData(nameof(Terms))]
    public void ChangingTheTerm_ChangesAFigure(string pointer, string json)
    {
        var baseline = Fingerprint(CharterLoader.EmbeddedText("juniper-1999"));
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();
        var parts = pointer.Trim('/').Split('/');
        JsonNode node = doc;
        foreach (var p in parts[..^1]) node = int.TryParse(p, out var i) ? node[i]! : node[p]!;
        Assert.NotNull(node[parts[^1]]);
        node[parts[^1]] = JsonNode.Parse(json);
        var changed = Fingerprint(doc.ToJsonString());
        Assert.NotEqual(baseline, changed);
    }

    /// <summary>
    /// Session 20: the terms of several classes of common, on the test-local <see cref="TwoCommonClassesCharter"/>; a
    /// row may change several pointers at once ('|'-separated, e.g. two authorized numbers that must add up).
    /// </summary>
    public static TheoryData<string, string> CommonClassTerms() => new()
    {
        { "/additionalCommonClasses/0/votesPerShare/value", "1" },
        { "/common/votesPerShare/value", "3" },
        { "/additionalCommonClasses/0/authorized/value|/common/authorized/value", "1500000|10500000" },
        { "/additionalCommonClasses/0/name", "\"Class F Common Stock\"" },
        { "/series/0/convertsInto/class|/series/1/convertsInto/class", "\"class-b\"|\"class-b\"" },
        { "/protectiveProvisions/1/votingTogether", "true" },
    };

    [Theory]
    [MemberData(nameof(CommonClassTerms))]
    public void ChangingACommonClassTerm_ChangesAFigure(string pointers, string values)
    {
        var text = TwoCommonClassesCharter.Json;
        foreach (var (p, v) in pointers.Split('|').Zip(values.Split('|'))) text = TwoCommonClassesCharter.With(p, v, text);
        Assert.NotEqual(CommonClassFingerprint(TwoCommonClassesCharter.Json), CommonClassFingerprint(text));
    }

    /// <summary>
    /// The figures of the two-class company: refusals while building it, the votes (per class), the merger's approvals,
    /// the waterfall's rows at $5,175,000 and $10,400,000, and whether 1,000,000 more Class B and 6,800,001 more Class A
    /// can be issued (each class's authorized number and §6(i) reservation).
    /// </summary>
    private static string CommonClassFingerprint(string charterJson)
    {
        var refusals = new List<string>();
        var l = TwoCommonClassesCharter.Company(charterJson, refusals);
        var table = l.Table(TwoCommonClassesCharter.Day);
        var charter = table.Charter;
        var figures = new List<string> { "refused: " + string.Join(";", refusals) };
        var votes = Votes.Count(table);
        figures.Add(string.Join(",", votes.Holders.Select(h => $"{h.Name}={h.Total}")) + "|" + string.Join(",", votes.CommonClasses));
        var merger = Charta.Core.Covenants.Approvals.Required(charter, votes, new Charta.Core.Covenants.ProposedAction(Charta.Core.Covenants.Approvals.Merger));
        figures.Add(merger.IsOk ? string.Join(";", merger.Value.Select(r => $"{r.Body}/{r.Series}/{r.Whole}/{r.Needed}")) : "none");
        var model = LiquidationModel.From(table);
        foreach (var exit in new[] { 5_175_000m, 10_400_000m })
            figures.Add(string.Join(",", Waterfall.Solve(model, exit).Ok().Classes.Select(c => $"{c.Id}={c.Total}")));
        foreach (var e in new LedgerEvent[] { new SharesIssued(TwoCommonClassesCharter.Day, "Founder", "class-b", 1_000_000, 0.001m), new SharesIssued(TwoCommonClassesCharter.Day, "Angel", "class-a", 6_800_001, 0.10m) })
            figures.Add(TwoCommonClassesCharter.Company(charterJson, []).TryAdd(e)?.ToString() ?? "ok");
        return string.Join(" | ", figures);
    }

    /// <summary>
    /// Session 20, the dividend order of payment: on Juniper with Series A cumulative (annual, simple, $0.08), each row
    /// changes one term of <see cref="DividendBase"/> (arrears paid first, every series at dividend seniority 1) and a
    /// declaration's payees or the accrual after it move. "null" removes the term.
    /// </summary>
    public static TheoryData<string, string> DividendOrderTerms() => new()
    {
        { "/dividends/arrears", "null" },
        { "/series/2/dividend/seniority/value", "2" },
        { "/series/1/dividend/seniority/value", "2" },
    };

    [Theory]
    [MemberData(nameof(DividendOrderTerms))]
    public void ChangingADividendOrderTerm_ChangesAFigure(string pointer, string json)
    {
        var baseline = DividendFingerprint(DividendBase().ToJsonString());
        var doc = DividendBase();
        if (json == "null") Remove(doc, pointer);
        else Set(doc, pointer, json);
        Assert.NotEqual(baseline, DividendFingerprint(doc.ToJsonString()));
    }

    private static JsonObject DividendBase()
    {
        var doc = JsonNode.Parse(Dividends.Fourth_3_ArrearsBeforeTheCurrentPeriod.Charter())!.AsObject();
        foreach (var s in doc["series"]!.AsArray()) s!["dividend"]!["seniority"] = JsonNode.Parse("""{ "value": 1, "clause": "FOURTH §3 (seniority)" }""");
        return doc;
    }

    /// <summary>
    /// Fund 1,000,000 A (2020-01-01), Alpha 500 B, Beta 2,000 C, Gamma 10,000 common; $120,000 declared with record
    /// date 2022-07-01: each holder's payment, and Series A's accrued and unpaid dividends on 2023-01-01.
    /// </summary>
    private static string DividendFingerprint(string charterJson)
    {
        var d0 = new DateOnly(2019, 12, 1);
        var events = new List<LedgerEvent> { new CompanyCreated(d0, "custom", charterJson, d0) };
        foreach (var h in new[] { "Fund", "Alpha", "Beta", "Gamma" }) events.Add(new StakeholderAdded(d0, h));
        events.Add(new SharesIssued(new DateOnly(2020, 1, 1), "Fund", "A", 1_000_000, 1.00m));
        events.Add(new SharesIssued(d0, "Alpha", "B", 500, 2.40m));
        events.Add(new SharesIssued(d0, "Beta", "C", 2_000, 8.93m));
        events.Add(new SharesIssued(d0, "Gamma", "common", 10_000, 0.01m));
        var record = new DateOnly(2022, 7, 1);
        CapTable Table(DateOnly on) => Fold.Replay(events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)), on);
        var plan = Core.Dividends.DividendAllocation.Allocate(Table(record), 120_000m, record).Ok();
        events.Add(new DividendDeclared(record, "DIV-1", "cash", 120_000m));
        return string.Join(",", plan.Holders.Select(h => $"{h.Name}={h.Total}")) + $" | accrued={Table(new DateOnly(2023, 1, 1)).Accrued("A")!.AccruedUnpaid}";
    }

    /// <summary>
    /// Session 20, the common's catch-up (<c>series[i].liquidation.commonCatchUp</c>): on Juniper with Series A junior
    /// (seniority 1, the others 2) and $0.25 a common share ahead of it, each row changes the term and the payouts of
    /// <see cref="Fingerprint"/> move ("null" removes it).
    /// </summary>
    public static TheoryData<string, string> CatchUpTerms() => new()
    {
        { "/series/0/liquidation/commonCatchUp", "null" },
        { "/series/0/liquidation/commonCatchUp/perShare", "1.5" },
        { "/series/0/liquidation/commonCatchUp", """{ "amount": 2000000, "clause": "FOURTH §4(a) (catch-up)" }""" },
    };

    [Theory]
    [MemberData(nameof(CatchUpTerms))]
    public void ChangingTheCatchUp_ChangesAFigure(string pointer, string json)
    {
        var baseline = Fingerprint(Liquidation.Fourth_4_CommonCatchUp.Charter());
        var doc = JsonNode.Parse(Liquidation.Fourth_4_CommonCatchUp.Charter())!.AsObject();
        if (json == "null") Remove(doc, pointer);
        else Set(doc, pointer, json);
        Assert.NotEqual(baseline, Fingerprint(doc.ToJsonString()));
    }

    private static void Remove(JsonObject doc, string pointer)
    {
        var parts = pointer.Trim('/').Split('/');
        JsonNode node = doc;
        foreach (var p in parts[..^1]) node = int.TryParse(p, out var i) ? node[i]! : node[p]!;
        Assert.True(node.AsObject().Remove(parts[^1]));
    }

    /// <summary>
    /// Session 20, a dividend paid in kind (<c>series[i].dividend.inKind</c>): on Juniper with Series B cumulative and paid
    /// in kind, each row changes the term and the payment's outcome moves ("null" removes it: the payment is refused).
    /// </summary>
    public static TheoryData<string, string> InKindTerms() => new()
    {
        { "/series/1/dividend/inKind", "null" },
        { "/series/1/dividend/inKind/fractions", "\"round-down-carry\"" },
    };

    [Theory]
    [MemberData(nameof(InKindTerms))]
    public void ChangingTheInKindTerm_ChangesAFigure(string pointer, string json)
    {
        var baseline = InKindFingerprint(Dividends.Fourth_3_PaidInKind.Charter());
        var doc = JsonNode.Parse(Dividends.Fourth_3_PaidInKind.Charter())!.AsObject();
        if (json == "null") Remove(doc, pointer);
        else Set(doc, pointer, json);
        Assert.NotEqual(baseline, InKindFingerprint(doc.ToJsonString()));
    }

    /// <summary>The payment in kind of Series B on 2021-01-01 (each holder's shares and cash, or the refusal) and the accrual left.</summary>
    private static string InKindFingerprint(string charterJson)
    {
        var events = Dividends.Fourth_3_PaidInKind.Company(charterJson);
        var existing = events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToArray();
        var d = Fold.TryDecide(existing, [new RecordedEvent(existing.Length + 1, DateTimeOffset.UnixEpoch, new DividendPaidInKind(new DateOnly(2021, 1, 1), "B"))]);
        if (!d.IsOk) return "refused: " + d.Refusal!.Field;
        var pik = (DividendPaidInKind)d.Value.Recorded.Single().Event;
        return string.Join(",", pik.Issued!.Select(i => $"{i.Holder}={i.Shares}+{i.Cash}")) + $" | accrued={d.Value.State.AccruedFor("B", "Angel", new DateOnly(2021, 1, 1))!.AccruedUnpaid}";
    }

    /// <summary>The redemption terms of nvca-2020-style (Part B §6, §7), each changed to another value the format allows.</summary>
    public static TheoryData<string, string> RedemptionTerms() => new()
    {
        { "/redemption/series", """["Seed"]""" },
        { "/redemption/option/yearsAfterOriginalIssueDate", "6" },
        { "/redemption/option/originalIssueDateSeries", "\"Seed\"" },
        { "/redemption/price/basis", "\"original-issue-price\"" },
        { "/redemption/instalments/count", "2" },
        { "/redemption/instalments/intervalMonths", "6" },
        { "/redemption/instalments/firstAfterDays", "30" },
        { "/redemption/redeemedSharesReissuable/value", "true" },
    };

    [Theory]
    [MemberData(nameof(RedemptionTerms))]
    public void ChangingARedemptionTerm_ChangesAFigure(string pointer, string json)
    {
        var baseline = RedemptionFingerprint(CharterLoader.EmbeddedText("nvca-2020-style"));
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("nvca-2020-style"))!.AsObject();
        var parts = pointer.Trim('/').Split('/');
        JsonNode node = doc;
        foreach (var p in parts[..^1]) node = int.TryParse(p, out var i) ? node[i]! : node[p]!;
        Assert.NotNull(node[parts[^1]]);
        node[parts[^1]] = JsonNode.Parse(json);
        Assert.NotEqual(baseline, RedemptionFingerprint(doc.ToJsonString()));
    }

    /// <summary>
    /// The figures of a redemption: Seed issued 2019-01-01 and A 2020-01-01 (A's Original Issue Date), a holder of A
    /// requiring 1 share redeemed on 2024-06-01 and 1,000,000 on 2025-01-01, the company paying each instalment on its Redemption Date; then an
    /// issue of A up to its fixed number. Each step's outcome (the dates, shares and prices, or the refusal) is a figure.
    /// </summary>
    private static string RedemptionFingerprint(string charterJson)
    {
        var d0 = new DateOnly(2019, 1, 1);
        var events = new List<LedgerEvent>
        {
            new CompanyCreated(d0, "custom", charterJson, d0), new StakeholderAdded(d0, "Seed Fund"), new StakeholderAdded(d0, "Fund A"),
            new SharesIssued(d0, "Seed Fund", "Seed", 1_000_000, 1.00m), new SharesIssued(new DateOnly(2020, 1, 1), "Fund A", "A", 2_000_000, 2.00m),
        };
        var figures = new List<string>();
        void Step(LedgerEvent e)
        {
            var r = Fold.TryReplay(events.Append(e).Select((x, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, x)));
            if (!r.IsOk)
            {
                figures.Add("refused: " + r.Refusal);
                return;
            }

            events.Add(e);
            figures.Add(string.Join(";", r.Value.Redemptions.Values.SelectMany(q => q.Paid.Select(p => $"{p.Due}:{p.Shares}:{p.Quote.Amount}").Prepend(q.FirstRedemptionDate.ToString()))));
        }

        // Before A's fifth anniversary (2025-01-01) but after Seed's (2024-01-01): refused unless the date runs from Seed.
        Step(new RedemptionRequested(new DateOnly(2024, 6, 1), "RED-0", "Fund A", "A", 1));
        Step(new RedemptionRequested(new DateOnly(2025, 1, 1), "RED-1", "Fund A", "A", 1_000_000));
        var table = Fold.Replay(events.Select((x, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, x)));
        if (table.Redemptions.TryGetValue("RED-1", out var req))
            for (var k = 1; k <= req.Instalments; k++)
                Step(new RedemptionInstalmentPaid(Core.Redemption.RedemptionRules.ScheduledDate(req, k), "RED-1"));
        Step(new SharesIssued(new DateOnly(2030, 1, 1), "Fund A", "A", 4_000_000, 2.00m));
        return string.Join(" | ", figures);
    }

    /// <summary>
    /// The figures: each class's payout at five exits and the vote totals, on one ledger: every series issued at its
    /// charter's Original Issue Price to two holders (300,001 and 150,003 shares), 10,000,000 common and an option on
    /// 1,000,000 common at $1. The preferences add up to about $15.5M: at $5M (a shortfall, shared in proportion to
    /// Original Issue Price × shares) a seniority moves the figures; at $20M every series still takes its preference, so
    /// a multiple moves the residual; the larger exits move with conversion and participation.
    /// </summary>
    private static string Fingerprint(string charterJson)
    {
        var charter = CharterLoader.Load(charterJson, "c").Ok();
        var events = new List<LedgerEvent> { new CompanyCreated(Day, "custom", charterJson, null) };
        void Issue(string holder, string security, long shares, decimal price)
        {
            if (!events.OfType<StakeholderAdded>().Any(h => h.Name == holder)) events.Add(new StakeholderAdded(Day, holder));
            events.Add(new SharesIssued(Day, holder, security, shares, price));
        }

        Issue("Founder", "common", 10_000_000, 0.01m);
        var k = 0;
        foreach (var s in charter.Series)
        {
            Issue($"Fund {++k}", s.Id, 300_001, s.OriginalIssuePrice.Value);
            Issue($"Angel {k}", s.Id, 150_003, s.OriginalIssuePrice.Value);
        }

        events.Add(new StakeholderAdded(Day, "Employee"));
        events.Add(new InstrumentGranted(Day, "G-1", "Employee", "option", "common", 1_000_000, 1m, null));
        var table = Fold.Replay(events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)));
        var model = LiquidationModel.From(table);
        var figures = new List<string>();
        foreach (var exit in Exits)
        {
            var w = Waterfall.Solve(model, exit).Ok();
            figures.Add(string.Join(",", w.Classes.Select(c => $"{c.Id}={c.Total}")));
        }

        var votes = Votes.Count(table);
        figures.Add($"votes={votes.CommonVotes}/{votes.PreferredVotes}/{string.Join(",", votes.Holders.Select(h => h.Total))}");

        // Session 19: a pay-to-play financing (each Fund plays, each Angel buys nothing), a vote of 2/3 of the first
        // series alone to convert, and the approvals each protected action needs.
        string After(LedgerEvent e) => Fold.Evolve(table, new RecordedEvent(events.Count + 1, DateTimeOffset.UnixEpoch, e)) is { IsOk: true } r
            ? $"common={r.Value.Outstanding(charter.Common.Id)},{string.Join(",", charter.Series.Select(s => r.Value.Outstanding(s.Id)))}"
            : "refused:" + Fold.Evolve(table, new RecordedEvent(events.Count + 1, DateTimeOffset.UnixEpoch, e)).Refusal!.Field;
        var subject = charter.PayToPlay?.AppliesTo ?? [charter.Series[0].Id];
        var takeup = subject.SelectMany(id => new[] { (Name: $"Fund {charter.Series.ToList().FindIndex(s => s.Id == id) + 1}", Plays: true), (Name: $"Angel {charter.Series.ToList().FindIndex(s => s.Id == id) + 1}", Plays: false) })
            .Select(h => new ProRataTakeup(h.Name, 10, h.Plays ? 10 : 0)).ToArray();
        figures.Add("pay-to-play " + After(new QualifiedFinancingClosed(Day, "Next round", "Board", takeup, 1m)));
        figures.Add("series-vote " + After(new SeriesConversionVoted(Day, charter.Series[0].Id, 300_001, "Written consent", 1m)));
        foreach (var action in new[] { Charta.Core.Covenants.Approvals.AdverseAmendment, Charta.Core.Covenants.Approvals.Merger, Charta.Core.Covenants.Approvals.IssueSeniorSecurity })
        {
            var required = Charta.Core.Covenants.Approvals.Required(charter, votes, new Charta.Core.Covenants.ProposedAction(action));
            figures.Add($"{action}: " + (required.IsOk ? string.Join(";", required.Value.Select(r => $"{r.Clause}/{r.Series}/{r.Whole}/{r.Needed}")) : "none"));
        }

        return string.Join(" | ", figures);
    }
}
