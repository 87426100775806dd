using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;

namespace Charta.Core.Tests.Charter;

/// <summary>The worked example of docs/charters.md on the embedded nvca-2020-style charter, figure by figure.</summary>
public sealed class NvcaStyle_WorkedExample
{
    private static List<LedgerEvent> Company()
    {
        const string id = "nvca-2020-style";
        var d0 = new DateOnly(2020, 1, 2);
        var a = new DateOnly(2021, 6, 1);
        return
        [
            new CompanyCreated(d0, id, CharterLoader.EmbeddedText(id), d0),
            new StakeholderAdded(d0, "Founders"), new StakeholderAdded(d0, "Investors"), new StakeholderAdded(d0, "Staff"), new StakeholderAdded(d0, "Newco"),
            new SharesIssued(d0, "Founders", "common", 7_500_000, 0.0001m),
            new InstrumentGranted(new DateOnly(2020, 2, 1), "POOL", "Staff", "option", "common", 1_500_000, 0.10m, null, 0m, "employee-plan", "Board minutes"),
            new SharesIssued(a, "Investors", "Seed", 1_000_000, 1.00m),
            new SharesIssued(a, "Investors", "A", 1_250_000, 2.00m),
        ];
    }

    [Fact]
    public void TheAccrual_TheRanks_AndTheCap()
    {
        var t = EmbeddedCharters.Table(Company(), new DateOnly(2022, 1, 1));
        // 0.16 × 1,250,000 × 214 / 365 (2021-06-01 → 2022-01-01, no anniversary yet) = 117,260.2739… → $117,260.27.
        Assert.Equal(117_260.27m, t.Accrued("A")!.AccruedUnpaid);
        var m = LiquidationModel.From(t);
        var a = m.Series.Single(s => s.Id == "A");
        Assert.Equal(2_617_260.27m, a.Claim);          // 2,500,000 + 117,260.27, paid first (seniority 2)
        Assert.Equal(7_617_260.27m, a.CapTotal);       // 3 × 2.00 × 1,250,000 + 117,260.27
        Assert.Equal(2_617_260.27m, PayoutCurve.Build(m).Breakpoints.First().Exit);
        // A year on, the anniversary compounds: 2.00 × (1.08 × (1 + 0.08 × 214 / 365) − 1) × 1,250,000
        //   = 2.00 × (1.08 × 1.0469041095… − 1) × 1,250,000 = 2.00 × 0.1306564383… × 1,250,000 = 326,641.0958… → $326,641.10.
        Assert.Equal(326_641.10m, EmbeddedCharters.Table(Company(), new DateOnly(2023, 1, 1)).Accrued("A")!.AccruedUnpaid);
    }

    [Fact]
    public void ADownRound_RatchetsA_AndAveragesTheSeed()
    {
        // 1,000,000 common at $0.80 on 2021-09-01, after the first Series A issue (both series' Original Issue Date):
        //   Series A (full ratchet): 2.00 → $0.80, citing its own clause.
        //   Series Seed (broad-based): A = 7,500,000 common + 1,500,000 options + 1,000,000 Seed + 1,250,000 × 2.00 / 2.00
        //   = 11,250,000; (1.00 × 11,250,000 + 800,000) / 12,250,000 = 0.98367… → $0.98.
        var e = Company();
        e.Add(new SharesIssued(new DateOnly(2021, 9, 1), "Newco", "common", 1_000_000, 0.80m));
        var t = EmbeddedCharters.Table(e);
        Assert.Equal(0.80m, t.ConversionPrice("A"));
        Assert.Equal(0.98m, t.ConversionPrice("Seed"));
        Assert.Equal("Article Fourth, Part B §4.4.4", t.ConversionPriceHistory.Single(h => h.Series == "A").Clause);
        Assert.Equal("Article Fourth, Part B §4.4", t.ConversionPriceHistory.Single(h => h.Series == "Seed").Clause);
        Assert.Equal(11_250_000m, t.ConversionPriceHistory.Single(h => h.Series == "Seed").Inputs!.A);
    }
}
