using Charta.Core.Liquidation;
using Charta.Core.Valuation;

namespace Charta.Core.Tests.Valuation;

/// <summary>The OPM on the exact breakpoints: each tranche a call spread, shared by the tranche's split of a marginal dollar.</summary>
public class Valuation_OptionPricingMethod
{
    /// <summary>
    /// Hull's Black–Scholes example (S₀ = 42, σ = 20%, T = 0.5, r = 10%; c(K = 40) = 4.76) read as an OPM on the
    /// two-class table of <see cref="ValuationFixtures.TwoClass"/> (breakpoints 40 and 80):
    ///   C(0) = 42, C(40) = 4.759422 (Hull: 4.76), C(80) = 0.0000228 (d1 = [ln(42/80) + 0.06]/0.141421 = −4.132).
    ///   Tranche [0, 40):  42 − 4.759422 = 37.240578, all to the series.
    ///   Tranche [40, 80): 4.759422 − 0.0000228 = 4.759399, all to common.
    ///   Tranche [80, ∞):  0.0000228, half each.
    ///   Series A = 37.240578 + 0.0000114 = 37.24 (0.9310 a share); common = 4.759399 + 0.0000114 = 4.76 (0.1190 a share);
    ///   they add up to the equity, 42.
    /// </summary>
    [Fact]
    public void HullExample_OnTwoBreakpoints_ByHand()
    {
        var table = ValuationFixtures.Table(ValuationFixtures.TwoClass());
        Assert.Equal([0.0, 40.0, 80.0], table.Tranches.Select(t => (double)t.From));
        var r = Opm.Value(table, new OpmAssumptions(42m, 0.20m, 0.5m, 0.10m)).Ok();
        Assert.Equal(4.76, Math.Round(r.CallAtFrom[1], 2));
        Assert.Equal(37.24, Math.Round(r.Class("A").Value, 2));
        Assert.Equal(4.76, Math.Round(r.Class("common").Value, 2));
        Assert.Equal(0.9310, Math.Round(r.Class("A").PerShare, 4));
        Assert.Equal(0.1190, Math.Round(r.Class("common").PerShare, 4));
        Assert.Equal(42.0, r.Total, 10);
        // The allocation table: the last tranche's value split half and half.
        Assert.Equal(r.TrancheValue[2] / 2, r.Allocation(2, 0), 15);
        Assert.Equal(0.0, r.CallAtTo(2));
    }

    /// <summary>
    /// The ComplexCo illustration of T. W. Harms, "A Layperson's Guide to the Option Pricing Model", Mercer Capital
    /// (Financial Reporting Blog, May 2016), Exhibits 3 and 9. Capital structure: Class A preferred, $1,000 preference,
    /// converts at $2.00 (500 shares); Class B preferred, $1,500 preference, converts at $5.00 (300 shares), pari passu;
    /// 1,500 common; 250 warrants at $10.00. Published breakpoints: $2,500, $5,500, $11,500, $23,000. Published marginal
    /// allocations (to 0.1%): A 40.0 / 0 / 25.0 / 21.7 / 19.6; B 60.0 / 0 / 0 / 13.0 / 11.8; common 0 / 100 / 75.0 /
    /// 65.2 / 58.8; warrants 0 / 0 / 0 / 0 / 9.8. Reproduced from the payout curve, then valued: the classes add up to
    /// the equity and rank as their rights do (the guide's checks (1) and (3)).
    /// </summary>
    [Fact]
    public void MercerComplexCo_BreakpointsAndMarginalAllocation_AsPublished()
    {
        var m = new LiquidationModel("ComplexCo", "common", 1_500,
        [
            new SeriesClaim("A", 0, 500, 500, 2m, 1m, 0m, 1_000m, 1_000m, 1, ParticipationKind.None, 1_000m, "Class A"),
            new SeriesClaim("B", 1, 300, 300, 5m, 1m, 0m, 1_500m, 1_500m, 1, ParticipationKind.None, 1_500m, "Class B"),
        ],
        [new OptionClaim("W", "Warrant holders", "common", 250, 10m)], [], "preference-amount", null);
        var table = ValuationFixtures.Table(m);
        Assert.Equal([0m, 2_500m, 5_500m, 11_500m, 23_000m], table.Tranches.Select(t => t.From));
        decimal[][] published =
        [
            [0.0m, 40.0m, 60.0m, 0.0m],
            [100.0m, 0.0m, 0.0m, 0.0m],
            [75.0m, 25.0m, 0.0m, 0.0m],
            [65.2m, 21.7m, 13.0m, 0.0m],
            [58.8m, 19.6m, 11.8m, 9.8m],
        ];
        var ids = new[] { "common", "A", "B", "options" };
        for (var i = 0; i < published.Length; i++)
            for (var c = 0; c < ids.Length; c++)
                Assert.Equal(published[i][c], decimal.Round(table.Tranches[i].Shares[ids[c]] * 100m, 1, MidpointRounding.AwayFromZero));

        var r = Opm.Value(table, new OpmAssumptions(10_000m, 0.6m, 3m, 0.02m)).Ok();
        Assert.Equal(10_000.0, r.Total, 6);
        Assert.True(r.Class("B").PerShare > r.Class("A").PerShare);
        Assert.True(r.Class("A").PerShare > r.Class("common").PerShare);
        Assert.True(r.Class("common").PerShare > r.Class("options@10").PerShare);
    }

