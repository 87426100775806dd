namespace Charta.Core.Valuation;

/// <summary>
/// Black–Scholes–Merton European options without dividends (Black and Scholes 1973; Merton 1973), in double precision
/// (an estimate, not a legal figure: docs/interpretations.md, "Valuation"). <c>s</c> the underlying value today,
/// <c>k</c> the strike, <c>t</c> the term in years, <c>r</c> the continuously compounded risk-free rate, <c>sigma</c>
/// the annual volatility.
/// </summary>
public static class BlackScholes
{
    /// <summary>c = S·N(d1) − K·e^(−rT)·N(d2), d1 = [ln(S/K) + (r + σ²/2)T] / (σ√T), d2 = d1 − σ√T. A strike ≤ 0 is worth S − K·e^(−rT).</summary>
    public static double Call(double s, double k, double t, double r, double sigma)
    {
        if (s <= 0) return 0.0;
        var df = Math.Exp(-r * t);
        if (k <= 0) return s - k * df;
        var sd = sigma * Math.Sqrt(t);
        if (sd <= 0) return Math.Max(0.0, s - k * df);
        var d1 = (Math.Log(s / k) + r * t) / sd + 0.5 * sd;
        return s * Normal.Cdf(d1) - k * df * Normal.Cdf(d1 - sd);
    }

    /// <summary>p = K·e^(−rT)·N(−d2) − S·N(−d1).</summary>
    public static double Put(double s, double k, double t, double r, double sigma)
    {
        var df = Math.Exp(-r * t);
        if (k <= 0) return 0.0;
        if (s <= 0) return k * df;
        var sd = sigma * Math.Sqrt(t);
        if (sd <= 0) return Math.Max(0.0, k * df - s);
        var d1 = (Math.Log(s / k) + r * t) / sd + 0.5 * sd;
        return k * df * Normal.Cdf(sd - d1) - s * Normal.Cdf(-d1);
    }

    /// <summary>
    /// The call at every strike of a sorted table at once (the OPM's breakpoints): ln K is precomputed, the discount
    /// factor and σ√T are computed once, and one exponential serves both N(d1) and N(d2), since
    /// exp(−d2²/2) = exp(−d1²/2) · S / (K·e^(−rT)). Same formula as <see cref="Call"/>.
    /// </summary>
    internal static void Calls(double s, ReadOnlySpan<double> strikes, ReadOnlySpan<double> logStrikes, double t, double r, double sigma, Span<double> result)
    {
        var df = Math.Exp(-r * t);
        var sd = sigma * Math.Sqrt(t);
        var logS = Math.Log(s);
        var rt = r * t;
        for (var i = 0; i < strikes.Length; i++)
        {
            var k = strikes[i];
            if (k <= 0 || s <= 0 || sd <= 0)
            {
                result[i] = Call(s, k, t, r, sigma);
                continue;
            }

            var d1 = (logS - logStrikes[i] + rt) / sd + 0.5 * sd;
            var d2 = d1 - sd;
            var kdf = k * df;
            var e1 = Math.Exp(-0.5 * d1 * d1);
            var e2 = e1 * (s / kdf);
            // Far in or out of the money the ratio can overflow where both tails are 0 or 1 anyway.
            if (!double.IsFinite(e2)) e2 = Math.Exp(-0.5 * d2 * d2);
            result[i] = s * Normal.Cdf(d1, e1) - kdf * Normal.Cdf(d2, e2);
        }
    }
}
