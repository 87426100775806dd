using Charta.Core.Valuation;
using Charta.Documents;

namespace Charta.Views;

/// <summary>The `--json` document of `value opm` (with or without a backsolve), shared by the CLI and the HTTP API.</summary>
public static class ValuationViews
{
    private static decimal J(double v) => EstimateFormat.ToDecimal(v, 6);

    /// <summary>`value opm --json`: inputs, the backsolve, each tranche's call spread and allocation, each class's value.</summary>
    public static object Opm(string company, DateOnly? asOf, OpmResult r, BacksolveResult? b, MonteCarloResult? mc)
    {
        var t = r.Table;
        var ids = t.ClassIds;
        return new
        {
            company,
            asOf,
            inputs = new { equity = r.Inputs.Equity, volatility = r.Inputs.Volatility, term = r.Inputs.Term, rate = r.Inputs.Rate },
            backsolve = b is null ? null : new { @class = b.ClassId, price = b.Price, equity = b.Equity, root = J(b.Root), iterations = b.Iterations, evaluations = b.Evaluations, tolerance = b.Tolerance },
            tranches = Enumerable.Range(0, t.TrancheCount).Select(i => new
            {
                from = t.Tranches[i].From,
                to = t.Tranches[i].To,
                callAtFrom = J(r.CallAtFrom[i]),
                callAtTo = J(r.CallAtTo(i)),
                value = J(r.TrancheValue[i]),
                shares = t.Tranches[i].Shares,
                allocation = ids.Select((id, c) => (id, c)).ToDictionary(x => x.id, x => J(r.Allocation(i, x.c))),
            }),
            classes = r.Classes.Select(c => new { id = c.Id, kind = c.Kind, strike = c.Strike, shares = c.Shares, value = J(c.Value), perShare = J(c.PerShare) }),
            total = J(r.Total),
            monteCarlo = mc is null ? null : new
            {
                paths = mc.Paths,
                seed = mc.Seed,
                threads = mc.Threads,
                classes = mc.Classes.Select(c => new { id = c.Id, opm = J(c.Opm), mean = J(c.Mean), standardError = J(c.StandardError), z = J(c.ZScore) }),
                equityMean = J(mc.EquityMean),
                equityStandardError = J(mc.EquityStandardError),
            },
        };
    }
}
