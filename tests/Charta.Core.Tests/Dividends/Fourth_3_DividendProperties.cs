using Charta.Core.Charter;
using Charta.Core.Dividends;
using Charta.Core.Tests.Governance;
using CsCheck;

namespace Charta.Core.Tests.Dividends;

/// <summary>The dividend clause (Juniper FOURTH §3) as properties over random cap tables and amounts, on every embedded charter.</summary>
public class Fourth_3_DividendProperties
{
    private static readonly DateOnly Record = new(1999, 6, 1);

    private static readonly Gen<(List<(int Holder, int Class, int Shares)> Lots, long Cents)> Cases =
        Gen.Select(Gen.Select(Gen.Int[0, 11], Gen.Int[0, 5], Gen.Int[1, 5_000]).List[1, 25], Gen.Long[1, 20_000_000]);

    private static Charta.Core.Ledger.CapTable Build(string charter, List<(int Holder, int Class, int Shares)> lots)
    {
        var l = new GovernanceLedger(charter);
        var classes = CharterLoader.LoadEmbedded(charter).ClassIds.ToArray();
        foreach (var (h, c, n) in lots) l.Issue($"H{h:00}", classes[c % classes.Length], n);
        return l.Table(Record);
    }

    [Theory]
    [MemberData(nameof(Charter.EmbeddedCharters.Ids), MemberType = typeof(Charter.EmbeddedCharters))]
    public void TheHoldersCents_AddUpToTheAmountDeclared(string charter)
    {
        Cases.Sample(c =>
        {
            var table = Build(charter, c.Lots);
            var plan = DividendAllocation.Allocate(table, c.Cents / 100m, Record).Value;
            Assert.Equal(c.Cents / 100m, plan.Holders.Sum(h => h.Total));
            Assert.All(plan.Holders, h => Assert.Equal(h.Total, decimal.Round(h.Total, 2, MidpointRounding.AwayFromZero)));
        }, iter: 150);
    }

    [Theory]
    [MemberData(nameof(Charter.EmbeddedCharters.Ids), MemberType = typeof(Charter.EmbeddedCharters))]
    public void NoSeriesExceedsItsRate_AndCommonGetsNothing_UntilEverySeriesIsPaidInFull(string charter)
    {
        var terms = CharterLoader.LoadEmbedded(charter);
        Cases.Sample(c =>
        {
            var table = Build(charter, c.Lots);
            var plan = DividendAllocation.Allocate(table, c.Cents / 100m, Record).Value;
            foreach (var l in plan.Preferential)
                Assert.True(l.Total <= terms.FindSeries(l.Series)!.Dividend.RatePerShare * l.SharesOutstanding);
            if (plan.Amount < plan.FullPreferentialAmount)
            {
                Assert.Equal(0m, plan.Excess.Total);
                Assert.All(plan.Holders, h => Assert.Equal(0m, h.Excess));
            }
        }, iter: 150);
    }
}
