using System.Runtime.Intrinsics;

namespace Charta.Core.Valuation;

/// <summary>
/// The standard normal distribution function Φ in double precision: Hart's (1968) rational approximation, algorithm
/// 5666, as set out by West, "Better approximations to cumulative normal functions", Wilmott Magazine (2005). Absolute
/// error at most 2.3e-16 on the whole real line, relative error in the lower tail below 1e-8 (5e-11 at x = −5); tests
/// check it against an independent Simpson integration and tabulated values. See docs/interpretations.md, "Valuation".
/// </summary>
public static class Normal
{
    private const double InvSqrt2Pi = 0.398942280401432677939946059934;

    /// <summary>Φ(x) = P(Z ≤ x) for a standard normal Z.</summary>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        var a = Math.Abs(x);
        var tail = a > 37.0 ? 0.0 : Tail(a, Math.Exp(-0.5 * a * a));
        return x > 0 ? 1.0 - tail : tail;
    }

    /// <summary>Φ(x) when e = exp(−x²/2) is already known (Black–Scholes shares it between d1 and d2).</summary>
    internal static double Cdf(double x, double e)
    {
        var a = Math.Abs(x);
        var tail = a > 37.0 ? 0.0 : Tail(a, e);
        return x > 0 ? 1.0 - tail : tail;
    }

    /// <summary>Φ(−a) for a ≥ 0, given e = exp(−a²/2).</summary>
    private static double Tail(double a, double e)
    {
        if (a >= 7.07106781186547)
        {
            // Continued fraction for the far tail.
            var cf = a + 0.65;
            cf = a + 4.0 / cf;
            cf = a + 3.0 / cf;
            cf = a + 2.0 / cf;
            cf = a + 1.0 / cf;
            return e / cf * InvSqrt2Pi;
        }

        var num = 3.52624965998911e-02;
        num = num * a + 0.700383064443688;
        num = num * a + 6.37396220353165;
        num = num * a + 33.912866078383;
        num = num * a + 112.079291497871;
        num = num * a + 221.213596169931;
        num = num * a + 220.206867912376;
        var den = 8.83883476483184e-02;
        den = den * a + 1.75566716318264;
        den = den * a + 16.064177579207;
        den = den * a + 86.7807322029461;
        den = den * a + 296.564248779674;
        den = den * a + 637.333633378831;
        den = den * a + 793.826512519948;
        den = den * a + 440.413735824752;
        return e * num / den;
    }

    /// <summary>
    /// Φ lane by lane for four values, given e = exp(−x²/2): the same rational approximation and far-tail continued
    /// fraction as <see cref="Cdf(double, double)"/>, both computed and the right one selected per lane.
    /// </summary>
    internal static Vector256<double> Cdf(Vector256<double> x, Vector256<double> e)
    {
        var a = Vector256.Abs(x);
        var num = Vector256.Create(3.52624965998911e-02);
        num = num * a + Vector256.Create(0.700383064443688);
        num = num * a + Vector256.Create(6.37396220353165);
        num = num * a + Vector256.Create(33.912866078383);
        num = num * a + Vector256.Create(112.079291497871);
        num = num * a + Vector256.Create(221.213596169931);
        num = num * a + Vector256.Create(220.206867912376);
        var den = Vector256.Create(8.83883476483184e-02);
        den = den * a + Vector256.Create(1.75566716318264);
        den = den * a + Vector256.Create(16.064177579207);
        den = den * a + Vector256.Create(86.7807322029461);
        den = den * a + Vector256.Create(296.564248779674);
        den = den * a + Vector256.Create(637.333633378831);
        den = den * a + Vector256.Create(793.826512519948);
        den = den * a + Vector256.Create(440.413735824752);
        var tail = e * num / den;
        var far = Vector256.GreaterThanOrEqual(a, Vector256.Create(7.07106781186547));
        if (!Vector256.EqualsAll(far.AsInt64(), Vector256<long>.Zero))
        {
            var cf = a + Vector256.Create(0.65);
            cf = a + Vector256.Create(4.0) / cf;
            cf = a + Vector256.Create(3.0) / cf;
            cf = a + Vector256.Create(2.0) / cf;
            cf = a + Vector256.Create(1.0) / cf;
            tail = Vector256.ConditionalSelect(far, e / cf * Vector256.Create(InvSqrt2Pi), tail);
            tail = Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256.Create(37.0)), Vector256<double>.Zero, tail);
        }

        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<double>.Zero), Vector256<double>.One - tail, tail);
    }

    /// <summary>The standard normal density φ(x).</summary>
    public static double Pdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);
}
