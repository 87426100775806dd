using Charta.Core.Valuation;

namespace Charta.Core.Tests.Valuation;

/// <summary>The backsolve: the equity at which a series' OPM value per share equals the round price.</summary>
public class Valuation_Backsolve
{
    private static readonly OpmAssumptions Inputs = new(0m, 0.55m, 2.5m, 0.04m);

    /// <summary>A Series D round at its Original Issue Price of $11.03: the solved equity gives back $11.03 a share.</summary>
    [Fact]
    public void SeriesD_AtTheRoundPrice_ReturnsTheRoundPrice()
    {
        var table = ValuationFixtures.Table(ValuationFixtures.Juniper());
        var b = Opm.Backsolve(table, "D", 11.03m, Inputs).Ok();
        Assert.True(Math.Abs(b.Opm.Class("D").PerShare - 11.03) < 1e-6, $"{b.Opm.Class("D").PerShare}");
        Assert.True(b.Iterations is > 0 and < 100);
        Assert.True(b.Equity > 0);
        Assert.Equal(b.Equity, b.Opm.Inputs.Equity);
    }

    /// <summary>Round trip: value at $300M, read the Series C price, backsolve from it: $300M again (to 1e−9 relative).</summary>
    [Fact]
    public void RoundTrip_FindsTheEquityThatProducedThePrice()
    {
        var table = ValuationFixtures.Table(ValuationFixtures.Juniper());
        var price = Opm.Value(table, Inputs with { Equity = 300_000_000m }).Ok().Class("C").PerShare;
        var b = Opm.Backsolve(table, "C", (decimal)price, Inputs).Ok();
        Assert.True(Math.Abs(b.Root / 300_000_000 - 1) < 2e-9, $"{b.Root}");
    }

    /// <summary>The two-class table by hand: common at 0.1190 a share needs an equity near 42 (see the OPM test).</summary>
    [Fact]
    public void TwoClass_Common()
    {
        var table = ValuationFixtures.Table(ValuationFixtures.TwoClass());
        var perShare = Opm.Value(table, new OpmAssumptions(42m, 0.2m, 0.5m, 0.1m)).Ok().Class("common").PerShare;
        var b = Opm.Backsolve(table, "common", (decimal)perShare, new OpmAssumptions(0m, 0.2m, 0.5m, 0.1m)).Ok();
        Assert.Equal(42.0, b.Root, 6);
    }

    [Fact]
    public void UnknownClass_OrBadPrice_IsRefused()
    {
        var table = ValuationFixtures.Table(ValuationFixtures.Juniper());
        Assert.Contains("names no class", Opm.Backsolve(table, "Z", 1m, Inputs).Refusal!.Reason);
        Assert.Contains("names no class", Opm.Backsolve(table, "options", 1m, Inputs).Refusal!.Reason);
        Assert.Contains("positive", Opm.Backsolve(table, "D", 0m, Inputs).Refusal!.Reason);
    }
}
