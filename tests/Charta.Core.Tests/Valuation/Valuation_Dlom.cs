using Charta.Core.Valuation;

namespace Charta.Core.Tests.Valuation;

/// <summary>Discounts for lack of marketability against the published formulas, worked by hand.</summary>
public class Valuation_Dlom
{
    /// <summary>
    /// Finnerty (2012), σ = 50%, T = 1 year: σ²T = 0.25; e^0.25 = 1.2840254; 2(e^0.25 − 0.25 − 1) = 0.0680508, its ln
    /// = −2.6875003; ln(e^0.25 − 1) = ln 0.2840254 = −1.2586915; v²T = 0.25 − 2.6875003 + 2.5173831 = 0.0798828;
    /// v√T = 0.2826354; DLOM = N(0.1413177) − N(−0.1413177) = 0.1123811 (11.24%).
    /// </summary>
    [Fact]
    public void Finnerty_Sigma50_OneYear()
    {
        var d = Dlom.FinnertyAverageStrike(0.5m, 1m).Ok();
        Assert.Equal(0.1123811, d.Discount, 6);
        Assert.Equal(0.0798828, d.Steps.Single(s => s.Name == "v²T").Value, 6);
    }

    /// <summary>
    /// Chaffe (1993) protective put, σ = 40%, T = 1, r = 0: d1 = σ√T/2 = 0.2, d2 = −0.2; DLOM = N(0.2) − N(−0.2) =
    /// 2 × 0.5792597094 − 1 = 0.1585194189. With r = 5%: d1 = 0.05/0.4 + 0.2 = 0.325, d2 = −0.075;
    /// DLOM = e^(−0.05)·N(0.075) − N(−0.325) = 0.9512294 × 0.5298926 − 0.3725905 = 0.1314589.
    /// </summary>
    [Fact]
    public void Chaffe_AtTheMoneyPut()
    {
        Assert.Equal(0.1585194189, Dlom.ChaffeProtectivePut(0.4m, 1m, 0m).Ok().Discount, 9);
        Assert.Equal(0.1314589, Dlom.ChaffeProtectivePut(0.4m, 1m, 0.05m).Ok().Discount, 6);
    }

    /// <summary>Chaffe is the Black–Scholes put at K = S divided by S, whatever S.</summary>
    [Fact]
    public void Chaffe_IsTheAtTheMoneyPutOverTheShareValue()
    {
        var d = Dlom.ChaffeProtectivePut(0.65m, 2m, 0.04m).Ok().Discount;
        Assert.Equal(BlackScholes.Put(37, 37, 2, 0.04, 0.65) / 37, d, 12);
    }

    [Fact]
    public void Refusals()
    {
        Assert.Equal("volatility", Dlom.FinnertyAverageStrike(0m, 1m).Refusal!.Field);
        Assert.Equal("term", Dlom.ChaffeProtectivePut(0.4m, 0m, 0m).Refusal!.Field);
        Assert.Equal("dlom", Dlom.Compute("longstaff", 0.4m, 1m, 0m).Refusal!.Field);
    }
}
