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

    /// <summary>
    /// Session 20: Juniper with Series A cumulative, arrears paid first, and dividend ranks (D and D1, then C, then A and
    /// B): over random holdings and amounts, with a record date three and a half years after the issues, the cents add up,
    /// and a rank receives anything only when every more senior rank is paid in full (its arrears and its rate), the
    /// excess only when every rank is.
    /// </summary>
    [Fact]
    public void WithArrearsAndRanks_TheCentsAddUp_AndAJuniorRankWaitsForTheSenior()
    {
        var doc = System.Text.Json.Nodes.JsonNode.Parse(Fourth_3_ArrearsBeforeTheCurrentPeriod.Charter())!.AsObject();
        var ranks = new Dictionary<string, int> { ["A"] = 1, ["B"] = 1, ["C"] = 2, ["D"] = 3, ["D1"] = 3 };
        foreach (var s in doc["series"]!.AsArray())
            s!["dividend"]!["seniority"] = System.Text.Json.Nodes.JsonNode.Parse($$"""{ "value": {{ranks[(string)s["id"]!]}}, "clause": "FOURTH §3 (seniority)" }""");
        var json = doc.ToJsonString();
        var charter = CharterLoader.Load(json, "ranked").Value;
        var classes = charter.ClassIds.ToArray();
        var record = new DateOnly(2002, 6, 1);
        Cases.Sample(c =>
        {
            var l = new GovernanceLedger("ranked", json);
            foreach (var (h, k, n) in c.Lots) l.Issue($"H{h:00}", classes[k % classes.Length], n);
            var plan = DividendAllocation.Allocate(l.Table(record), c.Cents / 100m, record).Value;
            Assert.Equal(c.Cents / 100m, plan.Holders.Sum(h => h.Total));
            Assert.Equal(plan.Holders.Sum(h => h.Preferential), plan.Preferential.Sum(x => x.Total));
            var full = plan.Preferential.GroupBy(x => x.Rank).OrderBy(g => g.Key)
                .Select(g => (Rank: g.Key, Paid: g.Sum(x => x.Total), Full: g.Sum(x => x.Arrears + charter.FindSeries(x.Series)!.Dividend.RatePerShare * x.SharesOutstanding))).ToArray();
            for (var r = 0; r < full.Length; r++)
            {
                Assert.True(full[r].Paid <= full[r].Full, $"rank {full[r].Rank} paid {full[r].Paid} of {full[r].Full}");
                if (full[r].Paid > 0)
                    for (var s = 0; s < r; s++) Assert.Equal(full[s].Full, full[s].Paid);
            }

            if (plan.Excess.Total > 0) Assert.All(full, f => Assert.Equal(f.Full, f.Paid));
        }, iter: 150);
    }
}
