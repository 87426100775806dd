using System.CommandLine;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Cli.Commands;

/// <summary>`charta demo`: the embedded charter executing against an illustrative, in-memory cap table.</summary>
public static class DemoCommand
{
    public static Command Demo(CliContext ctx)
    {
        var charter = Parse.Optional("--charter", $"An embedded charter id or a charter file (default {CharterLoader.DefaultCharterId}).");
        var chart = Parse.Optional("--chart", "Where to write the demo's waterfall chart (.png or .svg; default: charta-demo-waterfall.png in the temp folder).");
        var cmd = new Command("demo", "Run the charter on an illustrative in-memory company and print its cap table and waterfall. Writes nothing but the chart.") { charter, chart };
        cmd.SetAction(p =>
        {
            var (id, json) = CompanyCommands.ReadCharter(p.GetValue(charter) ?? CharterLoader.DefaultCharterId);
            var doc = CliContext.Require(CharterLoader.Load(json, id));
            var ledger = new CompanyLedger(new InMemoryEventStore(), ctx.Clock);
            var table = CliContext.Require(ledger.Append(IllustrativeCompany.Events(doc, json)));

            ctx.Out.WriteLine("ILLUSTRATIVE DEMO: the charter terms are real; the holders, dates and common figures are invented.");
            // The clauses are the charter's own (the first series' terms, the plan exclusion), the article said once.
            var first = doc.Series.FirstOrDefault();
            string Short(string c) => c.IndexOf('§', StringComparison.Ordinal) is > 0 and var i ? c[i..] : c;
            var fixedClause = first?.FixedShares.Clause;
            var oipClause = first?.OriginalIssuePrice.Clause;
            var planClause = doc.AntiDilution?.Exclusions.FirstOrDefault(x => x.Approval == "board")?.Clause;
            ctx.Out.WriteLine($"Every series is issued at its fixed number of shares{(fixedClause is null ? "" : $" ({fixedClause})")} at its Original Issue Price{(oipClause is null ? "" : $" ({Short(oipClause)})")},");
            ctx.Out.WriteLine($"with founders' common and a Board-approved option pool (excluded from anti-dilution{(planClause is null ? "" : $", {Short(planClause)}")}).");
            ctx.Out.WriteLine("No ledger is written; only the chart named at the end.");
            ctx.Out.WriteLine();
            CapTableView.From(table).WriteText(ctx.Out, table.Charter);
            LiquidationCommands.Demo(ctx, table, p.GetValue(chart));
            return Cli.Ok;
        });
        return cmd;
    }
}
