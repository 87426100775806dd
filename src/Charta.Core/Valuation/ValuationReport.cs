using Charta.Core.Liquidation;

namespace Charta.Core.Valuation;

/// <summary>
/// Everything a 409A-style report states, computed by the core: the inputs, the breakpoints, the OPM allocation, the
/// backsolve and the PWERM or hybrid when given, the DLOM, and the concluded value per common share. The documents
/// adapter only lays it out.
/// </summary>
public sealed record ValuationReport(
    string Company,
    DateOnly ValuationDate,
    OpmResult Opm,
    BacksolveResult? Backsolve,
    PwermResult? Pwerm,
    DlomResult Dlom,
    decimal MarketableCommonPerShare,
    decimal ConcludedCommonPerShare,
    string Basis)
{
    public IReadOnlyList<Breakpoint> Breakpoints => Opm.Table.Curve.Breakpoints;

    /// <summary>
    /// Concludes the value of a common share: the OPM value per share (or, with scenarios, the PWERM / hybrid value per
    /// share) less the DLOM, rounded to the cent (half away from zero) for the conclusion only.
    /// </summary>
    public static ValuationReport Conclude(string company, DateOnly valuationDate, OpmResult opm, BacksolveResult? backsolve, PwermResult? pwerm, DlomResult dlom)
    {
        var marketable = pwerm is null ? opm.Classes[0].PerShare : pwerm.PerShare(0);
        var basis = pwerm is null ? "option-pricing method" : pwerm.Set.IsHybrid ? "hybrid method (PWERM with an OPM scenario)" : "probability-weighted expected return method";
        var m = (decimal)marketable;
        var concluded = Money.Rounding.EstimateToNearestCent(m * (decimal)(1.0 - dlom.Discount));
        return new ValuationReport(company, valuationDate, opm, backsolve, pwerm, dlom, m, concluded, basis);
    }
}
