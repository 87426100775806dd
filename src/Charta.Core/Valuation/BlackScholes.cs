using System.Runtime.Intrinsics;

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
    /// exp(−d2²/2) = exp(−d1²/2) · S / (K·e^(−rT)). Same formula as <see cref="Call"/>. Four strikes at a time where the
    /// machine has 256-bit vectors (the same operations lane by lane, with <see cref="Vector256.Exp(Vector256{double})"/>
    /// for the exponential and <see cref="Normal.Cdf(Vector256{double}, Vector256{double})"/> for Φ); the tail and any
    /// strike ≤ 0 go through the scalar path.
    /// </summary>
    internal static void Calls(double s, ReadOnlySpan<double> strikes, ReadOnlySpan<double> logStrikes, double t, double r, double sigma, Span<double> result)
    {
        var df = Math.Exp(-r * t);
        var sd = sigma * Math.Sqrt(t);
        var logS = Math.Log(s);
        var rt = r * t;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && s > 0 && sd > 0)
        {
            var vS = Vector256.Create(s);
            var vSd = Vector256.Create(sd);
            var vHalfSd = Vector256.Create(0.5 * sd);
            var vLogSPlusRt = Vector256.Create(logS + rt);
            var vDf = Vector256.Create(df);
            var vMinusHalf = Vector256.Create(-0.5);
            var vMax = Vector256.Create(double.MaxValue);
            for (; i + Vector256<double>.Count <= strikes.Length; i += Vector256<double>.Count)
            {
                var k = Vector256.Create(strikes.Slice(i, Vector256<double>.Count));
                if (!Vector256.GreaterThanAll(k, Vector256<double>.Zero))
                {
                    for (var j = i; j < i + Vector256<double>.Count; j++) result[j] = One(s, strikes[j], logStrikes[j], logS, rt, df, sd, t, r, sigma);
                    continue;
                }

                var d1 = (vLogSPlusRt - Vector256.Create(logStrikes.Slice(i, Vector256<double>.Count))) / vSd + vHalfSd;
                var d2 = d1 - vSd;
                var kdf = k * vDf;
                var e1 = Vector256.Exp(vMinusHalf * d1 * d1);
                var e2 = e1 * (vS / kdf);
                var finite = Vector256.LessThanOrEqual(e2, vMax);
                if (!Vector256.EqualsAll(finite.AsInt64(), Vector256<long>.AllBitsSet))
                    e2 = Vector256.ConditionalSelect(finite, e2, Vector256.Exp(vMinusHalf * d2 * d2));
                var c = vS * Normal.Cdf(d1, e1) - kdf * Normal.Cdf(d2, e2);
                c.CopyTo(result.Slice(i, Vector256<double>.Count));
            }
        }

        for (; i < strikes.Length; i++) result[i] = One(s, strikes[i], logStrikes[i], logS, rt, df, sd, t, r, sigma);
    }

    private static double One(double s, double k, double logK, double logS, double rt, double df, double sd, double t, double r, double sigma)
    {
        if (k <= 0 || s <= 0 || sd <= 0) return Call(s, k, t, r, sigma);
        var d1 = (logS - logK + rt) / sd + 0.5 * sd;
        var d2 = d1 - sd;
        var kdf = k * df;
        var e1 = Math.Exp(-0.5 * d1 * d1);
        var e2 = e1 * (s / kdf);
        // Far in or out of the money the ratio can overflow where both tails are 0 or 1 anyway.
        if (!double.IsFinite(e2)) e2 = Math.Exp(-0.5 * d2 * d2);
        return s * Normal.Cdf(d1, e1) - kdf * Normal.Cdf(d2, e2);
    }
}