    /// <summary>
    /// A. Damodaran, "Damodaran on Valuation", 2nd ed. (Wiley, 2006), ch. 17, Illustration 17.8 "Valuing Equity as an
    /// Option": the firm's assets are worth $100 million with a 40% standard deviation; the only senior claim is a
    /// zero-coupon debt of $80 million face, 10 years to maturity; the 10-year rate is 10%. Equity is a call on the firm
    /// at the face of the debt: the book prints the equity at $75.94 million, the debt at $100 − $75.94 = $24.06 million,
    /// and the debt's implied yield (80 ÷ 24.06)^(1/10) − 1 = 12.77%, a default spread of 2.77% over the 10% rate.
    /// That is the OPM with one breakpoint: the senior claim is a non-participating preference of $80 million whose
    /// conversion right is worthless (1 share converting into 1 of 1,000,000 common: it would convert only above
    /// $80 million × 1,000,001 = $8 × 10¹³, where the call is worth about 10⁻¹³ dollars), so the table has the tranches
    /// [0, 80M) all to the senior claim and [80M, 8 × 10¹³) all to common. By hand (r continuously compounded, as the book):
    ///   d1 = [ln(100/80) + (0.10 + 0.40²/2) × 10] ÷ (0.40 × √10) = (0.223144 + 1.8) ÷ 1.264911 = 1.599435; N(d1) = 0.945138
    ///   d2 = 1.599435 − 1.264911 = 0.334524; N(d2) = 0.631008
    ///   C(80) = 100 × 0.945138 − 80 × e^(−1) × 0.631008 = 94.5138 − 18.5708 = 75.9430 → $75.94 million (the book's figure)
    ///   senior claim = C(0) − C(80) = 100 − 75.9430 = 24.0570 → $24.06 million.
    /// </summary>
    [Fact]
    public void Damodaran_Illustration17_8_EquityAsACallOnTheFirm_AsPublished()
    {
        var m = new LiquidationModel("Illustration 17.8", "common", 1_000_000,
        [
            new SeriesClaim("Debt", 0, 1, 1, 80_000_000m, 1m, 0m, 80_000_000m, 80_000_000m, 1, ParticipationKind.None, 80_000_000m, "Zero-coupon debt"),
        ],
        [], [], "preference-amount", null);
        var table = ValuationFixtures.Table(m);
        Assert.Equal([0m, 80_000_000m, 80_000_000m * 1_000_001m], table.Tranches.Select(t => t.From));
        var r = Opm.Value(table, new OpmAssumptions(100_000_000m, 0.40m, 10m, 0.10m)).Ok();
        var equity = r.Class("common").Value / 1e6;
        var debt = r.Class("Debt").Value / 1e6;
        Assert.Equal(75.94, Math.Round(equity, 2));
        Assert.Equal(24.06, Math.Round(debt, 2));
        Assert.Equal(75.9430, Math.Round(r.CallAtFrom[1] / 1e6, 4));
        // The printed default spread: the yield that prices $80 million in 10 years at the debt's value, less 10%.
        var spread = Math.Pow(80.0 / Math.Round(debt, 2), 0.1) - 1 - 0.10;
        Assert.Equal(0.0277, Math.Round(spread, 4));
        Assert.Equal(100_000_000.0, r.Total, 4);
    }

