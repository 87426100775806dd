using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Money;
using CsCheck;
using static Charta.Core.Tests.Ledger.TestLedger;

namespace Charta.Core.Tests.Ledger;

/// <summary>
/// Property tests over random command sequences on every embedded charter: whatever the fold accepts keeps the
/// authorized-share, reservation and bookkeeping invariants; whatever it refuses leaves the ledger as it was.
/// </summary>
public class LedgerInvariantProperties
{
    internal static readonly string[] Holders = ["h0", "h1", "h2", "h3"];

    // One random command: (kind, holder, other holder, class, quantity, day offset)
    internal static readonly Gen<(int Kind, int H, int H2, int Cls, long Qty, int Day)> Command =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 5], Gen.Long[-5, 30_000_000], Gen.Int[0, 2000]);

    internal static LedgerEvent ToEvent(string[] classes, (int Kind, int H, int H2, int Cls, long Qty, int Day) c, int grantCount)
    {
        var cls = classes[c.Cls % classes.Length];
        var series = classes[1 + c.Cls % (classes.Length - 1)];
        var day = D("1996-03-01").AddDays(c.Day);
        var qty = c.Qty % 7 == 0 ? c.Qty : c.Qty / (1 + c.Day % 1000); // mix of huge and small quantities
        return c.Kind switch
        {
            0 or 1 => new SharesIssued(day, Holders[c.H], cls, qty, 0.5m),
            2 => new InstrumentGranted(day, $"G-{grantCount + 1}", Holders[c.H], "option", "common", qty, 0.25m, day.AddYears(5), 0m, "employee-plan", "Board"),
            3 => new InstrumentExercised(day, $"G-{1 + c.H2 % Math.Max(1, grantCount)}", qty % 10_000),
            4 => new SharesTransferred(day, Holders[c.H], Holders[c.H2], cls, qty % 1_000_000),
            5 => new PreferredConverted(day, Holders[c.H], [new ConvertedLot(series, qty % 2_000_000)], 0.1m),
            _ => new StockSplit(day, 1 + c.H, 1 + c.H2),
        };
    }

    private static void AssertInvariants(CapTable t)
    {
        var c = t.Charter;
        foreach (var cls in c.ClassIds)
        {
            var sum = t.Positions.Where(p => p.Key.Security == cls).Sum(p => p.Value);
            Assert.Equal(t.Outstanding(cls), sum);
            Assert.All(t.Positions.Where(p => p.Key.Security == cls), p => Assert.True(p.Value > 0));
        }

        long preferred = 0;
        foreach (var s in c.Series)
        {
            var used = t.Outstanding(s.Id) + t.RetiredByConversion.GetValueOrDefault(s.Id);
            Assert.True(used <= s.FixedShares.Value, $"{s.FixedShares.Clause}: {s.Id} {used} > {s.FixedShares.Value}");
            preferred += used;
        }

        Assert.True(preferred <= c.Authorized.Preferred.Value);
        var common = t.Outstanding(c.Common.Id);
        Assert.True(common <= c.Authorized.Common.Value);
        // §6(i): unissued common covers every preferred share (as converted, per series, rounded down) and every instrument.
        var reserve = c.Series.Sum(s => Rounding.RoundDownToWholeShares(t.Outstanding(s.Id) * s.OriginalIssuePrice.Value / t.ConversionPrice(s.Id)))
                      + t.OutstandingInstruments.Sum(i => i.Outstanding);
        var exactReserve = c.Series.Sum(s => t.ExactConversionPrice(s.Id).WholeSharesFor(t.Outstanding(s.Id) * s.OriginalIssuePrice.Value))
                      + t.OutstandingInstruments.Sum(i => i.Outstanding);
        Assert.True(common + exactReserve <= c.Authorized.Common.Value, $"§6(i) exact: {common} + {exactReserve} > {c.Authorized.Common.Value}");
        Assert.True(common + reserve <= c.Authorized.Common.Value, $"§6(i): {common} + {reserve} > {c.Authorized.Common.Value}");
        Assert.All(t.Instruments.Values, i => Assert.True(i.Outstanding >= 0));
    }

    [Theory]
    [MemberData(nameof(Charter.EmbeddedCharters.Ids), MemberType = typeof(Charter.EmbeddedCharters))]
    public void AcceptedLedgers_KeepTheInvariants_RefusedCommandsChangeNothing(string charter)
    {
        var classes = CharterLoader.LoadEmbedded(charter).ClassIds.ToArray();
        Command.Array[1, 40].Sample(commands =>
        {
            var l = Embedded(charter, null, Holders);
            var grants = 0;
            foreach (var cmd in commands)
            {
                var before = l.Events.Count;
                var e = ToEvent(classes, cmd, grants);
                var refusal = l.TryAdd(e);
                if (refusal is null)
                {
                    if (e is InstrumentGranted) grants++;
                    AssertInvariants(l.Table());
                }
                else
                {
                    Assert.Equal(before, l.Events.Count);
                    Assert.False(string.IsNullOrWhiteSpace(refusal.Field));
                    Assert.False(string.IsNullOrWhiteSpace(refusal.Reason));
                }
            }

            // The fold is deterministic, and folding as of the last date equals folding everything.
            var last = l.Events.Where(r => !r.Event.IsRegistry).Select(r => r.Date).DefaultIfEmpty(D("1996-03-01")).Max();
            var a = l.Table();
            var b = l.Table(last);
            Assert.Equal(a.Positions.OrderBy(p => p.Key).ToList(), b.Positions.OrderBy(p => p.Key).ToList());
            Assert.Equal(a.ConversionPrices.OrderBy(p => p.Key).ToList(), b.ConversionPrices.OrderBy(p => p.Key).ToList());
        }, iter: 150);
    }

    [Theory]
    [MemberData(nameof(Charter.EmbeddedCharters.Ids), MemberType = typeof(Charter.EmbeddedCharters))]
    public void Decide_AgreesWithTheFoldStep_AndEvolveDecidedGivesTheSameState(string charter)
    {
        // Decide alone refuses exactly what the fold step (decide, then evolve) refuses, with the same refusal; an
        // allowed event evolved without re-deciding gives the same positions, prices and instruments.
        var classes = CharterLoader.LoadEmbedded(charter).ClassIds.ToArray();
        Command.Array[1, 40].Sample(commands =>
        {
            var state = Embedded(charter, null, Holders).Table();
            var grants = 0;
            var sequence = 1_000L;
            foreach (var cmd in commands)
            {
                var e = new RecordedEvent(sequence++, DateTimeOffset.UnixEpoch, ToEvent(classes, cmd, grants));
                var positionsBefore = state.Positions.OrderBy(p => p.Key).ToList();
                var historyBefore = state.ConversionPriceHistory.Count;
                var decided = Fold.Decide(state, e);
                // Deciding (even a split's or an offering's look-ahead) leaves the given state as it was.
                Assert.Equal(positionsBefore, state.Positions.OrderBy(p => p.Key).ToList());
                Assert.Equal(historyBefore, state.ConversionPriceHistory.Count);
                var step = Fold.Evolve(state, e);
                Assert.Equal(step.Refusal, decided);
                if (decided is not null) continue;
                if (e.Event is InstrumentGranted) grants++;
                var evolved = Fold.EvolveDecided(state, e);
                Assert.Equal(step.Value.Positions.OrderBy(p => p.Key).ToList(), evolved.Positions.OrderBy(p => p.Key).ToList());
                Assert.Equal(step.Value.ConversionPrices.OrderBy(p => p.Key).ToList(), evolved.ConversionPrices.OrderBy(p => p.Key).ToList());
                Assert.Equal(step.Value.Instruments.OrderBy(p => p.Key).ToList(), evolved.Instruments.OrderBy(p => p.Key).ToList());
                state = evolved;
            }
        }, iter: 100);
    }
}
