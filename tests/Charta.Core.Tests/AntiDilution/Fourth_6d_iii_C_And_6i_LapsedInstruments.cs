using Charta.Core.Ledger;

namespace Charta.Core.Tests.AntiDilution;

/// <summary>
/// One expiry rule everywhere (docs/interpretations.md, "Expired instruments"): an option past its expiry date without
/// an expiry recorded is not outstanding at a decision dated after it. The decision records its expiry, dated the expiry
/// date, so the FOURTH §6(d)(iii)(C) readjustment and the §6(i) reservation run on it as on an expiry recorded by hand.
/// W-1: a warrant over 1,000,000 common at $1.00 granted 2000-06-01, expiring 2005-06-01; A = 10,000,000 before it
/// (<see cref="Company"/>), so the grant takes D from 11.03 to 10.12 (<see cref="Fourth_6d_iii_DeemedIssue"/>).
/// </summary>
public class Fourth_6d_iii_C_And_6i_LapsedInstruments
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Expiry = new(2005, 6, 1);
    private static readonly DateOnly AfterExpiry = new(2005, 7, 1);

    private sealed class Ledger(IEnumerable<RecordedEvent> start)
    {
        public List<RecordedEvent> Events { get; } = [.. start];

        public Result<Decision> Record(params LedgerEvent[] e)
        {
            var d = Fold.TryDecide(Events, [.. e.Select((x, i) => new RecordedEvent(Events.Count + 1 + i, At, x))]);
            if (d.IsOk) Events.AddRange(d.Value.Recorded);
            return d;
        }

        public Decision Ok(params LedgerEvent[] e)
        {
            var d = Record(e);
            Assert.True(d.IsOk, $"refused: {d.Refusal}");
            return d.Value;
        }
    }

    private static Ledger Granted()
    {
        var l = new Ledger(Company.Juniper().Recorded());
        l.Ok(new InstrumentGranted(new DateOnly(2000, 6, 1), "W-1", "Optionee", "warrant", "common", 1_000_000, 1.00m, Expiry));
        return l;
    }

    private static PreferredConverted ConvertD(DateOnly on) => new(on, "D holders", [new ConvertedLot("D", 500_000)], 11.03m);

    [Fact]
    public void Fourth_6d_iii_C_ALapseWithoutAnExpiry_ReadjustsAtTheNextDecision_AsAnExpiryDatedItsExpiryDate()
    {
        // The conversion on 2005-07-01 records W-1's expiry dated 2005-06-01 with it. Nothing was issued under W-1 and
        // nothing received, so (C) recomputes the grant's adjustment with C = 0: D = (11.03 × 10,000,000 + 0) ÷
        // 10,000,000 = 11.03 (and C 3.97, B 1.07), before the conversion: 500,000 D × 11.03 ÷ 11.03 = 500,000 common.
        var l = Granted();
        var d = l.Ok(ConvertD(AfterExpiry));
        var lapse = Assert.Single(d.Recorded, r => r.Event is InstrumentExpired);
        Assert.Equal(new InstrumentExpired(Expiry, "W-1"), lapse.Event);
        Assert.Equal(500_000, Assert.IsType<PreferredConverted>(d.Recorded[0].Event).CommonIssued);
        Assert.Equal(0m, ((PreferredConverted)d.Recorded[0].Event).CashForFraction);
        var t = d.State;
        Assert.Equal(11.03m, t.ConversionPrice("D1"));
        Assert.Equal(3.97m, t.ConversionPrice("C"));
        Assert.Equal(1.07m, t.ConversionPrice("B"));
        var h = t.ConversionPriceHistory.Last(x => x.Series == "D1");
        Assert.Equal((Expiry, 10.12m, 11.03m, "FOURTH §6(d)(iii)(C)"), (h.Date, h.From, h.To, h.Clause));
        Assert.Equal(0, t.Instruments["W-1"].Outstanding);
        Assert.Equal(1_000_000, t.Instruments["W-1"].Expired);
        // The same as recording the expiry by hand on its expiry date, then converting.
        var byHand = Granted();
        byHand.Ok(new InstrumentExpired(Expiry, "W-1"));
        Assert.Equal(500_000, Assert.IsType<PreferredConverted>(byHand.Ok(ConvertD(AfterExpiry)).Recorded.Single().Event).CommonIssued);
    }

    [Fact]
    public void Fourth_6d_iii_C_OnTheExpiryDateItself_TheWarrantIsStillOutstanding()
    {
        // Not exercisable "after" 2005-06-01: on that day it is, so nothing lapses and D stays 10.12:
        // 500,000 × 11.03 ÷ 10.12 = 5,515,000 ÷ 10.12 = 544,960.47… → 544,960 common.
        var d = Granted().Ok(ConvertD(Expiry));
        Assert.Single(d.Recorded);
        Assert.Equal(544_960, Assert.IsType<PreferredConverted>(d.Recorded[0].Event).CommonIssued);
        Assert.Equal(1_000_000, d.State.Instruments["W-1"].Outstanding);
    }

    [Fact]
    public void Fourth_6i_ALapsedWarrant_ReservesNoCommon_AtAnIssueAfterItsExpiry()
    {
        // Authorized common 71,000,000; outstanding 2,707,000. After the lapse the prices are back (11.03 / 8.93→3.97 …),
        // and §6(i) reserves the preferred as converted: 2,500,000 + 2,400,000 + 893,000 + 500,000 + 1,000,000 =
        // 7,293,000, and nothing for W-1. So 71,000,000 − 2,707,000 − 7,293,000 = 61,000,000 common can be issued
        // (at $20, above every conversion price: no adjustment), and not one more.
        var issue = new SharesIssued(AfterExpiry, "Newco", "common", 61_000_000, 20m);
        var d = Granted().Ok(issue);
        Assert.Equal(new InstrumentExpired(Expiry, "W-1"), d.Recorded[^1].Event);
        Assert.Equal(63_707_000, d.State.Outstanding("common"));
        var over = Granted().Record(issue with { Shares = 61_000_001 });
        Assert.Contains("1 shares short", over.Refusal!.Reason);
        Assert.Equal("FOURTH §6(i)", over.Refusal.Clause?.Citation);
    }

    [Fact]
    public void Fourth_6i_OnTheExpiryDate_TheWarrantStillReservesItsCommon()
    {
        // On 2005-06-01 W-1 is outstanding: 1,000,000 for it, and the preferred at the prices its grant set:
        //   A 1,100,000 × 1.00 ÷ 0.44 = 2,500,000; B 2,568,000 ÷ 1.06 = 2,422,641.5… → 2,422,641;
        //   C 3,545,210 ÷ 3.70 = 958,164.8… → 958,164; D 5,515,000 ÷ 10.12 → 544,960; D1 11,030,000 ÷ 10.12 → 1,089,920;
        //   reserve 8,515,685 against 7,293,000 unissued: 1,222,685 shares short.
        var r = Granted().Record(new SharesIssued(Expiry, "Newco", "common", 61_000_000, 20m));
        Assert.Contains("against 8,515,685 needed", r.Refusal!.Reason);
        Assert.Contains("1,222,685 shares short", r.Refusal.Reason);
    }

    [Fact]
    public void Fourth_6d_iii_C_ALedgerRecordedBeforeTheRule_KeepsItsStoredOutcomes_TheLapseDatedItsLatestEvent()
    {
        // A conversion recorded on 2005-07-01 while W-1 still counted (D at 10.12: 544,960 common delivered). The next
        // decision records W-1's expiry dated 2005-07-01, the latest date recorded, after that conversion: the common
        // delivered stays 544,960, and the (C) readjustment (D back to 11.03) applies from then on.
        var old = Granted();
        var conversion = old.Ok(ConvertD(AfterExpiry), new InstrumentExpired(new DateOnly(2005, 8, 1), "W-1")).Recorded[0];
        var l = new Ledger(old.Events.Where(e => e.Event is not InstrumentExpired));
        Assert.Equal(544_960, ((PreferredConverted)conversion.Event).CommonIssued);

        var d = l.Ok(new SharesIssued(new DateOnly(2005, 8, 1), "Newco", "common", 1, 20m));
        Assert.Equal(new InstrumentExpired(AfterExpiry, "W-1"), d.Recorded[^1].Event);
        Assert.Empty(d.State.ChangedOutcomes);
        Assert.Equal(544_960, d.State.SharesHeld("D holders", "common"));
        Assert.Equal(11.03m, d.State.ConversionPrice("D1"));
    }

    [Fact]
    public void Fourth_6d_iii_C_ACopyOfALedgerRecordedBeforeTheRule_DecidedAtOnce_KeepsItsStoredOutcomes()
    {
        // The ledger of the test above, imported as one batch (as 'import ocf' records it): dated 2005-06-01 the expiry
        // would take the stored 544,960 common to 500,000, so it is dated after the latest event (2005-07-01) instead.
        var old = Granted();
        old.Ok(ConvertD(AfterExpiry), new InstrumentExpired(new DateOnly(2005, 8, 1), "W-1"));
        var batch = old.Events.Where(e => e.Event is not InstrumentExpired).ToList();
        var d = Fold.TryDecide([], batch);
        Assert.True(d.IsOk, d.Refusal?.ToString());
        Assert.Equal(new InstrumentExpired(AfterExpiry, "W-1"), d.Value.Recorded[^1].Event);
        Assert.Empty(d.Value.State.ChangedOutcomes);
        Assert.Equal(544_960, d.Value.State.SharesHeld("D holders", "common"));
    }

    [Fact]
    public void AnExpiryRecordedByHand_IsNotRecordedTwice()
    {
        var d = Granted().Ok(new InstrumentExpired(new DateOnly(2005, 6, 15), "W-1"), new SharesIssued(AfterExpiry, "Newco", "common", 1, 20m));
        Assert.Single(d.Recorded, r => r.Event is InstrumentExpired);
    }
}
