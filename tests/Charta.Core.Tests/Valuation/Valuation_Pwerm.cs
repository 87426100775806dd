using Charta.Core.Valuation;

namespace Charta.Core.Tests.Valuation;

/// <summary>PWERM and the hybrid: each scenario paid through the waterfall and discounted; an OPM scenario blended in.</summary>
public class Valuation_Pwerm
{
    private const string Ipo = "FOURTH §6(a)(ii)(a)";

    /// <summary>
    /// Two-class table. Sale at $60 in one year (p = 0.5): A takes its $40 preference (P = 0.50 &lt; 1.00, no conversion),
    /// common $20. Dissolution at $30 now (p = 0.25): A $30, common 0. IPO at $100 in two years (p = 0.25): A converts,
    /// 50/50, $50 each. Discount 25%: 1/1.25 = 0.8 for a year of 365 days, 0.64 for two.
    /// common = 0.5 × 20 × 0.8 + 0 + 0.25 × 50 × 0.64 = 8 + 8 = 16; A = 0.5 × 40 × 0.8 + 0.25 × 30 + 0.25 × 50 × 0.64 = 16 + 7.5 + 8 = 31.5.
    /// </summary>
    [Fact]
    public void ThreeScenarios_ByHand()
    {
        var set = Pwerm.Parse("""
            { "valuationDate": "2026-01-01", "discountRate": 0.25, "scenarios": [
              { "name": "Sale", "kind": "sale", "probability": 0.5, "date": "2027-01-01", "equity": 60 },
              { "name": "Wind-up", "kind": "dissolution", "probability": 0.25, "date": "2026-01-01", "equity": 30 },
              { "name": "IPO", "kind": "ipo", "probability": 0.25, "date": "2028-01-01", "equity": 100 } ] }
            """, "scenarios.json").Ok();
        var r = Pwerm.Value(ValuationFixtures.Table(ValuationFixtures.TwoClass()), set, Ipo).Ok();
        Assert.Equal(16.0, r.Weighted[0], 9);
        Assert.Equal(31.5, r.Weighted[1], 9);
        Assert.Equal(0.4, r.PerShare(0), 9);
        Assert.Equal(Ipo, r.Scenarios[2].Clause);
        Assert.False(set.IsHybrid);
    }

    /// <summary>The hybrid: an OPM scenario (p = 0.5) adds half the OPM values of the Hull example (common 4.76, A 37.24).</summary>
    [Fact]
    public void Hybrid_BlendsTheOpm()
    {
        var set = Pwerm.Parse("""
            { "valuationDate": "2026-01-01", "discountRate": 0.25, "scenarios": [
              { "name": "Sale", "kind": "sale", "probability": 0.5, "date": "2027-01-01", "equity": 60 },
              { "name": "Stay private", "kind": "opm", "probability": 0.5, "equity": 42, "volatility": 0.2, "term": 0.5, "rate": 0.1 } ] }
            """, "s.json").Ok();
        Assert.True(set.IsHybrid);
        var r = Pwerm.Value(ValuationFixtures.Table(ValuationFixtures.TwoClass()), set, Ipo).Ok();
        Assert.Equal(0.5 * 16 + 0.5 * 4.76, Math.Round(r.Weighted[0], 2), 2);
    }

    [Theory]
    [InlineData("""{ "valuationDate": "2026-01-01", "discountRate": 0.2, "scenarios": [ { "kind": "sale", "probability": 0.5, "date": "2027-01-01", "equity": 60 } ] }""", "probabilities add up to 0.5")]
    [InlineData("""{ "valuationDate": "2026-01-01", "discountRate": 0.2, "scenarios": [ { "kind": "spac", "probability": 1, "date": "2027-01-01", "equity": 60 } ] }""", "scenarios[0].kind")]
    [InlineData("""{ "valuationDate": "2026-01-01", "discountRate": 0.2, "scenarios": [ { "kind": "sale", "probability": 1, "date": "2025-01-01", "equity": 60 } ] }""", "before the valuation date")]
    [InlineData("""{ "discountRate": 0.2, "scenarios": [] }""", "valuationDate")]
    [InlineData("""not json""", "not valid JSON")]
    public void BadScenarioFiles_AreRefused(string json, string expected)
    {
        var r = Pwerm.Parse(json, "s.json");
        Assert.False(r.IsOk);
        Assert.Contains(expected, r.Refusal!.ToString());
    }

    [Fact]
    public void Ipo_WithoutAnAutomaticConversion_IsRefused()
    {
        var set = Pwerm.Parse("""{ "valuationDate": "2026-01-01", "discountRate": 0.2, "scenarios": [ { "kind": "ipo", "probability": 1, "date": "2027-01-01", "equity": 60 } ] }""", "s").Ok();
        Assert.Contains("no automatic conversion", Pwerm.Value(ValuationFixtures.Table(ValuationFixtures.TwoClass()), set, null).Refusal!.Reason);
    }
}