    [Fact]
    public void Juniper_ClassesAddUpToTheEquity_AndStrikeClassesToTheOptions()
    {
        var table = ValuationFixtures.Table(ValuationFixtures.Juniper());
        var r = Opm.Value(table, new OpmAssumptions(250_000_000m, 0.55m, 2.5m, 0.04m)).Ok();
        Assert.Equal(250_000_000.0, r.Total, 4);
        var options = r.CurveClassValue[table.ClassIds.Count - 1];
        var strikes = r.Classes.Where(c => c.Kind == "options").ToArray();
        Assert.Equal(["options@5.00", "options@12.50"], strikes.Select(s => s.Id));
        Assert.Equal(options, strikes.Sum(s => s.Value), 4);
        // A cheaper strike is worth more a share; everything is worth something.
        Assert.True(strikes[0].PerShare > strikes[1].PerShare);
        Assert.All(r.Classes, c => Assert.True(c.Value > 0, c.Id));
    }

    /// <summary>
    /// The strike classes checked one by one: options of strike K pay m·(P − K)⁺, so their value is m × the
    /// discounted expectation of (P − K)⁺, which the Monte Carlo estimates path by path (common price × m − m·K).
    /// Here via the payout of a table holding only that strike's grant: the same value.
    /// </summary>
    [Fact]
    public void StrikeClass_EqualsTheOptionsOfATableWithOnlyThatStrike()
    {
        var a = new OpmAssumptions(250_000_000m, 0.55m, 2.5m, 0.04m);
        var both = Opm.Value(ValuationFixtures.Table(ValuationFixtures.Juniper()), a).Ok();
        // Without the $12.50 grant the curve changes above its strike only through dilution; so instead compare the
        // $12.50 class with a direct sum over tranches of (value × dP/dX) above its kink, computed from the result.
        var t = both.Table;
        var k = t.ClassIds.Count;
        var strike = t.Strikes[1];
        double direct = 0;
        for (var i = 0; i < t.TrancheCount; i++)
        {
            var mid = (double)t.Tranches[i].From + 1;
            var price = (double)t.Curve.CommonPrice((decimal)mid);
            if (price <= (double)strike.Strike) continue;
            // dP/dX in the tranche = the common's share of a marginal dollar / common shares.
            direct += both.TrancheValue[i] * (double)t.Tranches[i].Shares["common"] / t.ClassShares[0];
        }

        Assert.Equal(direct * strike.Shares, both.Class(strike.Id).Value, 3);
        Assert.Equal(k, both.CurveClassValue.Count);
    }

