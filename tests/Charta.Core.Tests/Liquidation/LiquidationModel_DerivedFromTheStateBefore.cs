using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using Charta.Core.Tests.Ledger;
using CsCheck;
using static Charta.Core.Tests.Ledger.TestLedger;

namespace Charta.Core.Tests.Liquidation;

/// <summary>
/// A model of a table evolved from another, given that table's model, reuses the holdings of the holders the events did
/// not touch (a server's write: LiquidationModel.From(table, reading, evolvedFrom)). Whatever the events, it is the model
/// built from the table alone: the same holdings in the same order (each as converted under §6(g)(i)), the same payees
/// and the same waterfall.
/// </summary>
public class LiquidationModel_DerivedFromTheStateBefore
{
    private static void AssertSameModel(LiquidationModel expected, LiquidationModel actual)
    {
        Assert.Equal(expected.Holdings, actual.Holdings); // records: holder, class, shares, as converted, exact
        Assert.Equal(expected.Payees, actual.Payees);
        Assert.Equal(expected.HoldingPayee, actual.HoldingPayee);
        Assert.Equal(expected.HoldingCommonEquivalent, actual.HoldingCommonEquivalent);
    }

    [Theory]
    [MemberData(nameof(Charter.EmbeddedCharters.Ids), MemberType = typeof(Charter.EmbeddedCharters))]
    public void Fourth_4_DerivedModel_IsTheModelOfTheTable(string charter)
    {
        var classes = CharterLoader.LoadEmbedded(charter).ClassIds.ToArray();
        // The bool: whether the model of this table is built (else the last one built is kept for a later table).
        LedgerInvariantProperties.Command.Select(Gen.Bool).Array[1, 40].Sample(commands =>
        {
            var state = Embedded(charter, null, LedgerInvariantProperties.Holders).Table();
            LiquidationModel? model = null;
            var grants = 0;
            var sequence = 1_000L;
            foreach (var (cmd, built) in commands)
            {
                if (built)
                {
                    model = LiquidationModel.From(state, null, model);
                    AssertSameModel(LiquidationModel.From(new CapTable(state.State, state.AsOf)), model);
                }
                // Else the model kept is of a table some steps back: derived through the tables between (a server's
                // writes decided one after another before a reader asked), or, further back, built from the table alone.

                var e = new RecordedEvent(sequence++, DateTimeOffset.UnixEpoch, LedgerInvariantProperties.ToEvent(classes, cmd, grants));
                if (Fold.Decide(state, e) is not null) continue;
                if (e.Event is InstrumentGranted) grants++;
                state = Fold.EvolveDecided(state, e);
            }

            var last = LiquidationModel.From(state, null, model);
            AssertSameModel(LiquidationModel.From(new CapTable(state.State, state.AsOf)), last);
            // The same waterfall (or the same refusal: an exit above every preference with nothing to take the rest).
            var expected = Waterfall.Solve(LiquidationModel.From(new CapTable(state.State, state.AsOf)), 50_000_000m);
            var actual = Waterfall.Solve(last, 50_000_000m);
            Assert.Equal(expected.Refusal, actual.Refusal);
            if (expected.IsOk) Assert.Equal(expected.Value.Holders, actual.Value.Holders);
        }, iter: 100);
    }

    [Fact]
    public void Fourth_4_TheUntouchedHoldings_AreReused()
    {
        // h0 and h1 hold 1,000 common each; an issue of 500 to h1 leaves h0's holding the same object and gives h1 one
        // holding of 1,500.
        var l = Embedded(CharterLoader.DefaultCharterId, null, ["h0", "h1"]);
        Assert.Null(l.TryAdd(new SharesIssued(D("1996-03-01"), "h0", "common", 1_000, 0.5m)));
        Assert.Null(l.TryAdd(new SharesIssued(D("1996-03-01"), "h1", "common", 1_000, 0.5m)));
        var before = l.Table();
        var m0 = LiquidationModel.From(before);
        var after = Fold.EvolveDecided(before, new RecordedEvent(9_999, DateTimeOffset.UnixEpoch, new SharesIssued(D("1996-03-02"), "h1", "common", 500, 0.5m)));
        var m1 = LiquidationModel.From(after, null, m0);
        Assert.Same(m0.Holdings.Single(h => h.Holder == "h0"), m1.Holdings.Single(h => h.Holder == "h0"));
        Assert.Equal(1_500, m1.Holdings.Single(h => h.Holder == "h1").Shares);
        // A model given that is not of the table before is not used: the model of the table alone.
        var m2 = LiquidationModel.From(after, null, LiquidationModel.From(l.Table()));
        Assert.Equal(1_500, m2.Holdings.Single(h => h.Holder == "h1").Shares);
    }
}
