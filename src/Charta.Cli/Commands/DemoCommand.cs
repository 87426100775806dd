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
            ctx.Out.WriteLine("Every series is issued at its fixed number of shares (FOURTH §2) at its Original Issue Price (§4(a)(i)),");
            ctx.Out.WriteLine("with founders' common and a Board-approved option pool (excluded from anti-dilution, §6(d)(i)(D)(2)).");
            ctx.Out.WriteLine("No ledger is written; only the chart named at the end.");
            ctx.Out.WriteLine();
            CapTableView.From(table).WriteText(ctx.Out);
            LiquidationCommands.Demo(ctx, table, p.GetValue(chart));
            return Cli.Ok;
        });
        return cmd;
    }
}
