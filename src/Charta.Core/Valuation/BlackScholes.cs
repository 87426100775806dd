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
}
