using Charta.Core.Dividends;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;

namespace Charta.Core.Tests.Charter;

/// <summary>
/// Issue 12 ("each term with its clause citation"): on every embedded charter, each figure of a down round, an
/// option's deemed issue and expiry, a waterfall and a dividend cites a clause of THAT charter (one of its clauses or a
/// sub-clause of one), never a Juniper number on a charter that does not use Juniper's numbering.
/// </summary>
public sealed class AnyCharter_CitesItsOwnClauses
{
    [Theory]
    [MemberData(nameof(EmbeddedCharters.Ids), MemberType = typeof(EmbeddedCharters))]
    public void ADownRound_ADeemedIssue_AWaterfallAndADividend_CiteTheChartersOwnClauses(string id)
    {
        var events = EmbeddedCharters.Company(id);
        // A down round at $0.10 (below every embedded charter's conversion prices), then options deemed issued at $0.05
        // that expire unexercised: the weighted average, the deemed issue and its readjustment each cite a clause.
        events.Add(new SharesIssued(new DateOnly(2000, 6, 1), "Newco", "common", 100_000, 0.10m));
        events.Add(new InstrumentGranted(new DateOnly(2000, 7, 1), "W-1", "Optionee", "warrant", "common", 50_000, 0.05m, new DateOnly(2001, 7, 1)));
        events.Add(new InstrumentExpired(new DateOnly(2001, 7, 1), "W-1"));
        var t = EmbeddedCharters.Table(events);

        var cited = new List<string>();
        Assert.NotEmpty(t.ConversionPriceHistory);
        cited.AddRange(t.ConversionPriceHistory.Select(h => h.Clause));
        var w = Waterfall.Solve(LiquidationModel.From(t), 10_000_000m);
        Assert.True(w.IsOk, w.Refusal?.ToString());
        cited.AddRange(w.Value.Classes.Select(c => c.Clause));
        cited.AddRange(w.Value.Steps.Select(s => s.Clause));
        var d = DividendAllocation.Allocate(t, 10_000m, new DateOnly(2001, 8, 1));
        Assert.True(d.IsOk, d.Refusal?.ToString());
        cited.Add(d.Value.Clause);
        cited.AddRange(d.Value.Preferential.Select(l => l.Clause));

        var foreign = cited.Where(c => !EmbeddedCharters.IsOwnCitation(id, c)).Distinct().ToList();
        Assert.True(foreign.Count == 0, $"{id} cites clauses it does not have: {string.Join("; ", foreign)}");
    }
}
