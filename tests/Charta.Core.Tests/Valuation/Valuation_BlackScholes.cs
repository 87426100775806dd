using Charta.Core.Valuation;

namespace Charta.Core.Tests.Valuation;

/// <summary>The normal distribution function and Black–Scholes, against published values.</summary>
public class Valuation_BlackScholes
{
    /// <summary>
    /// Hull, J. C., "Options, Futures, and Other Derivatives" (Pearson), the worked example of the Black–Scholes–Merton
    /// formulas: S₀ = 42, K = 40, r = 10%, σ = 20%, T = 0.5. d1 = [ln(42/40) + (0.10 + 0.02)·0.5] / (0.2·√0.5) =
    /// 0.7693, d2 = 0.6278, Ke^(−rT) = 38.049; c = 42·N(0.7693) − 38.049·N(0.6278) = 4.76, p = 38.049·N(−0.6278) −
    /// 42·N(−0.7693) = 0.81 (printed to the cent).
    /// </summary>
    [Fact]
    public void Hull_WorkedExample_CallAndPut()
    {
        Assert.Equal(4.76, Math.Round(BlackScholes.Call(42, 40, 0.5, 0.10, 0.20), 2));
        Assert.Equal(0.81, Math.Round(BlackScholes.Put(42, 40, 0.5, 0.10, 0.20), 2));
    }

    /// <summary>Put–call parity c − p = S − K·e^(−rT) holds to rounding, over a grid of inputs.</summary>
    [Fact]
    public void PutCallParity()
    {
        foreach (var s in new[] { 1.0, 42, 1e8 })
        foreach (var k in new[] { 0.5, 40, 2e8 })
        foreach (var t in new[] { 0.1, 1, 5 })
        foreach (var sigma in new[] { 0.05, 0.5, 1.5 })
        {
            var lhs = BlackScholes.Call(s, k, t, 0.04, sigma) - BlackScholes.Put(s, k, t, 0.04, sigma);
            var rhs = s - k * Math.Exp(-0.04 * t);
            Assert.True(Math.Abs(lhs - rhs) <= 1e-12 * Math.Max(s, k), $"S={s} K={k} T={t} σ={sigma}: {lhs} vs {rhs}");
        }
    }

    /// <summary>
    /// Φ against tabulated values (Abramowitz and Stegun, table 26.1, and the 30-digit values of Φ(1), Φ(−2), Φ(3),
    /// Φ(−5)): Φ(0) = 0.5, Φ(1) = 0.841344746068542948585, Φ(−2) = 0.022750131948179207200, Φ(3) = 0.998650101968369896532,
    /// Φ(−5) = 2.866515718791939116738e−7.
    /// </summary>
    [Fact]
    public void NormalCdf_TabulatedValues()
    {
        Assert.Equal(0.5, Normal.Cdf(0));
        Assert.Equal(0.841344746068542948585, Normal.Cdf(1), 14);
        Assert.Equal(0.022750131948179207200, Normal.Cdf(-2), 14);
        Assert.Equal(0.998650101968369896532, Normal.Cdf(3), 14);
        Assert.True(Math.Abs(Normal.Cdf(-5) / 2.866515718791939116738e-7 - 1) < 1e-10, $"{Normal.Cdf(-5):R}");
        Assert.Equal(0.0, Normal.Cdf(-40));
        Assert.Equal(1.0, Normal.Cdf(40));
    }

    /// <summary>
    /// Φ against an independent computation: 0.5 + ∫₀ˣ φ by composite Simpson with 20,000 panels (error ~1e−17), over
    /// [−8, 8]; and the symmetry Φ(x) + Φ(−x) = 1. The documented accuracy is 1e−14 absolute.
    /// </summary>
    [Fact]
    public void NormalCdf_AgreesWithSimpsonIntegration()
    {
        for (var x = -8.0; x <= 8.0; x += 0.37)
        {
            const int panels = 20_000;
            var h = x / panels;
            double sum = Normal.Pdf(0) + Normal.Pdf(x);
            for (var i = 1; i < panels; i++) sum += (i % 2 == 1 ? 4 : 2) * Normal.Pdf(i * h);
            var simpson = 0.5 + sum * h / 3;
            Assert.True(Math.Abs(Normal.Cdf(x) - simpson) < 1e-14, $"x={x}: {Normal.Cdf(x)} vs {simpson}");
            Assert.True(Math.Abs(Normal.Cdf(x) + Normal.Cdf(-x) - 1) < 1e-15);
        }
    }

    /// <summary>The batch used by the OPM (one exponential shared by d1 and d2) equals the formula strike by strike.</summary>
    [Fact]
    public void BatchCalls_EqualTheFormula()
    {
        var strikes = new[] { 0.0, 1e-3, 1, 40, 42, 80, 1e3, 1e6, 1e9 };
        var logs = strikes.Select(k => k > 0 ? Math.Log(k) : double.NegativeInfinity).ToArray();
        foreach (var s in new[] { 42.0, 1e6 })
        foreach (var sigma in new[] { 0.05, 0.6, 3 })
        {
            var batch = new double[strikes.Length];
            BlackScholes.Calls(s, strikes, logs, 2.5, 0.04, sigma, batch);
            for (var i = 0; i < strikes.Length; i++)
                Assert.True(Math.Abs(batch[i] - BlackScholes.Call(s, strikes[i], 2.5, 0.04, sigma)) <= 1e-12 * s, $"S={s} σ={sigma} K={strikes[i]}");
        }
    }

    /// <summary>
    /// The vector path (four strikes at a time) against the scalar formula on 1,003 sorted strikes from deep in the
    /// money to far out of it (d1 from about +12 to −12, through the far tail's continued fraction), an odd length so the
    /// scalar tail runs too, with a zero strike in the first block.
    /// </summary>
    [Fact]
    public void BatchCalls_VectorPath_EqualsTheFormula_AcrossTheTails()
    {
        const double s = 1e8;
        var strikes = Enumerable.Range(0, 1_003).Select(i => i == 1 ? 0.0 : s * Math.Exp(-9 + 18.0 * i / 1_002)).Order().ToArray();
        var logs = strikes.Select(k => k > 0 ? Math.Log(k) : double.NegativeInfinity).ToArray();
        foreach (var sigma in new[] { 0.3, 0.9 })
        {
            var batch = new double[strikes.Length];
            BlackScholes.Calls(s, strikes, logs, 1.5, 0.05, sigma, batch);
            for (var i = 0; i < strikes.Length; i++)
                Assert.True(Math.Abs(batch[i] - BlackScholes.Call(s, strikes[i], 1.5, 0.05, sigma)) <= 1e-12 * s, $"σ={sigma} K={strikes[i]:R}: {batch[i]:R}");
        }
    }
}
