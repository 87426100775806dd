using Charta.Core.Liquidation;
using Charta.Core.Valuation;

namespace Charta.Documents;

/// <summary>A block of a report, laid out alike in Markdown, HTML and PDF.</summary>
public abstract record Block;

public sealed record Heading(int Level, string Text) : Block;

public sealed record Paragraph(string Text) : Block;

/// <summary>A table; <see cref="RightAligned"/> marks the numeric columns.</summary>
public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlySet<int> RightAligned) : Block;

/// <summary>The payout chart (PNG bytes).</summary>
public sealed record Chart(string Caption, byte[] Png) : Block;

/// <summary>Lays out a <see cref="ValuationReport"/> computed by the core: the sections a 409A-style report states.</summary>
public static class ReportDocument
{
    public static readonly string[] Sections =
        ["Inputs", "Breakpoints", "Allocation", "Values per class", "Scenarios", "Discount for lack of marketability", "Conclusion", "Payout chart", "Method and limits"];

    public static IReadOnlyList<Block> Build(ValuationReport r, byte[]? chartPng)
    {
        var blocks = new List<Block>();
        var opm = r.Opm;
        var a = opm.Inputs;
        var table = opm.Table;
        var ids = table.ClassIds;
        blocks.Add(new Heading(1, $"{r.Company}: value of the common stock as of {EstimateFormat.Date(r.ValuationDate)}"));
        blocks.Add(new Paragraph($"Concluded value per common share: **{EstimateFormat.Money(r.ConcludedCommonPerShare)}** ({r.Basis}, less a {EstimateFormat.Percent(r.Dlom.Discount)} discount for lack of marketability, {DlomName(r.Dlom.Method)})."));

        blocks.Add(new Heading(2, "Inputs"));
        var inputs = new List<IReadOnlyList<string>>
        {
            new[] { "Total equity value", EstimateFormat.Money(a.Equity), r.Backsolve is { } b
                ? $"backsolved: Series {b.ClassId} at {EstimateFormat.Money(b.Price)} a share ({b.Iterations} iteration(s) of Brent's method, {b.Evaluations} OPM evaluation(s), tolerance {b.Tolerance:0e0} relative)"
                : "given" },
            new[] { "Volatility", EstimateFormat.Percent(a.Volatility), "annual, of the total equity" },
            new[] { "Term", EstimateFormat.Plain(a.Term) + " years", "to the liquidity event" },
            new[] { "Risk-free rate", EstimateFormat.Percent(a.Rate), "continuously compounded" },
            new[] { "Cap table", table.Curve.Model.AsOf is { } d ? "as of " + EstimateFormat.Date(d) : "every event in the ledger", $"{ids.Count} classes, {table.Strikes.Count} option strike(s), {r.Breakpoints.Count} breakpoints" },
        };
        blocks.Add(new Table(["Input", "Value", "Note"], inputs, new HashSet<int> { 1 }));

        blocks.Add(new Heading(2, "Breakpoints"));
        blocks.Add(new Paragraph("The exit values at which the split of a marginal dollar changes, exact from the charter's liquidation terms (as `charta breakpoints`)."));
        blocks.Add(new Table(["Exit", "Event", "Clause"], r.Breakpoints.Select(bp => (IReadOnlyList<string>)[EstimateFormat.Money(decimal.Round(bp.Exit, 2, MidpointRounding.AwayFromZero)), bp.Event, bp.Clause]).ToList(), new HashSet<int> { 0 }));

        blocks.Add(new Heading(2, "Allocation"));
        blocks.Add(new Paragraph("Each tranche is a call spread on the total equity: the call struck at its lower bound less the call struck at its upper bound (Black–Scholes, no dividends). Its value is shared among the classes in the tranche's split of a marginal dollar."));
        var header = new List<string> { "From", "To", "Call at from", "Call at to", "Tranche value" };
        header.AddRange(ids);
        var rows = new List<IReadOnlyList<string>>();
        for (var i = 0; i < table.TrancheCount; i++)
        {
            var t = table.Tranches[i];
            var row = new List<string>
            {
                EstimateFormat.Money(decimal.Round(t.From, 2, MidpointRounding.AwayFromZero)),
                t.To is { } to ? EstimateFormat.Money(decimal.Round(to, 2, MidpointRounding.AwayFromZero)) : "and above",
                EstimateFormat.Money(opm.CallAtFrom[i]), EstimateFormat.Money(opm.CallAtTo(i)), EstimateFormat.Money(opm.TrancheValue[i]),
            };
            for (var c = 0; c < ids.Count; c++) row.Add(t.Shares[ids[c]] == 0 ? "-" : EstimateFormat.Money(opm.Allocation(i, c)));
            rows.Add(row);
        }

        var total = new List<string> { "total", "", "", "", EstimateFormat.Money(opm.TrancheValue.Sum()) };
        total.AddRange(opm.CurveClassValue.Select(EstimateFormat.Money));
        rows.Add(total);
        blocks.Add(new Table(header, rows, new HashSet<int>(Enumerable.Range(0, header.Count))));

        blocks.Add(new Heading(2, "Values per class"));
        blocks.Add(new Table(["Class", "Shares", "Value", "Per share"],
            opm.Classes.Select(c => (IReadOnlyList<string>)[ClassName(c, table), EstimateFormat.Shares(c.Shares), EstimateFormat.Money(c.Value), EstimateFormat.PerShare(c.PerShare)]).ToList(),
            new HashSet<int> { 1, 2, 3 }));

        if (r.Pwerm is { } p)
        {
            blocks.Add(new Heading(2, "Scenarios"));
            blocks.Add(new Paragraph($"{(p.Set.IsHybrid ? "Hybrid method" : "Probability-weighted expected return method")}: each exit is paid through the waterfall and discounted to {EstimateFormat.Date(p.Set.ValuationDate)} at {EstimateFormat.Percent(p.Set.DiscountRate)} a year (years = days / 365); an OPM scenario is valued at today's equity."));
            var sh = new List<string> { "Scenario", "Kind", "Probability", "Date", "Equity", "Discount factor" };
            sh.AddRange(p.ClassIds.Select(id => id + " (PV)"));
            var srows = p.Scenarios.Select(s =>
            {
                var row = new List<string>
                {
                    s.Scenario.Name, s.Scenario.Kind.ToString().ToLowerInvariant(), EstimateFormat.Percent(s.Scenario.Probability),
                    s.Scenario.Date is { } d ? EstimateFormat.Date(d) : "-", EstimateFormat.Money(s.Scenario.Equity), EstimateFormat.Number(s.DiscountFactor, 4),
                };
                row.AddRange(s.PresentValue.Select(EstimateFormat.Money));
                return (IReadOnlyList<string>)row;
            }).ToList();
            var w = new List<string> { "weighted", "", "", "", "", "" };
            w.AddRange(p.Weighted.Select(EstimateFormat.Money));
            srows.Add(w);
            var ps = new List<string> { "per share", "", "", "", "", "" };
            ps.AddRange(Enumerable.Range(0, p.ClassIds.Count).Select(c => EstimateFormat.PerShare(p.PerShare(c))));
            srows.Add(ps);
            blocks.Add(new Table(sh, srows, new HashSet<int>(Enumerable.Range(2, sh.Count - 2))));
        }

        blocks.Add(new Heading(2, "Discount for lack of marketability"));
        var dl = r.Dlom;
        var dr = new List<IReadOnlyList<string>>
        {
            new[] { "Method", DlomName(dl.Method) },
            new[] { "Volatility", EstimateFormat.Percent(dl.Volatility) },
            new[] { "Holding period", EstimateFormat.Plain(dl.Term) + " years" },
        };
        if (dl.Rate is { } rate) dr.Add(["Risk-free rate", EstimateFormat.Percent(rate)]);
        dr.Add(["Formula", dl.Formula]);
        foreach (var s in dl.Steps) dr.Add([s.Name, EstimateFormat.Number(s.Value, 6)]);
        dr.Add(["Discount", EstimateFormat.Percent(dl.Discount)]);
        dr.Add(["Source", dl.Citation]);
        blocks.Add(new Table(["Item", "Value"], dr, new HashSet<int>()));

        blocks.Add(new Heading(2, "Conclusion"));
        blocks.Add(new Table(["Step", "Per common share"],
        [
            [$"Marketable value ({r.Basis})", EstimateFormat.PerShare((double)r.MarketableCommonPerShare)],
            [$"Less DLOM ({EstimateFormat.Percent(dl.Discount)})", EstimateFormat.PerShare(-(double)r.MarketableCommonPerShare * dl.Discount)],
            ["Concluded value per common share (to the cent)", EstimateFormat.Money(r.ConcludedCommonPerShare)],
        ], new HashSet<int> { 1 }));

        if (chartPng is not null)
        {
            blocks.Add(new Heading(2, "Payout chart"));
            blocks.Add(new Chart("Each class's payout against the exit value; dashed lines mark the breakpoints.", chartPng));
        }

        blocks.Add(new Heading(2, "Method and limits"));
        blocks.Add(new Paragraph("The breakpoints and the tranche splits are exact (decimal arithmetic on the charter's terms). The option pricing is an estimate in binary floating point (double); the figures are rounded for display only. The normal distribution function is Hart's rational approximation (absolute error below 3e-16). See docs/interpretations.md, \"Valuation\"."));
        return blocks;
    }

    public static string DlomName(string method) => method == Dlom.Finnerty ? "Finnerty (2012) average-strike put" : "Chaffe (1993) protective put";

    private static string ClassName(ClassValue c, OpmTable t) => c.Kind switch
    {
        "common" => "Common",
        "series" => "Series " + c.Id,
        _ => $"Options and warrants at {EstimateFormat.Money(c.Strike!.Value)}",
    };

    /// <summary>The largest exit the chart shows: twice the equity, and past the last breakpoint.</summary>
    public static decimal ChartMax(ValuationReport r)
    {
        var last = r.Breakpoints.Count == 0 ? 0m : r.Breakpoints[^1].Exit;
        return decimal.Round(Math.Max(2 * r.Opm.Inputs.Equity, last * 1.25m), 0);
    }
}
