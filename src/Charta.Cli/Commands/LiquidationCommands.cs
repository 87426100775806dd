using System.CommandLine;
using System.Globalization;
using Charta.Charts;
using Charta.Cli.Output;
using Charta.Core;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;

namespace Charta.Cli.Commands;

/// <summary>`charta waterfall`, `charta breakpoints`, `charta chart waterfall`, `charta merger`: FOURTH §4.</summary>
public static class LiquidationCommands
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static IEnumerable<Command> All(CliContext ctx) => [Waterfall(ctx), Breakpoints(ctx), Chart(ctx), Merger(ctx), MergerClose(ctx)];

    public static Command Waterfall(CliContext ctx)
    {
        var exit = Parse.Required("--exit", "The amount distributed (assets legally available), in dollars and cents.");
        var asOf = Parse.Optional("--as-of", "Fold the ledger to this date YYYY-MM-DD (default: today); shown in the output.");
        var by = new Option<string>("--by") { Description = "Show payouts by class (default) or also by holder.", DefaultValueFactory = _ => "class" };
        by.AcceptOnlyFromAmong("class", "holder");
        var explain = new Option<bool>("--explain") { Description = "Print each step's figure with its clause." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var dividends = DividendsOnConversionOption();
        var cmd = new Command("waterfall", "Who gets what at an exit of $X: the liquidation preferences with the holders' conversion choices.") { exit, asOf, by, explain, dividends, json };
        cmd.SetAction(p =>
        {
            var amount = Parse.Money(p, exit);
            var table = ctx.Read(p, Parse.OptionalDate(p, asOf) ?? ctx.Today);
            var result = CliContext.Require(Core.Liquidation.Waterfall.Solve(LiquidationModel.From(table, p.GetValue(dividends)), amount));
            if (p.GetValue(json)) return ctx.WriteJson(WaterfallJson(result, p.GetValue(explain)));
            WriteWaterfall(ctx.Out, result, p.GetValue(by) == "holder", p.GetValue(explain));
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command Breakpoints(CliContext ctx)
    {
        var asOf = Parse.Optional("--as-of", "Fold the ledger to this date YYYY-MM-DD (default: today); shown in the output.");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var dividends = DividendsOnConversionOption();
        var cmd = new Command("breakpoints", "The exit values where the allocation changes slope, and each tranche's split of a marginal dollar.") { asOf, dividends, json };
        cmd.SetAction(p =>
        {
            var on = Parse.OptionalDate(p, asOf) ?? ctx.Today;
            var curve = PayoutCurve.Build(LiquidationModel.From(ctx.Read(p, on), p.GetValue(dividends)));
            var tranches = curve.Tranches();
            if (p.GetValue(json))
                return ctx.WriteJson(LedgerViews.Breakpoints(curve));
            var bt = new TextTable("Exit", "Event", "Clause").RightAlign(0);
            foreach (var b in curve.Breakpoints) bt.Row(Format.Money(Cents(b.Exit)), b.Event, b.Clause);
            ctx.Out.WriteLine($"Breakpoints as of {Format.Date(on)} (exit rounded to the cent for display; exact in --json):");
            bt.WriteTo(ctx.Out);
            ctx.Out.WriteLine();
            ctx.Out.WriteLine("Tranches: share of each marginal dollar, by class:");
            var ids = curve.ClassIds;
            var tt = new TextTable([.. new[] { "From", "To" }, .. ids]).RightAlign([.. Enumerable.Range(0, ids.Count + 2)]);
            foreach (var t in tranches)
                tt.Row([Format.Money(Cents(t.From)), t.To is { } to ? Format.Money(Cents(to)) : "and above", .. ids.Select(id => Percent(t.Shares[id]))]);
            tt.WriteTo(ctx.Out);
            return Cli.Ok;
        });
        return cmd;
    }

    /// <summary>The switch for declared and unpaid dividends of a series that converts (default: the charter's, else owed).</summary>
    private static Option<string?> DividendsOnConversionOption()
    {
        var o = new Option<string?>("--dividends-on-conversion")
        {
            Description = "Declared, unpaid dividends of a series that converts: owed-to-holders-of-record (default) or forfeited (default: the charter's).",
        };
        o.AcceptOnlyFromAmong(ConvertedDividends.Readings);
        return o;
    }

    public static Command Chart(CliContext ctx)
    {
        var max = Parse.Required("--max", "The largest exit value on the chart, in dollars.");
        var output = Parse.Required("--out", "The file to write: FILE.png or FILE.svg.");
        var stacked = new Option<bool>("--stacked") { Description = "Stack the classes' payouts (they add up to the exit)." };
        var asOf = Parse.Optional("--as-of", "Fold the ledger to this date YYYY-MM-DD (default: today); shown in the output.");
        var waterfall = new Command("waterfall", "Chart each class's payout against the exit value, breakpoints marked.") { max, output, stacked, asOf };
        waterfall.SetAction(p =>
        {
            var m = Parse.Money(p, max);
            if (m <= 0) throw Parse.Refuse("--max", p.GetValue(max)!, "must be positive");
            var path = Parse.Text(p, output);
            if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
                throw Parse.Refuse("--out", path, "must end in .png or .svg");
            var date = Parse.OptionalDate(p, asOf) ?? ctx.Today;
            var table = ctx.Read(p, date);
            var curve = PayoutCurve.Build(LiquidationModel.From(table));
            WaterfallChart.Write(curve, m, path, p.GetValue(stacked), ChartTitle(table, date, p.GetValue(stacked)));
            ctx.Out.WriteLine($"Wrote {path} ({(p.GetValue(stacked) ? "stacked" : "per class")}, exits $0 to {Format.Money(m)}, {curve.Breakpoints.Count} breakpoints marked).");
            return Cli.Ok;
        });
        return new Command("chart", "Charts.") { waterfall };
    }

    public static string ChartTitle(CapTable table, DateOnly asOf, bool stacked) =>
        $"{table.Charter.Company}: liquidation payout {(stacked ? "(stacked)" : "by class")}, as of {Format.Date(asOf)}";

    /// <summary>The transaction `merger` assesses and `merger-close` records: its options and the assessment.</summary>
    private sealed class MergerInputs
    {
        public readonly Option<string> Closing = Parse.Required("--closing", "The closing date YYYY-MM-DD.");
        public readonly Option<string> Cash = Parse.Required("--cash", "Cash consideration, in dollars.");
        public readonly Option<string[]> Security = new("--security")
        {
            Description = "Non-cash consideration: NAME,SHARES,market=exchange|otc|none,prices=FILE|fmv=V[,discount=PCT][,approval=TEXT] (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        public readonly Option<string> Retained = Parse.Required("--retained-voting", "Percentage of the survivor's (or buyer's) voting equity the pre-transaction holders keep.");
        public readonly Option<string?> Meeting = Parse.Optional("--meeting", "Date of the stockholders' meeting called to approve the transaction.");
        public readonly Option<string?> First = Parse.Optional("--first-notice", "Date the first notice of the transaction was given to the holders of preferred.");
        public readonly Option<string[]> Change = new("--material-change") { Description = "Date a notice of material changes was given (repeatable)." };
        public readonly Option<bool> Consent = new("--shortened-by-consent")
        {
            Description = "The notice periods were shortened by the written consent the charter allows (an input, not checked here).",
        };

        public IEnumerable<Option> All => [Closing, Cash, Security, Retained, Meeting, First, Change, Consent];

        public DateOnly ClosingDate(ParseResult p) => Parse.Date(p, Closing);

        /// <summary>The charter's deemed-liquidation clause applied to the transaction on <paramref name="table"/>.</summary>
        public MergerReport Assess(ParseResult p, CapTable table)
        {
            var pct = Percent(p.GetValue(Retained)!);
            var securities = (p.GetValue(Security) ?? []).Select(SecuritySpec).ToArray();
            var changes = (p.GetValue(Change) ?? []).Select(t => Parse.Date("--material-change", t)).ToArray();
            return CliContext.Require(DeemedLiquidation.Assess(table, Parse.Money(p, Cash), securities, pct, ClosingDate(p),
                Parse.OptionalDate(p, Meeting), Parse.OptionalDate(p, First), changes, p.GetValue(Consent)));
        }
    }

    public static Command Merger(CliContext ctx)
    {
        var m = new MergerInputs();
        var asOf = Parse.Optional("--as-of", "Fold the ledger to this date (default: the closing date).");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("merger", "A merger, consolidation or asset sale under the charter's deemed-liquidation clause: is it a liquidation, what is the consideration worth, do the notices comply, and the waterfall (records nothing; 'merger-close' records the closing).");
        foreach (var o in m.All) cmd.Options.Add(o);
        cmd.Options.Add(asOf);
        cmd.Options.Add(json);
        cmd.SetAction(p =>
        {
            var table = ctx.Read(p, Parse.OptionalDate(p, asOf) ?? m.ClosingDate(p));
            var report = m.Assess(p, table);
            if (p.GetValue(json))
                return ctx.WriteJson(new
                {
                    deemedLiquidation = report.Retention.IsDeemedLiquidation,
                    retainedVotingPercent = report.Retention.RetainedPercent,
                    reason = report.Retention.Reason,
                    clause = report.Retention.Clause,
                    consideration = new
                    {
                        cash = report.Cash,
                        securities = report.Securities,
                        total = report.TotalConsideration,
                    },
                    notices = new
                    {
                        complies = report.Notices.Complies,
                        shortenedByConsent = report.Notices.ShortenedByConsent,
                        checks = report.Notices.Checks,
                    },
                    status = report.Status,
                    waterfall = report.Waterfall is { } w ? WaterfallJson(w, false) : null,
                });
            WriteMerger(ctx.Out, report);
            return Cli.Ok;
        });
        return cmd;
    }

    /// <summary>
    /// `charta merger-close`: records the closing of a transaction the charter deems a liquidation, after the same
    /// assessment as `merger` (a deemed liquidation whose notices comply), with the approval and the preferred's consent
    /// the charter's merger covenant requires. What each holder is paid is stored in the event.
    /// </summary>
    public static Command MergerClose(CliContext ctx)
    {
        var m = new MergerInputs();
        var approval = Parse.Required("--approval", "The record of the Board's and the stockholders' approval, e.g. 'Board 2026-01-05; stockholders 2026-02-01'.");
        var equity = Parse.Optional("--retained-equity", "For the merger covenant's exemption, where the charter has one: the fraction n/d of the survivor's outstanding equity (preferred as converted) the stockholders keep.");
        var consent = Parse.Optional("--consent", "The preferred's consent the charter needs: a consents file (CSV holder[,shares][,votes] or JSON) or 'RECORD: holder[=shares]; …'.");
        var cmd = new Command("merger-close", "Record the closing of a merger, consolidation or asset sale the charter deems a liquidation: the consideration is distributed by the waterfall and each holder's payout stored; nothing may be dated later.");
        foreach (var o in m.All) cmd.Options.Add(o);
        cmd.Options.Add(approval);
        cmd.Options.Add(equity);
        cmd.Options.Add(consent);
        cmd.Records(restate: false);
        cmd.SetAction(p =>
        {
            var day = m.ClosingDate(p);
            var decision = ctx.Record(p, table =>
            {
                var report = m.Assess(p, table);
                if (report.Waterfall is null) throw Parse.Refuse("--closing", Format.Date(day), report.Status);
                return [new DeemedLiquidationClosed(day, report.TotalConsideration, Parse.Text(p, approval),
                    p.GetValue(equity) is { } f ? Parse.Text("--retained-equity", f) : null, GovernanceCommands.ConsentOption(p, consent))];
            }, quiet: false);
            var e = (DeemedLiquidationClosed)decision.Recorded[0].Event;
            ctx.Out.WriteLine($"Closed the deemed liquidation on {Format.Date(e.Date)}: {Format.Money(e.Consideration)} distributed to {e.Payouts?.Count ?? 0} holders"
                              + (e.Consent is { } c ? $", with the consent of {string.Join(", ", c.Holders.Select(h => h.Holder))} ({c.Text})." : "."));
            foreach (var h in e.Payouts ?? []) ctx.Out.WriteLine($"  {h.Holder}: {Format.Money(h.Total)}");
            return Cli.Ok;
        });
        return cmd;
    }

    private static decimal Percent(string text)
    {
        var t = text.Trim().TrimEnd('%');
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint, C, out var d))
            throw Parse.Refuse("--retained-voting", text, "must be a percentage such as 50.01");
        return d;
    }

    /// <summary>NAME,SHARES,market=exchange|otc|none,prices=FILE|fmv=V[,discount=PCT][,approval=TEXT].</summary>
    private static SecurityConsideration SecuritySpec(string spec)
    {
        var parts = spec.Split(',');
        if (parts.Length < 3) throw Parse.Refuse("--security", spec, "expected NAME,SHARES,market=exchange|otc|none,prices=FILE|fmv=V[,discount=PCT][,approval=TEXT]");
        var name = parts[0].Trim();
        var shares = Parse.Shares("--security shares", parts[1].Trim());
        MarketKind? market = null;
        IReadOnlyList<DailyPrice>? prices = null;
        decimal? fmv = null;
        decimal discount = 0m;
        string? approval = null;
        foreach (var kv in parts.Skip(2))
        {
            var i = kv.IndexOf('=');
            if (i <= 0) throw Parse.Refuse("--security", kv, "expected KEY=VALUE");
            var key = kv[..i].Trim();
            var value = kv[(i + 1)..].Trim();
            switch (key)
            {
                case "market":
                    market = value switch
                    {
                        "exchange" => MarketKind.Exchange,
                        "otc" => MarketKind.OverTheCounter,
                        "none" => MarketKind.None,
                        _ => throw Parse.Refuse("--security market", value, "must be exchange, otc or none"),
                    };
                    break;
                case "prices":
                    if (!File.Exists(value)) throw Parse.Refuse("--security prices", value, "no such file");
                    prices = CliContext.Require(DeemedLiquidation.ParsePrices(File.ReadAllText(value), value));
                    break;
                case "fmv":
                    fmv = Parse.Money("--security fmv", value);
                    break;
                case "discount":
                    discount = Parse.Money("--security discount", value.TrimEnd('%'));
                    break;
                case "approval":
                    approval = value;
                    break;
                default:
                    throw Parse.Refuse("--security", key, "unknown key: use market, prices, fmv, discount or approval");
            }
        }

        if (market is null) throw Parse.Refuse("--security", spec, "market=exchange|otc|none is required");
        return new SecurityConsideration(name, shares, market.Value, prices, fmv, approval, discount);
    }

    internal static object WaterfallJson(WaterfallResult r, bool explain) => LedgerViews.Waterfall(r, explain);

    internal static void WriteWaterfall(TextWriter w, WaterfallResult r, bool byHolder, bool explain)
    {
        w.WriteLine($"{r.Company}: liquidation waterfall at an exit of {Format.Money(r.Exit)}" + (r.AsOf is { } d ? $", as of {Format.Date(d)}" : ""));
        w.WriteLine($"Common receives {Format.Money(Cents(r.CommonPricePerShare))} per share (exact: {r.CommonPricePerShare.ToString(C)}).");
        var t = new TextTable("Class", "Decision", "Shares", "As converted", "Per share", "Total", "Clause").RightAlign(2, 3, 4, 5);
        foreach (var c in r.Classes)
            t.Row(c.Id, c.Decision, Format.Shares(c.Shares), Format.Shares(c.AsConvertedShares), Format.Price(decimal.Round(c.PerShare, 4, MidpointRounding.AwayFromZero)), Format.Money(c.Total), c.Clause);
        if (r.Options.Count > 0)
        {
            var shares = r.Options.Sum(o => o.Shares);
            t.Row(LiquidationModel.OptionsClassId, r.Options.Any(o => o.Exercised) ? "exercise" : "out-of-the-money", Format.Shares(shares), Format.Shares(shares),
                Format.Price(decimal.Round(shares == 0 ? 0 : r.Options.Sum(o => o.Exact) / shares, 4, MidpointRounding.AwayFromZero)), Format.Money(r.Options.Sum(o => o.Total)), r.Classes[0].Clause + " (spread)");
        }

        t.Row("total", "", "", "", "", Format.Money(r.Classes.Sum(c => c.Total) + r.Options.Sum(o => o.Total)), "");
        t.WriteTo(w);
        if (r.Fractions.Count > 0)
        {
            // The fraction of a share each converting holder cannot receive is paid in cash at the common price, out of
            // the same proceeds; it is inside the totals above.
            w.WriteLine($"Fractional shares, paid in cash at {Format.Money(Cents(r.CommonPricePerShare))} per share, per holder ({r.Fractions[0].Clause}; included above):");
            var ft = new TextTable("Holder", "Common (exact)", "Whole shares", "Fraction", "Cash").RightAlign(1, 2, 3, 4);
            foreach (var f in r.Fractions)
                ft.Row(f.Holder, f.ExactCommon.ToString("#,0.######", C), Format.Shares(f.WholeShares), f.Fraction.ToString("0.######", C), Format.Money(f.Cash));
            ft.WriteTo(w);
        }
        if (byHolder)
        {
            w.WriteLine();
            var h = new TextTable("Holder", "Total").RightAlign(1);
            foreach (var x in r.Holders) h.Row(x.Holder, Format.Money(x.Total));
            h.WriteTo(w);
        }

        if (explain)
        {
            w.WriteLine();
            w.WriteLine("How (each figure with its clause):");
            var e = new TextTable("Step", "Figure", "Clause").RightAlign(1);
            foreach (var s in r.Steps) e.Row(s.Step, Format.Exact(s.Amount), s.Clause);
            e.WriteTo(w);
        }
    }

    private static void WriteMerger(TextWriter w, MergerReport r)
    {
        w.WriteLine($"Deemed liquidation? {(r.Retention.IsDeemedLiquidation ? "YES" : "NO")}: {r.Retention.Reason} ({r.Retention.Clause})");
        w.WriteLine();
        var valuation = r.Clause;
        w.WriteLine($"Consideration ({valuation}):");
        var t = new TextTable("Piece", "Shares", "Method", "Window", "Per share", "Value", "Clause").RightAlign(1, 4, 5);
        t.Row("cash", "", "cash", "", "", Format.Money(r.Cash), r.Clause);
        foreach (var s in r.Securities)
            t.Row(s.Name, Format.Shares(s.Shares), s.Method, s.WindowStart is { } a ? $"{Format.Date(a)}..{Format.Date(s.WindowEnd)}" : "-",
                Format.Price(decimal.Round(s.PricePerShare, 4, MidpointRounding.AwayFromZero)), Format.Money(s.Value), s.Clause);
        t.Row("total", "", "", "", "", Format.Money(r.TotalConsideration), "");
        t.WriteTo(w);
        w.WriteLine();
        w.WriteLine($"Notices ({r.Notices.Checks.FirstOrDefault()?.Clause ?? "the charter's notice terms"}): {(r.Notices.Complies ? "comply" : "DO NOT COMPLY")}" + (r.Notices.ShortenedByConsent ? " (periods shortened by consent of a majority of the preferred voting power)" : ""));
        var n = new TextTable("Rule", "Required", "Actual", "Met").RightAlign();
        foreach (var c in r.Notices.Checks)
            n.Row(c.Rule, (c.Rule.StartsWith("First notice", StringComparison.Ordinal) ? "by " : "on or after ") + Format.Date(c.Required), Format.Date(c.Actual), c.Met ? (c.Shortened ? "yes (shortened)" : "yes") : "NO");
        n.WriteTo(w);
        w.WriteLine("  The holders of preferred must also be notified in writing of the final approval of the transaction.");
        w.WriteLine();
        w.WriteLine($"Status: {r.Status}.");
        if (r.Waterfall is { } wf)
        {
            w.WriteLine();
            WriteWaterfall(w, wf, byHolder: false, explain: false);
        }
    }

    /// <summary>`charta demo`: the waterfall at a few exits and the chart (FOURTH §4).</summary>
    internal static void Demo(CliContext ctx, CapTable table, string? chartPath)
    {
        var model = LiquidationModel.From(table);
        foreach (var exit in new[] { 50_000_000m, 100_000_000m, 250_000_000m, 1_000_000_000m })
        {
            ctx.Out.WriteLine();
            WriteWaterfall(ctx.Out, CliContext.Require(Core.Liquidation.Waterfall.Solve(model, exit)), byHolder: false, explain: false);
        }

        var path = chartPath ?? Path.Combine(Path.GetTempPath(), "charta-demo-waterfall.png");
        var curve = PayoutCurve.Build(model);
        WaterfallChart.Write(curve, 500_000_000m, path, stacked: false, ChartTitle(table, ctx.Today, stacked: false) + " (illustrative)");
        ctx.Out.WriteLine();
        ctx.Out.WriteLine($"Wrote the waterfall chart (exits $0 to $500,000,000.00, {curve.Breakpoints.Count} breakpoints marked) to {path}");
    }

    private static decimal Cents(decimal d) => decimal.Round(d, 2, MidpointRounding.AwayFromZero);

    private static string Percent(decimal f) => f == 0 ? "-" : decimal.Round(f * 100m, 4, MidpointRounding.AwayFromZero).ToString("0.####", C) + "%";
}
