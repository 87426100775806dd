using System.CommandLine;
using System.Globalization;
using Charta.Cli.Output;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using Charta.Core.Valuation;
using Charta.Documents;
using Charta.Views;

namespace Charta.Cli.Commands;

/// <summary>
/// `charta value opm | pwerm | dlom | report`: the AICPA guide's methods on the exact breakpoints. The option-pricing
/// maths is double (an estimate); inputs are read as decimals and results shown rounded (docs/interpretations.md, "Valuation").
/// </summary>
public static class ValuationCommands
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static Command Value(CliContext ctx) => new("value", "Value the classes today: the option-pricing method on the breakpoints, backsolve, PWERM and hybrid, DLOM, and a 409A-style report.")
    {
        Opm(ctx), Pwerm(ctx), DlomCommand(ctx), Report(ctx),
    };

    private sealed class OpmOptions
    {
        public Option<string?> Equity { get; } = Parse.Optional("--equity", "Total equity value today, in dollars (not with --backsolve).");
        public Option<string> Volatility { get; } = Parse.Required("--volatility", "Annual volatility of the total equity: 0.55 or 55%.");
        public Option<string> Term { get; } = Parse.Required("--term", "Years to the liquidity event, e.g. 2.5.");
        public Option<string> Rate { get; } = Parse.Required("--rate", "Risk-free rate, continuously compounded: 0.04 or 4%.");
        public Option<string?> AsOf { get; } = Parse.Optional("--as-of", "Fold the ledger to this date YYYY-MM-DD (default: today); also the valuation date.");
        public Option<string?> Backsolve { get; } = Parse.Optional("--backsolve", "SERIES=PRICE: solve for the equity at which that class's OPM value per share is the round price.");

        public IEnumerable<Option> All => [Equity, Volatility, Term, Rate, AsOf, Backsolve];

        public (OpmTable Table, OpmResult Opm, BacksolveResult? Backsolve, CapTable CapTable, DateOnly? AsOf) Solve(CliContext ctx, ParseResult p)
        {
            var vol = Fraction(p, Volatility);
            var term = Years(p, Term);
            var rate = Fraction(p, Rate, allowNegative: true);
            var solve = p.GetValue(Backsolve);
            var equityText = p.GetValue(Equity);
            if (solve is null && equityText is null) throw Parse.Refuse("--equity", "(missing)", "give the total equity value, or --backsolve SERIES=PRICE to solve for it");
            if (solve is not null && equityText is not null) throw Parse.Refuse("--equity", equityText, "give either --equity or --backsolve, not both (the backsolve finds the equity)");
            DateOnly? asOf = Parse.OptionalDate(p, AsOf) ?? ctx.Today;
            var capTable = ctx.Read(p, asOf);
            var table = OpmTable.Build(PayoutCurve.Build(LiquidationModel.From(capTable)));
            if (solve is null)
            {
                var a = new OpmAssumptions(Parse.Money(Equity.Name, equityText!), vol, term, rate);
                return (table, Require(Core.Valuation.Opm.Value(table, a)), null, capTable, asOf);
            }

            var eq = solve.IndexOf('=');
            if (eq <= 0) throw Parse.Refuse("--backsolve", solve, "must be SERIES=PRICE, e.g. D=11.03");
            var price = Parse.Money("--backsolve price", solve[(eq + 1)..]);
            var b = Require(Core.Valuation.Opm.Backsolve(table, solve[..eq].Trim(), price, new OpmAssumptions(0m, vol, term, rate)));
            return (table, b.Opm, b, capTable, asOf);
        }
    }

    /// <summary>Refusals from the core name the input; the CLI names the option.</summary>
    private static T Require<T>(Core.Result<T> r)
    {
        if (r.IsOk) return r.Value;
        var f = r.Refusal!.Field;
        var option = f == "paths" ? "--monte-carlo" : f.StartsWith("--", StringComparison.Ordinal) || f.Contains(' ') || f.Contains(':') ? f : "--" + f;
        throw new CliRefusalException(r.Refusal with { Field = option });
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";

    public static Command Opm(CliContext ctx)
    {
        var o = new OpmOptions();
        var paths = Parse.Optional("--monte-carlo", "Also simulate this many lognormal paths through the waterfall, beside the closed form (e.g. 1000000).");
        var seed = Parse.Optional("--seed", "Seed of the Monte Carlo generator (default 1): the same seed gives the same figures.");
        var threads = Parse.Optional("--threads", "Monte Carlo worker threads (default 2).");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("opm", "The option-pricing method on the exact breakpoints: each tranche a call spread on the total equity, allocated by its split of a marginal dollar.");
        foreach (var x in o.All) cmd.Options.Add(x);
        cmd.Options.Add(paths);
        cmd.Options.Add(seed);
        cmd.Options.Add(threads);
        cmd.Options.Add(json);
        cmd.SetAction(p =>
        {
            long? n = p.GetValue(paths) is { } pt ? Parse.Shares("--monte-carlo", pt) : null;
            var s = p.GetValue(seed) is { } st ? Int("--seed", st, int.MinValue) : 1;
            var th = p.GetValue(threads) is { } tt ? Int("--threads", tt, 1) : 2;
            if (n is < 2) throw Parse.Refuse("--monte-carlo", n.Value.ToString(C), "must be at least 2 paths");
            var (table, opm, back, capTable, asOf) = o.Solve(ctx, p);
            MonteCarloResult? mc = null;
            if (n is { } count)
            {
                using var bar = ProgressBar.ForStderr(ctx, count, "Monte Carlo");
                mc = Require(MonteCarlo.Run(table, opm.Inputs, count, s, th, bar is null ? null : bar.Report));
            }

            if (p.GetValue(json)) return ctx.WriteJson(OpmJson(capTable.Charter.Company, asOf, opm, back, mc));
            WriteOpm(ctx.Out, capTable.Charter.Company, asOf, opm, back, mc);
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command Pwerm(CliContext ctx)
    {
        var scenarios = Parse.Required("--scenarios", "The scenario file (JSON): valuationDate, discountRate, scenarios with kind ipo|sale|dissolution|opm, probability, date, equity.");
        var asOf = Parse.Optional("--as-of", "Fold the ledger to this date YYYY-MM-DD (default: today).");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("pwerm", "The probability-weighted expected return method (hybrid when a scenario is valued by the OPM): each exit paid through the waterfall and discounted.") { scenarios, asOf, json };
        cmd.SetAction(p =>
        {
            var (capTable, result) = RunPwerm(ctx, p, Parse.Text(p, scenarios), Parse.OptionalDate(p, asOf) ?? ctx.Today);
            if (p.GetValue(json)) return ctx.WriteJson(PwermJson(result));
            WritePwerm(ctx.Out, capTable.Charter.Company, result, capTable.AsOf);
            return Cli.Ok;
        });
        return cmd;
    }

    private static (CapTable, PwermResult) RunPwerm(CliContext ctx, ParseResult p, string file, DateOnly? asOf)
    {
        if (!File.Exists(file)) throw Parse.Refuse("--scenarios", file, "no such file");
        var text = File.ReadAllText(file);
        if (file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)) text = YamlToJson(file, text);
        else
        {
            // A key given twice is refused, never "the last one wins" (docs/reliability.md).
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(text);
                if (Core.JsonStrict.DuplicateKey(doc.RootElement) is { } dup)
                    throw Parse.Refuse("--scenarios", $"{file}#{dup}", "this key is given twice in the same object; give each key once");
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON: the scenario reader says where.
            }
        }
        var set = Require(Core.Valuation.Pwerm.Parse(text, file));
        var capTable = ctx.Read(p, asOf);
        var table = OpmTable.Build(PayoutCurve.Build(LiquidationModel.From(capTable)));
        return (capTable, Require(Core.Valuation.Pwerm.Value(table, set, capTable.Charter.AutomaticConversion?.PublicOffering?.Clause)));
    }

    /// <summary>A YAML scenario file read as the same JSON document (scalars as strings; the scenario reader accepts them).</summary>
    private static string YamlToJson(string file, string yaml)
    {
        object? graph;
        try
        {
            graph = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object?>(yaml);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw Parse.Refuse("--scenarios", file, $"is not valid YAML (line {e.Start.Line}): {e.Message}");
        }

        static System.Text.Json.Nodes.JsonNode? Node(object? o) => o switch
        {
            null => null,
            IDictionary<object, object?> map => new System.Text.Json.Nodes.JsonObject(map.Select(kv => KeyValuePair.Create(Convert.ToString(kv.Key, C) ?? "", Node(kv.Value)))),
            IList<object?> list => new System.Text.Json.Nodes.JsonArray(list.Select(Node).ToArray()),
            _ => System.Text.Json.Nodes.JsonValue.Create(Convert.ToString(o, C)),
        };

        return Node(graph)?.ToJsonString() ?? "null";
    }

    public static Command DlomCommand(CliContext ctx)
    {
        var vol = Parse.Required("--volatility", "Annual volatility of the common: 0.55 or 55%.");
        var term = Parse.Required("--term", "Holding period in years (until the common can be sold).");
        var rate = Parse.Optional("--rate", "Risk-free rate for the Chaffe put, continuously compounded (default 0).");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("dlom", "Discount for lack of marketability on the common: Finnerty (2012) average-strike put and Chaffe (1993) protective put.") { vol, term, rate, json };
        cmd.SetAction(p =>
        {
            var v = Fraction(p, vol);
            var t = Years(p, term);
            var r = p.GetValue(rate) is { } rt ? Fraction(rate.Name, rt, allowNegative: true) : 0m;
            var results = new[] { Require(Dlom.FinnertyAverageStrike(v, t)), Require(Dlom.ChaffeProtectivePut(v, t, r)) };
            if (p.GetValue(json)) return ctx.WriteJson(results.Select(DlomJson));
            foreach (var d in results) WriteDlom(ctx.Out, d);
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command Report(CliContext ctx)
    {
        var o = new OpmOptions();
        var output = Parse.Required("--out", "The report to write: FILE.html, FILE.pdf or FILE.md (the chart is written beside a .md as FILE-chart.png).");
        var scenarios = Parse.Optional("--scenarios", "A scenario file: conclude by PWERM (or the hybrid, with an opm scenario) instead of the OPM alone.");
        var dlom = new Option<string>("--dlom") { Description = "DLOM method on the common: finnerty (default) or chaffe.", DefaultValueFactory = _ => Dlom.Finnerty };
        dlom.AcceptOnlyFromAmong(Dlom.Finnerty, Dlom.Chaffe);
        var dlomTerm = Parse.Optional("--dlom-term", "Holding period for the DLOM in years (default: --term).");
        var cmd = new Command("report", "A 409A-style report: inputs, breakpoints, allocation, per-class values, DLOM, the concluded value per common share, and the payout chart.");
        foreach (var x in o.All) cmd.Options.Add(x);
        cmd.Options.Add(output);
        cmd.Options.Add(scenarios);
        cmd.Options.Add(dlom);
        cmd.Options.Add(dlomTerm);
        cmd.SetAction(p =>
        {
            var path = Parse.Text(p, output);
            if (!ValuationReportWriter.Extensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
                throw Parse.Refuse("--out", path, "must end in .html, .pdf or .md");
            var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(dir)) throw Parse.Refuse("--out", path, "the folder does not exist");
            var (_, opm, back, capTable, asOf) = o.Solve(ctx, p);
            PwermResult? pw = null;
            if (p.GetValue(scenarios) is { } file) (_, pw) = RunPwerm(ctx, p, file, asOf);
            var term = p.GetValue(dlomTerm) is { } dt ? Years(dlomTerm.Name, dt) : opm.Inputs.Term;
            var d = Require(Dlom.Compute(p.GetValue(dlom)!, opm.Inputs.Volatility, term, opm.Inputs.Rate));
            var date = pw?.Set.ValuationDate ?? asOf ?? ctx.Today;
            var report = ValuationReport.Conclude(capTable.Charter.Company, date, opm, back, pw, d);
            var written = ValuationReportWriter.Write(report, path);
            ctx.Out.WriteLine($"Wrote {string.Join(" and ", written)}: concluded value per common share {EstimateFormat.Money(report.ConcludedCommonPerShare)} ({report.Basis}, DLOM {EstimateFormat.Percent(d.Discount)}).");
            return Cli.Ok;
        });
        return cmd;
    }

    // ---- input ----

    private static decimal Fraction(ParseResult p, Option<string> o, bool allowNegative = false) => Fraction(o.Name, p.GetValue(o)!, allowNegative);

    /// <summary>"0.55" or "55%".</summary>
    private static decimal Fraction(string field, string text, bool allowNegative = false)
    {
        var t = text.Trim();
        var percent = t.EndsWith('%');
        if (percent) t = t[..^1];
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, C, out var d))
            throw Parse.Refuse(field, text, "must be a number such as 0.55 or 55%");
        if (d < 0 && !allowNegative) throw Parse.Refuse(field, text, "must not be negative");
        return percent ? d / 100m : d;
    }

    private static decimal Years(ParseResult p, Option<string> o) => Years(o.Name, p.GetValue(o)!);

    private static decimal Years(string field, string text)
    {
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, C, out var d) || d <= 0)
            throw Parse.Refuse(field, text, "must be a positive number of years, e.g. 2.5");
        return d;
    }

    private static int Int(string field, string text, int min)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, C, out var n) || n < min)
            throw Parse.Refuse(field, text, $"must be a whole number of at least {min}");
        return n;
    }

    // ---- text ----

    private static string ClassLabel(ClassValue c) => c.Kind switch
    {
        "common" => c.Id,
        "series" => c.Id,
        _ => $"options at {c.Strike!.Value.ToString(C)}",
    };

    internal static void WriteOpm(TextWriter w, string company, DateOnly? asOf, OpmResult r, BacksolveResult? b, MonteCarloResult? mc)
    {
        var a = r.Inputs;
        var t = r.Table;
        w.WriteLine($"{company}: option-pricing method on the breakpoints" + (asOf is { } d ? $", as of {Format.Date(d)}" : ""));
        w.WriteLine($"Equity {EstimateFormat.Money(a.Equity)}{(b is null ? "" : $" (backsolved from {b.ClassId} at {EstimateFormat.Money(b.Price)})")}, volatility {EstimateFormat.Percent(a.Volatility)}, " +
                    $"term {a.Term.ToString(C)} years, risk-free rate {EstimateFormat.Percent(a.Rate)} (continuously compounded).");
        w.WriteLine("Black-Scholes calls on the total equity, no dividends; double precision, shown rounded.");
        w.WriteLine();
        w.WriteLine("Tranches (call at from - call at to = tranche value), allocated by each tranche's split of a marginal dollar:");
        var ids = t.ClassIds;
        var tt = new TextTable([.. new[] { "From", "To", "Call at from", "Call at to", "Value" }, .. ids]).RightAlign([.. Enumerable.Range(0, ids.Count + 5)]);
        for (var i = 0; i < t.TrancheCount; i++)
        {
            var tr = t.Tranches[i];
            tt.Row([
                Format.Money(Cents(tr.From)), tr.To is { } to ? Format.Money(Cents(to)) : "and above",
                EstimateFormat.Money(r.CallAtFrom[i]), EstimateFormat.Money(r.CallAtTo(i)), EstimateFormat.Money(r.TrancheValue[i]),
                .. ids.Select((_, c) => tr.Shares[ids[c]] == 0 ? "-" : EstimateFormat.Money(r.Allocation(i, c))),
            ]);
        }

        tt.Row(["total", "", "", "", EstimateFormat.Money(r.TrancheValue.Sum()), .. r.CurveClassValue.Select(EstimateFormat.Money)]);
        tt.WriteTo(w);
        w.WriteLine();
        w.WriteLine("Value per class:");
        var ct = new TextTable("Class", "Shares", "Value", "Per share").RightAlign(1, 2, 3);
        foreach (var c in r.Classes) ct.Row(ClassLabel(c), Format.Shares(c.Shares), EstimateFormat.Money(c.Value), EstimateFormat.PerShare(c.PerShare));
        ct.Row("total", "", EstimateFormat.Money(r.Total), "");
        ct.WriteTo(w);
        if (b is not null)
        {
            w.WriteLine();
            w.WriteLine($"Backsolve: {b.ClassId} at {EstimateFormat.Money(b.Price)} a share gives a total equity of {EstimateFormat.Money(b.Equity)} " +
                        $"(Brent's method, {Plural(b.Iterations, "iteration")}, {Plural(b.Evaluations, "evaluation")}, tolerance {b.Tolerance.ToString("0e0", C)} relative; at that equity {b.ClassId} is worth {EstimateFormat.PerShare(b.Opm.Classes.First(c => c.Id == b.ClassId).PerShare)} a share).");
        }

        if (mc is not null)
        {
            w.WriteLine();
            w.WriteLine($"Monte Carlo cross-check: {Format.Shares(mc.Paths)} lognormal paths through the waterfall, seed {mc.Seed}, {mc.Threads} thread(s):");
            var mt = new TextTable("Class", "OPM", "Monte Carlo", "Std error", "z").RightAlign(1, 2, 3, 4);
            foreach (var c in mc.Classes) mt.Row(c.Id, EstimateFormat.Money(c.Opm), EstimateFormat.Money(c.Mean), EstimateFormat.Money(c.StandardError), EstimateFormat.Number(c.ZScore, 2));
            mt.Row("equity", EstimateFormat.Money(a.Equity), EstimateFormat.Money(mc.EquityMean), EstimateFormat.Money(mc.EquityStandardError),
                EstimateFormat.Number(mc.EquityStandardError == 0 ? 0 : (mc.EquityMean - (double)a.Equity) / mc.EquityStandardError, 2));
            mt.WriteTo(w);
        }
    }

    private static void WritePwerm(TextWriter w, string company, PwermResult r, DateOnly? ledgerAsOf = null)
    {
        w.WriteLine($"{company}: {(r.Set.IsHybrid ? "hybrid method (PWERM with an OPM scenario)" : "probability-weighted expected return method")}, valuation date {Format.Date(r.Set.ValuationDate)}, " +
                    (ledgerAsOf is { } l ? $"cap table as of {Format.Date(l)}, " : "") +
                    $"discount rate {EstimateFormat.Percent(r.Set.DiscountRate)} a year (years = days / 365).");
        var ids = r.ClassIds;
        var t = new TextTable([.. new[] { "Scenario", "Kind", "Probability", "Date", "Equity", "Discount factor" }, .. ids, "Clause"]).RightAlign([.. Enumerable.Range(2, ids.Count + 4)]);
        foreach (var s in r.Scenarios)
            t.Row([s.Scenario.Name, s.Scenario.Kind.ToString().ToLowerInvariant(), EstimateFormat.Percent(s.Scenario.Probability), Format.Date(s.Scenario.Date), Format.Money(s.Scenario.Equity),
                EstimateFormat.Number(s.DiscountFactor, 6), .. s.PresentValue.Select(EstimateFormat.Money), s.Clause]);
        t.Row(["weighted", "", "", "", "", "", .. r.Weighted.Select(EstimateFormat.Money), ""]);
        t.Row(["per share", "", "", "", "", "", .. Enumerable.Range(0, ids.Count).Select(c => EstimateFormat.PerShare(r.PerShare(c))), ""]);
        w.WriteLine("Present value per class in each scenario:");
        t.WriteTo(w);
    }

    private static void WriteDlom(TextWriter w, DlomResult d)
    {
        w.WriteLine($"{ReportDocument.DlomName(d.Method)}: DLOM {EstimateFormat.Percent(d.Discount)}");
        w.WriteLine($"  inputs: volatility {EstimateFormat.Percent(d.Volatility)}, term {d.Term.ToString(C)} years" + (d.Rate is { } r ? $", risk-free rate {EstimateFormat.Percent(r)}" : ""));
        w.WriteLine($"  formula: {d.Formula}");
        w.WriteLine($"  steps: {string.Join(", ", d.Steps.Select(s => $"{s.Name} = {EstimateFormat.Number(s.Value, 6)}"))}");
        w.WriteLine($"  source: {d.Citation}");
    }

    private static decimal Cents(decimal d) => decimal.Round(d, 2, MidpointRounding.AwayFromZero);

    // ---- JSON ----

    private static decimal J(double v) => EstimateFormat.ToDecimal(v, 6);

    internal static object OpmJson(string company, DateOnly? asOf, OpmResult r, BacksolveResult? b, MonteCarloResult? mc) => ValuationViews.Opm(company, asOf, r, b, mc);

    private static object PwermJson(PwermResult r) => new
    {
        valuationDate = r.Set.ValuationDate,
        discountRate = r.Set.DiscountRate,
        hybrid = r.Set.IsHybrid,
        classes = r.ClassIds,
        shares = r.Shares,
        scenarios = r.Scenarios.Select(s => new
        {
            name = s.Scenario.Name,
            kind = s.Scenario.Kind.ToString().ToLowerInvariant(),
            probability = s.Scenario.Probability,
            date = s.Scenario.Date,
            equity = s.Scenario.Equity,
            years = J(s.Years),
            discountFactor = J(s.DiscountFactor),
            payout = s.Payout.Select(J),
            presentValue = s.PresentValue.Select(J),
            clause = s.Clause,
        }),
        weighted = r.Weighted.Select(J),
        perShare = Enumerable.Range(0, r.ClassIds.Count).Select(c => J(r.PerShare(c))),
    };

    private static object DlomJson(DlomResult d) => new
    {
        method = d.Method,
        volatility = d.Volatility,
        term = d.Term,
        rate = d.Rate,
        discount = J(d.Discount),
        formula = d.Formula,
        steps = d.Steps.ToDictionary(s => s.Name, s => J(s.Value)),
        citation = d.Citation,
    };
}

/// <summary>A progress bar on stderr, drawn only when stderr is a terminal (never in tests or pipes).</summary>
internal sealed class ProgressBar : IDisposable
{
    private readonly TextWriter _w;
    private readonly long _total;
    private readonly string _label;
    private readonly Lock _gate = new();
    private int _shown = -1;

    private ProgressBar(TextWriter w, long total, string label)
    {
        _w = w;
        _total = total;
        _label = label;
    }

    public static ProgressBar? ForStderr(CliContext ctx, long total, string label) =>
        ReferenceEquals(ctx.Err, Console.Error) && !Console.IsErrorRedirected ? new ProgressBar(ctx.Err, total, label) : null;

    public void Report(long done)
    {
        var pct = (int)(100 * done / _total);
        lock (_gate)
        {
            if (pct <= _shown) return;
            _shown = pct;
            var filled = pct * 30 / 100;
            _w.Write($"\r{_label} [{new string('#', filled)}{new string('.', 30 - filled)}] {pct,3}%");
        }
    }

    public void Dispose()
    {
        lock (_gate) _w.Write("\r" + new string(' ', _label.Length + 38) + "\r");
    }
}