    /// <summary>
    /// The class values come from runs of proportional rows (one weighted sum of tranche values per run) instead of
    /// tranche by tranche. They must equal the definition, Σᵢ value(i) × split(i, class), summed row by row here from
    /// the result's own tranche values and the exact splits, on a table where options of 400 strikes sit above 12
    /// series of every participation kind (so the rows above the last conversion differ only in the options column).
    /// The runs must also be few: one per change of the non-option split, not one per strike.
    /// </summary>
    [Fact]
    public void ClassValues_EqualTheRowByRowSumOfTheTrancheSplits()
    {
        var rng = new Random(5);
        var series = new List<SeriesClaim>();
        for (var i = 0; i < 12; i++)
        {
            var shares = rng.Next(100_000, 2_000_000);
            var oip = rng.Next(50, 3_000) / 100m;
            var kind = (ParticipationKind)(i % 3);
            var claim = oip * shares;
            series.Add(new SeriesClaim($"S{i}", i, shares, shares, oip, 1, 0, claim, claim, rng.Next(0, 3), kind, kind == ParticipationKind.Capped ? 3 * claim : claim, "test"));
        }

        var options = Enumerable.Range(0, 400).Select(j => new OptionClaim($"O{j}", $"Optionee {j}", "common", rng.Next(1_000, 20_000), 0.05m + j * 0.05m)).ToArray();
        var table = ValuationFixtures.Table(new LiquidationModel("Runs", "common", 20_000_000, series, options, [], "original-issue-price-times-shares", null));
        var r = Opm.Value(table, new OpmAssumptions(400_000_000m, 0.7m, 4m, 0.03m)).Ok();
        var ids = table.ClassIds;
        for (var c = 0; c < ids.Count; c++)
        {
            double direct = 0;
            for (var i = 0; i < table.TrancheCount; i++) direct += r.TrancheValue[i] * (double)table.Tranches[i].Shares[ids[c]];
            Assert.True(Math.Abs(direct - r.CurveClassValue[c]) <= 1e-9 * 400_000_000.0, $"{ids[c]}: {r.CurveClassValue[c]:R} vs row by row {direct:R}");
        }

        Assert.Equal(400_000_000.0, r.Total, 3);
        Assert.True(table.GroupStart.Length - 1 < 100, $"{table.GroupStart.Length - 1} runs for {table.TrancheCount} tranches");
    }

    [Fact]
    public void BadInputs_AreRefusedNamingTheField()
    {
        var table = ValuationFixtures.Table(ValuationFixtures.TwoClass());
        Assert.Equal("equity", Opm.Value(table, new OpmAssumptions(0m, 0.2m, 1m, 0.04m)).Refusal!.Field);
        Assert.Equal("volatility", Opm.Value(table, new OpmAssumptions(10m, 0m, 1m, 0.04m)).Refusal!.Field);
        Assert.Equal("term", Opm.Value(table, new OpmAssumptions(10m, 0.2m, 0m, 0.04m)).Refusal!.Field);
        Assert.Equal("rate", Opm.Value(table, new OpmAssumptions(10m, 0.2m, 1m, 4m)).Refusal!.Field);
    }

    /// <summary>The fast payout (linear between breakpoints) equals the exact waterfall (FOURTH §4 with §6(a)) at sample exits.</summary>
    [Fact]
    public void PayoutAt_EqualsTheExactWaterfall()
    {
        var m = ValuationFixtures.Juniper();
        var table = ValuationFixtures.Table(m);
        var row = new double[table.ClassIds.Count];
        var rng = new Random(11);
        var exits = new List<decimal> { 0m, 1m, 92_651_890.20m, 101_451_891.21m, 257_284_370m, 531_298_387.82m, 5_000_000_000m };
        for (var i = 0; i < 200; i++) exits.Add(decimal.Round((decimal)(rng.NextDouble() * 1.2e9), 2));
        foreach (var x in exits)
        {
            var a = Waterfall.Equilibrium(m, x);
            table.PayoutAt((double)x, row);
            var exact = new List<decimal> { a.CommonPay };
            exact.AddRange(a.SeriesPay);
            exact.Add(a.OptionsTotal);
            for (var c = 0; c < row.Length; c++)
                Assert.True(Math.Abs(row[c] - (double)exact[c]) <= 1e-6 + 1e-12 * (double)x, $"exit {x}, class {table.ClassIds[c]}: {row[c]} vs {exact[c]}");
        }
    }

    /// <summary>No shares outstanding: nothing can receive the equity (FOURTH §4(c)), so the OPM refuses rather than show $0.</summary>
    [Fact]
    public void NoShares_IsRefused()
    {
        var table = ValuationFixtures.Table(new LiquidationModel("Empty", "common", 0, [], [], [], "original-issue-price-times-shares", null));
        Assert.False(table.AbsorbsTheRemainder);
        Assert.Contains("cannot be allocated", Opm.Value(table, new OpmAssumptions(1000m, 0.5m, 1m, 0.04m)).Refusal!.Reason);
        Assert.Contains("cannot be allocated", MonteCarlo.Run(table, new OpmAssumptions(1000m, 0.5m, 1m, 0.04m), 100, 1).Refusal!.Reason);
    }
}
