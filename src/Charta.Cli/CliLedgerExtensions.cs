using System.CommandLine;
using System.Globalization;
using Charta.Cli.Commands;
using Charta.Core;
using Charta.Core.Ledger;
using Charta.Core.Model;
using Charta.Ledger;

namespace Charta.Cli;

public static class CliLedgerExtensions
{
    public const string DryRunName = "--dry-run";
    public const string RestateName = "--restate";
    public const string JsonName = "--json";

    /// <summary>The --json every write verb takes: what was (or, with --dry-run, would be) recorded, as JSON instead of text.</summary>
    private sealed class RecordJsonOption() : Option<bool>(JsonName)
    {
    }

    /// <summary>
    /// Marks a verb as one that records: it takes <c>--dry-run</c> (decide and print, write nothing) and, for dated
    /// events, <c>--restate</c> (record a back-dated event with corrections of the stored outcomes it changes).
    /// </summary>
    public static Command Records(this Command cmd, bool restate = true)
    {
        cmd.Options.Add(new Option<bool>(DryRunName) { Description = "Decide and print what would be recorded and its effect; write nothing." });
        if (cmd.Options.All(o => o.Name != JsonName))
            cmd.Options.Add(new RecordJsonOption { Description = "Print what is recorded (with --dry-run: what would be) as JSON instead of text." });
        if (restate)
            cmd.Options.Add(new Option<bool>(RestateName)
            {
                Description = "If this back-dated event changes an outcome already recorded (common delivered, cash paid), record it with correction events instead of refusing.",
            });
        return cmd;
    }

    public static RecordOptions RecordOptions(this ParseResult p) =>
        new(DryRun: Flag(p, DryRunName), Restate: Flag(p, RestateName));

    public static bool IsDryRun(this ParseResult p) => Flag(p, DryRunName);

    private static bool Flag(ParseResult p, string name) =>
        p.CommandResult.Command.Options.Any(o => o.Name == name) && p.GetValue<bool>(name);

    /// <summary>
    /// Decides the events against the ledger and (unless --dry-run) writes them in one transaction; a refusal writes
    /// nothing. Prints what a dry run would record, and every correction a --restate adds, before the verb's own output.
    /// </summary>
    public static Decision Record(this CliContext ctx, ParseResult p, params LedgerEvent[] events) =>
        ctx.Record(p, _ => events, quiet: false);

    /// <summary>As <see cref="Record(CliContext, ParseResult, LedgerEvent[])"/>, the events decided against the state inside the write transaction.</summary>
    public static Decision Record(this CliContext ctx, ParseResult p, Func<CapTable, IReadOnlyList<LedgerEvent>> command, bool quiet)
    {
        var ledger = ctx.OpenLedger(p);
        using var _ = ledger.Store;
        var options = p.RecordOptions();
        var decision = CliContext.Require(ledger.Record(t => Result.Ok(command(t)), options));
        if (p.CommandResult.Command.Options.OfType<RecordJsonOption>().FirstOrDefault() is { } json && p.GetValue(json))
        {
            ctx.WriteJson(new
            {
                dryRun = options.DryRun,
                recorded = decision.Recorded.Select(r => new
                {
                    sequence = r.Sequence,
                    date = r.Event.IsRegistry ? null : Output.Format.Date(r.Date),
                    type = EventCatalog.NameOf(r.Event).Name,
                    version = EventCatalog.NameOf(r.Event).Version,
                    description = CapTableCommands.Describe(r.Event),
                    payload = (object)r.Event,
                }),
            });
            ctx.MuteText();
            return decision;
        }

        if (!quiet) ctx.Report(decision, options.DryRun);
        return decision;
    }

    /// <summary>The dry-run notice and the corrections, one line per event as `charta log` shows it.</summary>
    public static void Report(this CliContext ctx, Decision decision, bool dryRun)
    {
        if (dryRun)
        {
            ctx.Out.WriteLine("Dry run: nothing was recorded. Would record:");
            foreach (var r in decision.Recorded) ctx.Out.WriteLine("  " + Line(r));
            ctx.Out.WriteLine("Had it been recorded:");
            return;
        }

        if (decision.Lapses.Count > 0)
        {
            // docs/interpretations.md, "Expired instruments": not outstanding after the expiry date, so the expiry is recorded.
            ctx.Out.WriteLine("Recorded with it: the expiry of each instrument that lapsed unexercised before its date:");
            foreach (var r in decision.Lapses) ctx.Out.WriteLine("  " + Line(r));
        }

        if (decision.Corrections.Any())
        {
            ctx.Out.WriteLine("Restated: the back-dated event changes outcomes already recorded; recording these corrections with it:");
            foreach (var r in decision.Corrections) ctx.Out.WriteLine("  " + Line(r));
        }
    }

    private static string Line(RecordedEvent r) =>
        $"#{r.Sequence.ToString(CultureInfo.InvariantCulture)} {(r.Event.IsRegistry ? "-" : Output.Format.Date(r.Date))} {EventCatalog.NameOf(r.Event).Name}: {CapTableCommands.Describe(r.Event)}";

    /// <summary>Validates the events against the ledger and writes them in one transaction; a refusal writes nothing.</summary>
    public static CapTable Append(this CliContext ctx, ParseResult p, params LedgerEvent[] events) => ctx.Record(p, events).State;

    /// <summary>The cap table as of a date (null: every event).</summary>
    public static CapTable Read(this CliContext ctx, ParseResult p, DateOnly? asOf)
    {
        var ledger = ctx.OpenLedger(p);
        using var _ = ledger.Store;
        return ctx.Load(ledger, asOf);
    }

    /// <summary>
    /// A citation for a CLI sentence from the charter in use (its clause look-up, Core's <see cref="Core.Charter.ClauseLookup"/>):
    /// " (CLAUSE)" or, when the charter names none, nothing.
    /// </summary>
    public static string Cited(Core.Charter.CharterDocument charter, string? anchor, string path = "", int up = 0, string prefix = " (", string suffix = ")") =>
        Core.Charter.ClauseLookup.Near(charter, anchor, path, up) is { } c ? prefix + c + suffix : "";

    /// <summary>One line per series: the conversion price in effect, after a verb that may have moved it.</summary>
    public static void WriteConversionPrices(this CliContext ctx, CapTable table)
    {
        foreach (var s in table.Charter.Series)
            ctx.Out.WriteLine($"  {s.Id,-4} {Output.Format.Price(table.ConversionPrice(s.Id))}");
    }

    /// <summary>All recorded events in fold order, each with its chain hash and who recorded it.</summary>
    public static IReadOnlyList<RecordedEvent> EventsWithIntegrity(this CliContext ctx, ParseResult p)
    {
        var ledger = ctx.OpenLedger(p);
        using var _ = ledger.Store;
        return LedgerOrder.Sort(ledger.Store.ReadAll(withIntegrity: true));
    }

    /// <summary>All recorded events, in fold order.</summary>
    public static IReadOnlyList<RecordedEvent> Events(this CliContext ctx, ParseResult p)
    {
        var ledger = ctx.OpenLedger(p);
        using var _ = ledger.Store;
        return LedgerOrder.Sort(ledger.Events());
    }

    /// <summary>The base of a modelled round: from the ledger's snapshot and the events after it where there is one.</summary>
    public static ModelBase ModelBase(this CliContext ctx, ParseResult p, DateOnly? asOf)
    {
        var ledger = ctx.OpenLedger(p);
        using var _ = ledger.Store;
        return CliContext.Require(LedgerModelBase.Of(ledger, asOf));
    }
}
