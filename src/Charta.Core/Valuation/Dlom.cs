using System.Globalization;

namespace Charta.Core.Valuation;

/// <summary>One named intermediate figure of a DLOM formula, shown with the result.</summary>
public sealed record DlomStep(string Name, double Value);

/// <summary>A discount for lack of marketability: the method, its inputs, the discount as a fraction, and how it was reached.</summary>
public sealed record DlomResult(string Method, decimal Volatility, decimal Term, decimal? Rate, double Discount, string Formula, string Citation, IReadOnlyList<DlomStep> Steps);

/// <summary>Option-based discounts for lack of marketability on the common (no dividends).</summary>
public static class Dlom
{
    public const string Finnerty = "finnerty";
    public const string Chaffe = "chaffe";

    public const string FinnertyCitation = "Finnerty, J. D. (2012), \"An Average-Strike Put Option Model of the Marketability Discount\", The Journal of Derivatives 19(4), 53-69";
    public const string ChaffeCitation = "Chaffe, D. B. H. III (1993), \"Option Pricing as a Proxy for Discount for Lack of Marketability in Private Company Valuations\", Business Valuation Review 12(4), 182-188";

    private static Refusal? Check(decimal volatility, decimal term)
    {
        var c = CultureInfo.InvariantCulture;
        if (volatility <= 0 || volatility > 5) return new Refusal("volatility", volatility.ToString(c), "must be above 0 and at most 5 (500% a year)");
        if (term <= 0 || term > 100) return new Refusal("term", term.ToString(c), "must be above 0 and at most 100 years (the holding period)");
        return null;
    }

    /// <summary>
    /// Finnerty (2012), the average-strike put with no dividend yield, as a fraction of the share value:
    /// v²T = σ²T + ln[2(e^(σ²T) − σ²T − 1)] − 2·ln(e^(σ²T) − 1); D = N(v√T/2) − N(−v√T/2).
    /// </summary>
    public static Result<DlomResult> FinnertyAverageStrike(decimal volatility, decimal term)
    {
        if (Check(volatility, term) is { } bad) return bad;
        double sigma = (double)volatility, t = (double)term;
        var s2t = sigma * sigma * t;
        // e^(σ²T) − 1 and e^(σ²T) − σ²T − 1 via expm1-style care for small σ²T: Math.Exp is accurate enough above 1e-4.
        var em1 = s2t < 1e-4 ? s2t + s2t * s2t / 2 + s2t * s2t * s2t / 6 : Math.Exp(s2t) - 1;
        var em1x = s2t < 1e-4 ? s2t * s2t / 2 + s2t * s2t * s2t / 6 : Math.Exp(s2t) - s2t - 1;
        var v2t = s2t + Math.Log(2 * em1x) - 2 * Math.Log(em1);
        var vrt = Math.Sqrt(Math.Max(0.0, v2t));
        var d = Normal.Cdf(vrt / 2) - Normal.Cdf(-vrt / 2);
        return new DlomResult(Finnerty, volatility, term, null, d,
            "v²T = σ²T + ln[2(e^(σ²T) − σ²T − 1)] − 2·ln(e^(σ²T) − 1); DLOM = N(v√T/2) − N(−v√T/2)",
            FinnertyCitation, [new DlomStep("σ²T", s2t), new DlomStep("v²T", v2t), new DlomStep("v√T", vrt)]);
    }

    /// <summary>
    /// Chaffe (1993), the protective put: an at-the-money European put (K = S) as a fraction of the share value,
    /// P/S = e^(−rT)·N(−d2) − N(−d1), d1 = (r + σ²/2)√T / σ, d2 = d1 − σ√T.
    /// </summary>
    public static Result<DlomResult> ChaffeProtectivePut(decimal volatility, decimal term, decimal rate)
    {
        if (Check(volatility, term) is { } bad) return bad;
        if (rate < -0.5m || rate > 1) return new Refusal("rate", rate.ToString(CultureInfo.InvariantCulture), "must be between -0.5 and 1");
        double sigma = (double)volatility, t = (double)term, r = (double)rate;
        var sd = sigma * Math.Sqrt(t);
        var d1 = (r * t) / sd + 0.5 * sd;
        var d2 = d1 - sd;
        var d = Math.Exp(-r * t) * Normal.Cdf(-d2) - Normal.Cdf(-d1);
        return new DlomResult(Chaffe, volatility, term, rate, d,
            "d1 = (r + σ²/2)√T/σ, d2 = d1 − σ√T; DLOM = e^(−rT)·N(−d2) − N(−d1)",
            ChaffeCitation, [new DlomStep("σ√T", sd), new DlomStep("d1", d1), new DlomStep("d2", d2)]);
    }

    public static Result<DlomResult> Compute(string method, decimal volatility, decimal term, decimal rate) => method switch
    {
        Finnerty => FinnertyAverageStrike(volatility, term),
        Chaffe => ChaffeProtectivePut(volatility, term, rate),
        _ => new Refusal("dlom", method, $"must be {Finnerty} or {Chaffe}"),
    };
}
