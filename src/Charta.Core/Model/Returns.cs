namespace Charta.Core.Model;

/// <summary>An investor's return: the multiple of money and, with an exit date, the annualized internal rate of return.</summary>
public static class Returns
{
    /// <summary>Proceeds ÷ invested (null when nothing was invested).</summary>
    public static decimal? Multiple(decimal invested, decimal proceeds) => invested == 0 ? null : proceeds / invested;

    /// <summary>
    /// The IRR of one investment and one exit: multiple^(365 ÷ days) − 1 (an actual/365 year), in decimal through
    /// <see cref="Exp"/> and <see cref="Ln"/>. Null when the exit is not after the investment or nothing comes back.
    /// </summary>
    public static decimal? Irr(decimal invested, decimal proceeds, DateOnly from, DateOnly to)
    {
        var days = to.DayNumber - from.DayNumber;
        if (invested <= 0 || days <= 0) return null;
        if (proceeds <= 0) return -1m;
        var m = proceeds / invested;
        return Exp(Ln(m) * 365m / days) - 1m;
    }

    /// <summary>Natural logarithm of a positive decimal: x = m·2^k with m in [0.5, 1), then ln m = 2·atanh((m−1)/(m+1)).</summary>
    public static decimal Ln(decimal x)
    {
        Preconditions.Check(x > 0, "ln needs a positive argument");
        var k = 0;
        while (x >= 1m) { x /= 2m; k++; }
        while (x < 0.5m) { x *= 2m; k--; }
        var y = (x - 1m) / (x + 1m);
        var y2 = y * y;
        decimal term = y, sum = 0m;
        for (var n = 1; n < 200; n += 2)
        {
            var add = term / n;
            if (add == 0m) break;
            sum += add;
            term *= y2;
        }

        return 2m * sum + k * Ln2;
    }

    /// <summary>e^x for |x| up to about 60: e^x = (e^(x/2^k))^(2^k) with a Taylor series for the small part.</summary>
    public static decimal Exp(decimal x)
    {
        Preconditions.Check(x < 60m, "exp argument too large");
        if (x < -60m) return 0m;
        var k = 0;
        while (Math.Abs(x) > 0.5m) { x /= 2m; k++; }
        decimal term = 1m, sum = 1m;
        for (var n = 1; n < 60; n++)
        {
            term = term * x / n;
            if (term == 0m) break;
            sum += term;
        }

        for (var i = 0; i < k; i++) sum *= sum;
        return sum;
    }

    private const decimal Ln2 = 0.6931471805599453094172321215m;
}
