using Charta.Core.Ledger;
using Charta.Core.Tests.AntiDilution;
using Charta.Core.Tests.Governance;

namespace Charta.Core.Tests.Ledger;

/// <summary>
/// Outcomes of actions are facts stored in the event (FOURTH §6(a), §6(g)(i), §3): a back-dated event that would
/// change one is refused, naming the later event, or restated with an explicit correction; the fact itself never moves.
/// </summary>
public class Ledger_StoredOutcomes
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly ConversionDay = new(2000, 6, 1);
    private static readonly DateOnly BackDated = new(2000, 4, 1);

    /// <summary>A ledger that records through <see cref="Fold.TryDecide"/>, as the store does.</summary>
    private sealed class Ledger(IEnumerable<RecordedEvent> start)
    {
        public List<RecordedEvent> Events { get; } = [.. start];

        public Result<Decision> Record(LedgerEvent e, bool restate = false)
        {
            var d = Fold.TryDecide(Events, [new RecordedEvent(Events.Count + 1, At, e)], restate);
            if (d.IsOk) Events.AddRange(d.Value.Recorded);
            return d;
        }

        public Decision Ok(LedgerEvent e, bool restate = false)
        {
            var d = Record(e, restate);
            Assert.True(d.IsOk, $"refused: {d.Refusal}");
            return d.Value;
        }

        public CapTable Table() => Fold.Replay(Events);
    }

    // The Company fixture has 15 events (company, 8 holders, 6 issues); A is 10,000,000 after the D1 closing on
    // 2000-03-01 and Series A converts at 0.44 (OIP 1.00).
    private static Ledger Juniper() => new(Company.Juniper().Recorded());

    // 1,000,000 common at $0.22 on 2000-04-01 (after the Original Issue Date): FOURTH §6(d)(iv) moves A's price to
    //   (0.44 × 10,000,000 + 1,000,000 × 0.22) ÷ (10,000,000 + 1,000,000) = 4,620,000 ÷ 11,000,000 = 0.42.
    private static SharesIssued CheapCommon => new(BackDated, "Newco", "common", 1_000_000, 0.22m);

    [Fact]
    public void AVoluntaryConversion_StoresTheCommonIssued_AndTheCashForTheFraction()
    {
        // 100,000 A × 1.00 ÷ 0.44 = 227,272.7272…: 227,272 common; 0.727272… × $5.00 = $3.636… → $3.64 (FOURTH §6(g)(i)).
        var l = Juniper();
        var d = l.Ok(new PreferredConverted(ConversionDay, "A holders", [new ConvertedLot("A", 100_000)], 5.00m));
        var stored = Assert.IsType<PreferredConverted>(d.Recorded.Single().Event);
        Assert.Equal(227_272, stored.CommonIssued);
        Assert.Equal(3.64m, stored.CashForFraction);
        Assert.Equal(227_272, l.Table().SharesHeld("A holders", "common"));
    }

    [Fact]
    public void ABackDatedIssue_ThatWouldChangeAStoredConversion_IsRefused_NamingTheConversion()
    {
        var l = Juniper();
        l.Ok(new PreferredConverted(ConversionDay, "A holders", [new ConvertedLot("A", 100_000)], 5.00m));   // event 16
        // At 0.42 the conversion would give 100,000 ÷ 0.42 = 238,095.238…: 238,095 common, 0.238… × $5 = $1.19.
        var r = l.Record(CheapCommon);
        Assert.False(r.IsOk);
        Assert.Equal("date = 2000-04-01: would change event 16 (preferred-converted, 2000-06-01): common issued to A holders 227,272 → 238,095, "
                     + "cash for A holders's fraction $3.64 → $1.19; record it with --restate to add a correction", r.Refusal!.ToString());
        Assert.Equal(16, l.Events.Count);
        Assert.Equal(227_272, l.Table().SharesHeld("A holders", "common"));
    }

    [Fact]
    public void Restating_RecordsTheBackDatedIssue_WithACorrectionOfTheRightSize_AndTheConversionKeepsItsCommon()
    {
        var l = Juniper();
        l.Ok(new PreferredConverted(ConversionDay, "A holders", [new ConvertedLot("A", 100_000)], 5.00m));   // event 16
        var d = l.Ok(CheapCommon, restate: true);                                                               // 17 and 18
        // The holder is owed 238,095 − 227,272 = 10,823 more common, and $1.19 − $3.64 = −$2.45 of fraction cash.
        var correction = Assert.IsType<ConversionCorrected>(d.Recorded[1].Event);
        Assert.Equal(18, d.Recorded[1].Sequence);
        Assert.Equal((16L, "A holders", 10_823L, -2.45m, ConversionDay), (correction.Event, correction.Holder, correction.AdditionalCommon, correction.CashAdjustment, correction.Date));
        var t = l.Table();
        Assert.Equal(227_272, Assert.IsType<PreferredConverted>(l.Events[15].Event).CommonIssued);   // the fact stands
        Assert.Equal(227_272 + 10_823, t.SharesHeld("A holders", "common"));
        Assert.Empty(t.ChangedOutcomes);
    }

    [Fact]
    public void AV1Conversion_HasNoStoredOutcome_AndIsDerivedAsBefore()
    {
        // Recorded before v2 (no CommonIssued): the back-dated issue is accepted and the conversion re-derived, 238,095.
        var l = new Ledger(Company.Juniper().Add(new PreferredConverted(ConversionDay, "A holders", [new ConvertedLot("A", 100_000)], 5.00m)).Recorded());
        l.Ok(CheapCommon);
        Assert.Equal(238_095, l.Table().SharesHeld("A holders", "common"));
        Assert.True(EventCatalog.IsUpcast("preferred-converted", 1));
        Assert.Equal(("preferred-converted", 2), EventCatalog.NameOf(typeof(PreferredConverted)));
    }

    [Fact]
    public void AnAutomaticConversion_StoresEachHoldersCommon_AndABackDatedChangeNamesIt()
    {
        // FOURTH §6(a)(ii)(b): 2,711,334 of the 4,067,000 preferred vote. A holders: 1,100,000 ÷ 0.44 = 2,500,000 exactly.
        var l = Juniper();
        var d = l.Ok(new PreferredConversionVoted(ConversionDay, 2_711_334, "Written consent", 5m));             // event 16
        var stored = Assert.IsType<PreferredConversionVoted>(d.Recorded.Single().Event).Conversions!;
        Assert.Equal(new HolderConversion("A holders", 2_500_000, 0m), stored.Single(c => c.Holder == "A holders"));
        // At 0.42: 1,100,000 ÷ 0.42 = 2,619,047.619…: 2,619,047 common.
        var r = l.Record(CheapCommon);
        Assert.Contains("would change event 16 (preferred-conversion-voted, 2000-06-01): common issued to A holders 2,500,000 → 2,619,047", r.Refusal!.Reason);
    }

    [Fact]
    public void AnIpo_StoresTheSharesSoldToThePublic_AndRefusesWithoutThem()
    {
        var l = Juniper();
        var none = l.Record(new PublicOfferingClosed(ConversionDay, 34m, 68_000_000m));
        Assert.Equal("shares", none.Refusal!.Field);
        var unregistered = l.Record(new PublicOfferingClosed(ConversionDay, 34m, 68_000_000m, SharesSold: 2_000_000));
        Assert.Equal("public-holder", unregistered.Refusal!.Field);
        l.Ok(new StakeholderAdded(ConversionDay, PublicOfferingClosed.DefaultPublicHolder, "public"));
        // 68,000,000 ÷ 34 = 2,000,000 common sold, held by the offering's registry holder.
        var common = l.Table().Outstanding("common");
        var d = l.Ok(new PublicOfferingClosed(ConversionDay, 34m, 68_000_000m, SharesSold: 2_000_000));
        var ipo = Assert.IsType<PublicOfferingClosed>(d.Recorded.Single().Event);
        Assert.Equal(PublicOfferingClosed.DefaultPublicHolder, ipo.PublicHolder);
        Assert.NotNull(ipo.Conversions);
        var t = l.Table();
        Assert.Equal(2_000_000, t.SharesHeld(PublicOfferingClosed.DefaultPublicHolder, "common"));
        Assert.Equal(common + 2_000_000 + ipo.Conversions!.Sum(c => c.CommonIssued), t.Outstanding("common"));
    }

    [Fact]
    public void ADividend_StoresEachPayeesCents_AndABackDatedIssueThatWouldTakeSomeBack_CannotBeRestated()
    {
        // 100 D + 300 common, $95 (FOURTH §3): D's preference 0.55 × 100 = $55; the $40 excess over 400 as-converted
        // shares is $0.10 each: Delta 55 + 10 = $65, Gamma $30.
        var start = new GovernanceLedger().Issue("Delta", "D", 100).Issue("Gamma", "common", 300).Holder("Eve");
        var l = new Ledger(start.Recorded());
        var record = new DateOnly(1999, 6, 1);
        var d = l.Ok(new DividendDeclared(record, "DIV-1", "cash", 95.00m));                                  // event 7
        var payees = Assert.IsType<DividendDeclared>(d.Recorded.Single().Event).Payees!;
        Assert.Equal([new DividendPayee("Delta", 65.00m), new DividendPayee("Gamma", 30.00m)], payees.OrderBy(p => p.Holder, StringComparer.Ordinal));
        // 100 common to Eve on 1999-05-01: the excess is $40 ÷ 500 = $0.08: Delta 55 + 8 = $63, Gamma $24, Eve $8.
        var issue = new SharesIssued(new DateOnly(1999, 5, 1), "Eve", "common", 100, 20m);
        var refused = l.Record(issue);
        Assert.Contains("would change event 7 (dividend-declared, 1999-06-01): Delta's dividend $65.00 → $63.00", refused.Refusal!.Reason);
        var restate = l.Record(issue, restate: true);
        Assert.Contains("a correction would claw", restate.Refusal!.Reason);
        Assert.Contains("void event 7 instead", restate.Refusal.Reason);
    }

    [Fact]
    public void AVoidedEvent_NoLongerFolds_AndAVoidIsRefusedWhileALaterEventDependsOnIt()
    {
        var l = Juniper();
        l.Ok(new SharesIssued(new DateOnly(2000, 5, 1), "Optionee", "common", 1_000, 20m));                  // 16
        l.Ok(new SharesTransferred(new DateOnly(2000, 5, 2), "Optionee", "Newco", "common", 400));          // 17
        var refused = l.Record(new EventVoided(new DateOnly(2026, 11, 25), 16, "entered twice"));
        Assert.Equal("event = 16: voiding it would make event 17 (shares-transferred, 2000-05-02) invalid: shares = 400: Optionee holds only 0 shares of Common Stock on 2000-05-02",
            refused.Refusal!.ToString());
        l.Ok(new EventVoided(new DateOnly(2026, 11, 25), 17, "wrong holder"));
        l.Ok(new EventVoided(new DateOnly(2026, 11, 25), 16, "entered twice"));
        Assert.Equal(0, l.Table().SharesHeld("Optionee", "common"));
        Assert.Equal("is already voided", l.Record(new EventVoided(new DateOnly(2026, 11, 25), 16, "again")).Refusal!.Reason);
    }
}
